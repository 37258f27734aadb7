import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { OUTCOME_NAMES, SafeguardingOutcome, type CaseDetail, type CaseEntryInput } from '@lookout/shared';
import { api } from '../api/ApiClient';

const OUTCOMES = SafeguardingOutcome.options;

/** A case: its record (append-only: corrections are new entries) and what the DSL can add to it. */
export function CasePage() {
  const { id = '' } = useParams();
  const [detail, setDetail] = useState<CaseDetail | undefined>();
  const [note, setNote] = useState('');
  const [action, setAction] = useState<SafeguardingOutcome>('parents-informed');
  const [outcome, setOutcome] = useState<SafeguardingOutcome>('no-further-action');
  const [closingText, setClosingText] = useState('');
  const [assignee, setAssignee] = useState('');
  const [correcting, setCorrecting] = useState<number | undefined>();
  const [correction, setCorrection] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api.case(id).then(setDetail, (err: unknown) => setError(String(err)));
  }, [id]);

  const add = async (entry: CaseEntryInput) => {
    try {
      setDetail(await api.addCaseEntry(id, entry));
      setError(undefined);
      return true;
    } catch (err) {
      setError(String(err));
      return false;
    }
  };

  if (!detail) return error ? <p className="error">{error}</p> : null;
  const closed = detail.status === 'closed';
  return (
    <section className="case-page">
      <p>
        <Link to="/cases">← Cases</Link>
      </p>
      <h2>
        {detail.title} — {detail.pupil}
      </h2>
      <p>
        Status: <strong data-testid="case-status">{detail.status}</strong>
        {detail.outcome ? ` — outcome: ${OUTCOME_NAMES[detail.outcome]}` : ''}; assigned to{' '}
        {detail.assignee ?? 'nobody'}; opened {new Date(detail.openedAt).toLocaleString('en-GB')} by {detail.openedBy}.{' '}
        <a href={`/api/cases/${detail.id}/record`} target="_blank" rel="noreferrer">
          Printable record
        </a>{' '}
        · <a href={`/api/cases/${detail.id}/record?format=pdf`}>PDF</a>
      </p>
      <p>
        Alerts:{' '}
        {detail.alertIds.map((a, i) => (
          <span key={a}>
            {i > 0 && ', '}
            <Link to={`/alerts/${a}`}>alert {i + 1}</Link>
          </span>
        ))}
      </p>
      {error && <p className="error">{error}</p>}
      <ol className="case-record" data-testid="case-record">
        {detail.entries.map((e) => (
          <li key={e.seq} className={e.correctedBy ? 'corrected' : ''} data-kind={e.kind}>
            <span className="muted">
              #{e.seq} {new Date(e.at).toLocaleString('en-GB')} {e.author}
            </span>{' '}
            <strong>{entryLabel(e.kind, e.details)}</strong> {e.text}
            {e.correctedBy ? <em> (corrected by #{e.correctedBy})</em> : null}
            {(e.kind === 'note' || e.kind === 'action') && !e.correctedBy && (
              <button type="button" className="link" onClick={() => setCorrecting(e.seq)}>
                Correct
              </button>
            )}
          </li>
        ))}
      </ol>
      {correcting !== undefined && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add({ kind: 'correction', corrects: correcting, text: correction }).then(
              (ok) => ok && (setCorrecting(undefined), setCorrection('')),
            );
          }}
        >
          <label>
            Correction to #{correcting}
            <input value={correction} onChange={(e) => setCorrection(e.target.value)} required />
          </label>
          <button type="submit">Add correction</button>
        </form>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add({ kind: 'note', text: note }).then((ok) => ok && setNote(''));
        }}
      >
        <label>
          Add a note
          <textarea value={note} onChange={(e) => setNote(e.target.value)} required />
        </label>
        <button type="submit">Add note</button>
      </form>
      {!closed ? (
        <div className="case-actions">
          <span>
            <select
              value={action}
              onChange={(e) => setAction(e.target.value as SafeguardingOutcome)}
              aria-label="Action"
            >
              {OUTCOMES.filter((o) => o !== 'false-positive' && o !== 'no-further-action').map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_NAMES[o]}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void add({ kind: 'action', action })}>
              Record action
            </button>
          </span>
          <button type="button" onClick={() => void add({ kind: 'status', status: 'escalated' })}>
            Escalate
          </button>
          <span>
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="DSL or deputy" />
            <button type="button" disabled={!assignee} onClick={() => void add({ kind: 'assign', assignee })}>
              Assign
            </button>
          </span>
          <span>
            <select
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as SafeguardingOutcome)}
              aria-label="Outcome"
            >
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_NAMES[o]}
                </option>
              ))}
            </select>
            <input value={closingText} onChange={(e) => setClosingText(e.target.value)} placeholder="Summary" />
            <button type="button" onClick={() => void add({ kind: 'close', outcome, text: closingText })}>
              Close case
            </button>
          </span>
        </div>
      ) : (
        <button type="button" onClick={() => void add({ kind: 'reopen', text: 'Reopened' })}>
          Reopen
        </button>
      )}
    </section>
  );
}

function entryLabel(kind: string, d: Record<string, unknown>): string {
  const name = (v: unknown) => OUTCOME_NAMES[v as SafeguardingOutcome] ?? String(v);
  switch (kind) {
    case 'opened':
      return 'Case opened';
    case 'note':
      return 'Note:';
    case 'action':
      return `Action: ${name(d.action)}.`;
    case 'status':
      return `Status: ${String(d.status)}.`;
    case 'assign':
      return `Assigned to ${d.assignee ? String(d.assignee) : 'nobody'}.`;
    case 'add-alerts':
      return 'Alerts added.';
    case 'close':
      return `Closed: ${name(d.outcome)}.`;
    case 'reopen':
      return 'Reopened:';
    case 'correction':
      return `Correction to #${String(d.corrects)}:`;
    default:
      return kind;
  }
}
