import { useState, type FormEvent } from 'react';
import type { SecondFactorEnrolment, SessionInfo } from '@lookout/shared';
import { api, ApiError } from '../api/ApiClient';

const sentence = (err: unknown) =>
  err instanceof ApiError ? `${err.message[0]?.toUpperCase()}${err.message.slice(1)}.` : String(err);

/** Choose a new password (own choice, or after an admin's reset). */
export function ChangePasswordForm({ onChanged }: { onChanged: (user: SessionInfo) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      onChanged(await api.changePassword(current, next));
    } catch (err) {
      setError(sentence(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="sign-in__form" aria-label="Change password">
      <label>
        Current password
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
      </label>
      <label>
        New password
        <input
          type="password"
          autoComplete="new-password"
          minLength={12}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
      </label>
      <p className="muted">At least 12 characters; three or more random words work well.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">Change password</button>
    </form>
  );
}

/** Set up a TOTP second factor: show the secret for the app, then confirm a code from it. */
export function SecondFactorSetup({ onDone }: { onDone: (user: SessionInfo) => void }) {
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | undefined>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const start = async () => {
    setError(undefined);
    try {
      setEnrolment(await api.beginSecondFactor());
    } catch (err) {
      setError(sentence(err));
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      onDone(await api.confirmSecondFactor(code));
    } catch (err) {
      setError(sentence(err));
    }
  };
  return (
    <div className="sign-in__form">
      {!enrolment ? (
        <button type="button" onClick={() => void start()}>
          Set up a second factor
        </button>
      ) : (
        <form onSubmit={(e) => void confirm(e)} aria-label="Confirm second factor">
          <p>
            In your authenticator app, add an account with this key (or open the link on your phone):{' '}
            <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <p>
            <a href={enrolment.uri}>Open in authenticator app</a>
          </p>
          <label>
            Code from the app
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
              required
            />
          </label>
          <button type="submit">Confirm</button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** What a signed-in user must do before anything else: a new password, or a second factor the school requires. */
export function AccountSetupPage({
  user,
  onUpdated,
  onSignOut,
}: {
  user: SessionInfo;
  onUpdated: (user: SessionInfo) => void;
  onSignOut: () => void;
}) {
  return (
    <main className="sign-in">
      <section aria-label="Account setup">
        <h1>Lookout</h1>
        {user.mustChangePassword ? (
          <>
            <p>Your password was reset. Choose a new one to carry on.</p>
            <ChangePasswordForm onChanged={onUpdated} />
          </>
        ) : (
          <>
            <p>The school requires a second factor for the {user.role} role. Set one up to carry on.</p>
            <SecondFactorSetup onDone={onUpdated} />
          </>
        )}
        <p>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </section>
    </main>
  );
}
