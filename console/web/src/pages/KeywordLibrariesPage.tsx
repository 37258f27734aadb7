import { useEffect, useState, type FormEvent } from 'react';
import type { ExceptionProposal, KeywordMatch, PhraseStats } from '@lookout/shared';
import { api, type LibraryInfo } from '../api/ApiClient';

/** Keyword libraries in use, and a box to try text against them before relying on them. */
export function KeywordLibrariesPage() {
  const [libraries, setLibraries] = useState<LibraryInfo[]>([]);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<KeywordMatch[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api.keywordLibraries().then(setLibraries, (err: unknown) => setError(String(err)));
  }, []);

  const test = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setMatches(await api.testKeywords(text));
    } catch (err) {
      setError(String(err));
    }
  };

  return (
    <section>
      <header className="page-head">
        <h2>Keyword libraries</h2>
      </header>
      {error && <p className="error">{error}</p>}
      <table className="activity">
        <thead>
          <tr>
            <th>Library</th>
            <th>Phrases</th>
            <th>Version</th>
            <th>Changed</th>
            <th>Why</th>
            <th>Export</th>
          </tr>
        </thead>
        <tbody>
          {libraries.map((l) => (
            <tr key={l.id}>
              <td>{l.name}</td>
              <td>{l.phrases}</td>
              <td>{l.version}</td>
              <td>
                {new Date(l.changedAt).toLocaleString('en-GB')} by {l.changedBy ?? 'Lookout'}
              </td>
              <td>{l.reason}</td>
              <td>
                <a href={`/api/keyword-libraries/${l.id}/export?format=csv`}>CSV</a> ·{' '}
                <a href={`/api/keyword-libraries/${l.id}/export?format=json`}>JSON</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Test a phrase</h3>
      <form onSubmit={(e) => void test(e)} className="test-box">
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} aria-label="Text to test" />
        <button type="submit">Test</button>
      </form>
      {matches && (
        <ul data-testid="test-results">
          {matches.length === 0 && <li>Nothing would be flagged.</li>}
          {matches.map((m) => (
            <li key={`${m.phrase}-${m.start}`}>
              “{m.matched}” matches <strong>{m.phrase}</strong> ({m.category}, severity {m.severity})
            </li>
          ))}
        </ul>
      )}
      <FalsePositiveFeedback />
    </section>
  );
}

/** What the DSL's false-positive closures say about the libraries: proposed exceptions and each phrase's rate. */
function FalsePositiveFeedback() {
  const [stats, setStats] = useState<PhraseStats[]>([]);
  const [proposals, setProposals] = useState<ExceptionProposal[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const load = () => {
    api.phraseStats().then(setStats, () => setStats([]));
    api.proposals().then(setProposals, () => setProposals([]));
  };
  useEffect(load, []);
  const decide = async (id: string, accept: boolean) => {
    try {
      await api.decideProposal(id, accept, reason);
      setReason('');
      load();
    } catch (err) {
      setError(String(err));
    }
  };
  return (
    <>
      <h3>Proposed exceptions</h3>
      {error && <p className="error">{error}</p>}
      {proposals.length === 0 ? (
        <p className="muted">None waiting.</p>
      ) : (
        <>
          <label>
            Reason for your decision (recorded)
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <ul data-testid="proposals">
            {proposals.map((p) => (
              <li key={p.id}>
                Allow “{p.exception}” for <strong>{p.phrase}</strong> ({p.category}), proposed by {p.proposedBy}{' '}
                <button type="button" disabled={reason.length < 3} onClick={() => void decide(p.id, true)}>
                  Accept
                </button>{' '}
                <button type="button" disabled={reason.length < 3} onClick={() => void decide(p.id, false)}>
                  Decline
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>False-positive rates</h3>
      <table className="activity" data-testid="phrase-stats">
        <thead>
          <tr>
            <th>Phrase</th>
            <th>Category</th>
            <th>Alerts</th>
            <th>False positives</th>
            <th>Rate (of closed)</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr key={`${s.category}|${s.phrase}`}>
              <td>{s.phrase}</td>
              <td>{s.category}</td>
              <td>{s.alerts}</td>
              <td>{s.falsePositives}</td>
              <td>{s.falsePositiveRate === null ? '—' : `${Math.round(s.falsePositiveRate * 100)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
