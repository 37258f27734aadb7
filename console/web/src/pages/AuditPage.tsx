import { useEffect, useState } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { api, type AuditEntry } from '../api/ApiClient';
import { Pager, pageQuery } from '../components/ui/Pager';

const PAGE_SIZE = 50;

/** The append-only audit log, read-only here as everywhere; paged and searched by the console. */
export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [action, setAction] = useState('');
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => {
    const query = { ...pageQuery(page, PAGE_SIZE), ...(action ? { action } : {}), ...(text ? { q: text } : {}) };
    void api.audit(query).then(setEntries);
  }, [action, text, page]);
  const shown = entries.slice(0, PAGE_SIZE);
  return (
    <section>
      <header className="page-head">
        <h2>Audit log</h2>
        <SearchField
          className="ui-field ui-field--inline"
          value={text}
          onChange={(value) => {
            setText(value);
            setPage(0);
          }}
        >
          <Label>Find in the log</Label>
          <Input className="ui-input" placeholder="Action, person or target" />
        </SearchField>
        <label>
          Action
          <select
            value={action}
            onChange={(e) => {
              setAction(e.target.value);
              setPage(0);
            }}
          >
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
          {shown.map((e) => (
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
      <Pager
        label="Audit log pages"
        page={page}
        pageSize={PAGE_SIZE}
        shown={shown.length}
        hasMore={entries.length > PAGE_SIZE}
        onPage={setPage}
      />
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
