import { useState, type FormEvent } from 'react';
import type { StaffUser } from '@lookout/shared';
import { api, ApiError } from '../api/ApiClient';

export function SignInPage({ onSignedIn }: { onSignedIn: (user: StaffUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.signIn({ username, password }));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'User name or password is wrong.' : String(err));
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
