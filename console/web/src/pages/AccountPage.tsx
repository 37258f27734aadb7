import { useEffect, useState } from 'react';
import type { DslGrant, SessionInfo } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { describeDslGrant } from '../components/describeDslGrant';
import { ChangePasswordForm, SecondFactorSetup } from './AccountSetupPage';

/** The signed-in user's own password and second factor. */
export function AccountPage({ user, onUpdated }: { user: SessionInfo; onUpdated: (user: SessionInfo) => void }) {
  const [message, setMessage] = useState<string | undefined>();
  const [grants, setGrants] = useState<DslGrant[] | undefined>();
  useEffect(() => {
    if (user.role === 'dsl' || user.role === 'admin') api.dslGrants().then(setGrants, () => setGrants(undefined));
  }, [user.role]);
  const updated = (done: string) => (next: SessionInfo) => {
    setMessage(done);
    onUpdated(next);
  };
  return (
    <section className="settings">
      <h2>Your account</h2>
      {message && <p role="status">{message}</p>}
      <h3>Password</h3>
      <ChangePasswordForm onChanged={updated('Password changed; your other sessions were signed out.')} />
      <h3>Second factor</h3>
      {user.secondFactor ? (
        <p>An authenticator app is set up: sign-in asks for its code.</p>
      ) : (
        <SecondFactorSetup onDone={updated('Second factor set up.')} />
      )}
      {grants && (
        <>
          <h3>Who was given the DSL role, and resets of DSL accounts</h3>
          <ul>
            {grants.map((g) => (
              <li key={`${g.username}-${g.at}`}>
                {new Date(g.at).toLocaleString()}: {describeDslGrant(g)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
