import { useEffect, useState } from 'react';
import { api, type AuditEntry } from '../api/ApiClient';

/** The append-only audit log, read-only here as everywhere. */
export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [action, setAction] = useState('');
  useEffect(() => {
    void api.audit(action ? { action, limit: '500' } : { limit: '500' }).then(setEntries);
  }, [action]);
  return (
    <section>
      <header className="page-head">
        <h2>Audit log</h2>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">all</option>
            <option value="evidence.">evidence</option>
            <option value="case.">cases</option>
            <option value="alert.">alerts</option>
            <option value="keyword-">keyword libraries</option>
            <option value="settings.">settings</option>
            <option value="command.">commands</option>
          </select>
        </label>
      </header>
      <table className="activity" data-testid="audit">
        <thead>
          <tr>
            <th>Time</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td>{new Date(e.at).toLocaleString('en-GB')}</td>
              <td>{e.actor ?? 'system'}</td>
              <td>{e.action}</td>
              <td className="mono">{e.target ?? ''}</td>
              <td className="mono">
                <Details details={e.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Long details (a library's full diff) fold away behind their first few hundred characters. */
function Details({ details }: { details: Record<string, unknown> }) {
  const text = JSON.stringify(details);
  if (text.length <= 300) return <>{text}</>;
  return (
    <details>
      <summary>{text.slice(0, 300)}…</summary>
      {text}
    </details>
  );
}
