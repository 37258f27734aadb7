import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { StaffRole, type StaffAccount, type StaffSecuritySettings } from '@lookout/shared';
import { api, ApiError } from '../api/ApiClient';

const ROLES = StaffRole.options;
const sentence = (err: unknown) =>
  err instanceof ApiError ? `${err.message[0]?.toUpperCase()}${err.message.slice(1)}.` : String(err);

/** Admins: staff accounts (create, role, disable, reset password or second factor) and the second-factor rule. */
export function UsersPage() {
  const [accounts, setAccounts] = useState<StaffAccount[]>([]);
  const [security, setSecurity] = useState<StaffSecuritySettings | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [draft, setDraft] = useState({ username: '', password: '', role: 'teacher' as StaffRole, mustChange: true });

  const load = useCallback(() => {
    api.users().then(setAccounts, (err: unknown) => setMessage(sentence(err)));
    api.staffSecurity().then(setSecurity, (err: unknown) => setMessage(sentence(err)));
  }, []);
  useEffect(load, [load]);

  /** Runs a change and says how it went; true if it was made. */
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setMessage(undefined);
    try {
      await work();
      setMessage(`${done} (recorded in the audit log).`);
      load();
      return true;
    } catch (err) {
      setMessage(sentence(err));
      return false;
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(
      () =>
        api.createUser({
          username: draft.username,
          password: draft.password,
          role: draft.role,
          mustChangePassword: draft.mustChange,
        }),
      `Created ${draft.username}`,
    ).then((made) => made && setDraft({ ...draft, username: '', password: '' }));
  };

  return (
    <section className="settings">
      <h2>Users</h2>
      {message && <p role="status">{message}</p>}
      <table className="activity">
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>Status</th>
            <th>Second factor</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} data-testid={`user-${a.username}`}>
              <td>{a.username}</td>
              <td>
                <select
                  aria-label={`Role of ${a.username}`}
                  value={a.role}
                  onChange={(e) =>
                    void act(
                      () => api.setRole(a.id, e.target.value as StaffRole),
                      `${a.username} is now ${e.target.value}`,
                    )
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{a.disabled ? 'disabled' : a.mustChangePassword ? 'must change password' : 'active'}</td>
              <td>{a.secondFactor ? 'on' : 'off'}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () => api.setDisabled(a.id, !a.disabled),
                      `${a.username} ${a.disabled ? 'enabled' : 'disabled'}`,
                    )
                  }
                >
                  {a.disabled ? 'Enable' : 'Disable'}
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    const temporary = window.prompt(`Temporary password for ${a.username} (12 characters or more)`);
                    if (temporary)
                      void act(() => api.resetPassword(a.id, temporary), `Password of ${a.username} reset`);
                  }}
                >
                  Reset password
                </button>{' '}
                {a.secondFactor && (
                  <button
                    type="button"
                    onClick={() =>
                      void act(() => api.resetSecondFactor(a.id), `Second factor of ${a.username} removed`)
                    }
                  >
                    Remove second factor
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>New user</h3>
      <form onSubmit={create} aria-label="New user">
        <label>
          User name
          <input value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} required />
        </label>
        <label>
          Role
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as StaffRole })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Initial password
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            required
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.mustChange}
            onChange={(e) => setDraft({ ...draft, mustChange: e.target.checked })}
          />{' '}
          They choose their own password at first sign-in
        </label>
        <button type="submit">Create user</button>
      </form>

      {security && (
        <>
          <h3>Second factor</h3>
          <label>
            <input
              type="checkbox"
              checked={security.requireSecondFactor}
              onChange={(e) =>
                void act(
                  () => api.saveStaffSecurity({ requireSecondFactor: e.target.checked }),
                  'Second-factor rule saved',
                )
              }
            />{' '}
            Require a second factor (authenticator app) for admins and DSLs
          </label>
          <p className="muted">Set up your own first, on the Account page.</p>
        </>
      )}
    </section>
  );
}
