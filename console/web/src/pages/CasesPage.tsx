import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Input, Label, SearchField } from 'react-aria-components';
import type { CaseSummary, CasesQuery } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { caseReference } from '../components/AddToCase';
import { Pager, pageQuery } from '../components/ui/Pager';

const PAGE_SIZE = 50;

/** Safeguarding cases, newest first; paged and searched by the console. */
export function CasesPage() {
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [status, setStatus] = useState<CasesQuery['status'] | ''>('open');
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const query = { ...pageQuery(page, PAGE_SIZE), ...(status ? { status } : {}), ...(text ? { q: text } : {}) };
    api.cases(query, controller.signal).then(setCases, () => undefined);
    return () => controller.abort();
  }, [status, text, page]);
  const shown = cases.slice(0, PAGE_SIZE);
  return (
    <section>
      <header className="page-head">
        <h2>Cases</h2>
        <SearchField
          className="ui-field ui-field--inline"
          value={text}
          onChange={(value) => {
            setText(value);
            setPage(0);
          }}
        >
          <Label>Find a case</Label>
          <Input className="ui-input" placeholder="Title, pupil or reference" />
        </SearchField>
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as CasesQuery['status'] | '');
            setPage(0);
          }}
          aria-label="Status"
        >
          <option value="open">open</option>
          <option value="">all</option>
          <option value="closed">closed</option>
        </select>
      </header>
      <table className="activity">
        <thead>
          <tr>
            <th>Ref</th>
            <th>Pupil</th>
            <th>Case</th>
            <th>Status</th>
            <th>Assigned</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id} data-testid="case-row">
              <td className="mono">{caseReference(c.id)}</td>
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
      <Pager
        label="Case pages"
        page={page}
        pageSize={PAGE_SIZE}
        shown={shown.length}
        hasMore={cases.length > PAGE_SIZE}
        onPage={setPage}
      />
    </section>
  );
}
