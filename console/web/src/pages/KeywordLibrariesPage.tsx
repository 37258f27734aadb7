import { useEffect, useState, type FormEvent } from 'react';
import type { KeywordMatch } from '@lookout/shared';
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
    </section>
  );
}
