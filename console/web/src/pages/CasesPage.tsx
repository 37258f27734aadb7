import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { CaseSummary } from '@lookout/shared';
import { api } from '../api/ApiClient';

export function CasesPage() {
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [status, setStatus] = useState('open');
  useEffect(() => {
    void api.cases(status ? { status } : {}).then(setCases);
  }, [status]);
  return (
    <section>
      <header className="page-head">
        <h2>Cases</h2>
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status">
          <option value="open">open</option>
          <option value="">all</option>
          <option value="closed">closed</option>
        </select>
      </header>
      <table className="activity">
        <thead>
          <tr>
            <th>Pupil</th>
            <th>Case</th>
            <th>Status</th>
            <th>Assigned</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>{c.pupil}</td>
              <td>
                <Link to={`/cases/${c.id}`}>{c.title}</Link>
              </td>
              <td>{c.status}</td>
              <td>{c.assignee ?? '—'}</td>
              <td>{new Date(c.updatedAt).toLocaleString('en-GB')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
