import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '@lookout/shared';
import { api, ApiError } from '../api/ApiClient';

/** Sign-in: name and password, then the authenticator code when the account has a second factor. */
export function SignInPage({ onSignedIn }: { onSignedIn: (user: SessionInfo) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.signIn({ username, password, ...(needsCode ? { code } : {}) }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'second-factor-required') {
        setNeedsCode(true);
      } else if (err instanceof ApiError && err.code === 'invalid-credentials') {
        setError('User name or password is wrong.');
        setNeedsCode(false);
        setCode('');
      } else {
        setError(err instanceof ApiError ? `${err.message[0]?.toUpperCase()}${err.message.slice(1)}.` : String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} className="sign-in__form" aria-label="Sign in">
        <h1>Lookout</h1>
        <p className="muted">Sign in with your staff account.</p>
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {needsCode && (
          <label>
            Code from your authenticator app
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
              autoFocus
              required
            />
          </label>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
