import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Label, SearchField, Text, TextField } from 'react-aria-components';
import {
  KeywordMatcher,
  type ExceptionProposal,
  type KeywordLibrary,
  type KeywordMatch,
  type KeywordPhrase,
  type PhraseStats,
} from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { ModalDialog } from '../components/ui/ModalDialog';
import { PhraseDialog } from '../components/keywords/PhraseDialog';
import { PhraseTester } from '../components/keywords/PhraseTester';
import { NewLibraryDialog } from '../components/keywords/NewLibraryDialog';
import { formatOf, withPhrase, withoutPhrase } from '../components/keywords/libraryEdits';
import '../components/policy/editors.css';

const TOUCHES = [['keyword-libraries'], ['keyword-library']];
/** Rows shown at once: the search narrows the rest. */
const SHOWN = 50;
type Act = ReturnType<typeof useAction>['act'];
type NoticeValue = ReturnType<typeof useAction>['notice'];

/** Keyword libraries: edited phrase by phrase (each change a new, audited version), tried, exported and imported. */
export function KeywordLibrariesPage() {
  const libraries = useQuery({ queryKey: ['keyword-libraries'], queryFn: api.keywordLibraries });
  const [editing, setEditing] = useState<string | undefined>();
  const [importing, setImporting] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<KeywordMatch[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { act, notice } = useAction(TOUCHES);
  const shown = editing ?? (libraries.data?.length === 1 ? libraries.data[0]?.id : undefined);

  const test = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setMatches(await api.testKeywords(text));
    } catch (err) {
      setError(String(err));
    }
  };

  return (
    <section className="page">
      <header className="page-head">
        <h1>Keyword libraries</h1>
        <Button className="ui-button" onPress={() => setCreating(true)}>
          New library…
        </Button>
      </header>
      <Notice notice={notice} />
      {error && <p className="error">{error}</p>}
      <table className="ui-table" aria-label="Keyword libraries">
        <thead>
          <tr>
            <th scope="col">Library</th>
            <th scope="col">Phrases</th>
            <th scope="col">Version</th>
            <th scope="col">Changed</th>
            <th scope="col">Why</th>
            <th scope="col">Export</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {libraries.data?.map((l) => (
            <tr key={l.id} data-testid={`library-${l.id}`}>
              <td>{l.name}</td>
              <td>{l.phrases}</td>
              <td>{l.version}</td>
              <td>
                {new Date(l.changedAt).toLocaleString('en-GB')} by {l.changedBy ?? 'Lookout'}
              </td>
              <td>{l.reason}</td>
              <td>
                <a href={`/api/keyword-libraries/${l.id}/export?format=csv`} download={`${l.id}.csv`}>
                  CSV
                </a>{' '}
                ·{' '}
                <a href={`/api/keyword-libraries/${l.id}/export?format=json`} download={`${l.id}.json`}>
                  JSON
                </a>
              </td>
              <td className="row-actions">
                {shown !== l.id && (
                  <Button
                    className="ui-button"
                    aria-label={`Edit phrases of ${l.name}`}
                    onPress={() => setEditing(l.id)}
                  >
                    Edit phrases
                  </Button>
                )}
                <Button className="ui-button" aria-label={`Import into ${l.name}`} onPress={() => setImporting(l.id)}>
                  Import…
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <LibraryEditor id={shown} act={act} notice={notice} />}
      {creating && (
        <NewLibraryDialog
          act={act}
          notice={notice}
          onCreated={(id) => {
            setCreating(false);
            setEditing(id);
          }}
          onClose={() => setCreating(false)}
        />
      )}
      {importing && (
        <ImportDialog
          id={importing}
          name={libraries.data?.find((l) => l.id === importing)?.name ?? importing}
          act={act}
          notice={notice}
          onClose={() => setImporting(undefined)}
        />
      )}
      <h2>Test against every library in use</h2>
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

type Editing = { kind: 'phrase'; phrase: KeywordPhrase | undefined } | { kind: 'retire'; phrase: KeywordPhrase };

/** One library's phrases: found by text or category, added, edited and retired; text tried as it is typed. */
function LibraryEditor({ id, act, notice }: { id: string; act: Act; notice: NoticeValue }) {
  const current = useQuery({ queryKey: ['keyword-library', id], queryFn: () => api.keywordLibrary(id) });
  const library = current.data?.library;
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [editing, setEditing] = useState<Editing | undefined>();
  const matcher = useMemo(() => (library ? new KeywordMatcher([library]) : undefined), [library]);
  const found = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (library?.phrases ?? []).filter(
      (p) =>
        (!category || p.category === category) &&
        (!needle ||
          p.phrase.toLowerCase().includes(needle) ||
          p.exceptions.some((e) => e.toLowerCase().includes(needle))),
    );
  }, [library, search, category]);
  if (!library) return <p className="muted">Loading the library…</p>;
  const categoryName = new Map(library.categories.map((c) => [c.id, c.name]));
  const save = (next: KeywordLibrary, reason: string, done: string) =>
    act(() => api.saveKeywordLibrary(next, reason), done);
  const close = () => setEditing(undefined);

  return (
    <section className="card" aria-labelledby="library-editor">
      <header className="card__head">
        <h2 id="library-editor">
          {library.name}: {library.phrases.length} phrases (version {current.data?.version})
        </h2>
        <Button
          className="ui-button ui-button--primary"
          onPress={() => setEditing({ kind: 'phrase', phrase: undefined })}
        >
          Add a phrase
        </Button>
      </header>
      <PhraseTester
        matcher={matcher}
        label="Try text against this library"
        description="Checked as you type, in your browser, by the same matcher the PCs run: which rule matched and why."
        testId="library-try"
      />
      <div className="ui-form--inline">
        <SearchField className="ui-field" value={search} onChange={setSearch}>
          <Label>Find phrases</Label>
          <Input className="ui-input" />
        </SearchField>
        <label className="ui-field">
          <span className="ui-label">Category</span>
          <select className="ui-input" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All categories</option>
            {library.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        {found.length > SHOWN
          ? `The first ${SHOWN} of ${found.length} phrases: search to narrow them.`
          : `${found.length} phrases.`}
      </p>
      <table className="ui-table" aria-label={`Phrases of ${library.name}`} data-testid="phrases">
        <thead>
          <tr>
            <th scope="col">Phrase</th>
            <th scope="col">Category</th>
            <th scope="col">Severity</th>
            <th scope="col">Exceptions</th>
            <th scope="col">Language</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {found.slice(0, SHOWN).map((p) => (
            <tr key={p.phrase} data-testid={`phrase-${p.phrase}`}>
              <td className="mono">{p.phrase}</td>
              <td>{categoryName.get(p.category) ?? p.category}</td>
              <td>{p.severity}</td>
              <td className="mono">{p.exceptions.join(' · ') || '—'}</td>
              <td>{p.language}</td>
              <td className="row-actions">
                <Button
                  className="ui-button"
                  aria-label={`Edit ${p.phrase}`}
                  onPress={() => setEditing({ kind: 'phrase', phrase: p })}
                >
                  Edit…
                </Button>
                <Button
                  className="ui-button"
                  aria-label={`Retire ${p.phrase}`}
                  onPress={() => setEditing({ kind: 'retire', phrase: p })}
                >
                  Retire…
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing?.kind === 'phrase' && (
        <PhraseDialog
          library={library}
          editing={editing.phrase}
          notice={notice}
          onClose={close}
          onSave={(phrase, reason) =>
            save(
              withPhrase(library, phrase, editing.phrase?.phrase),
              reason,
              editing.phrase ? `“${phrase.phrase}” saved` : `“${phrase.phrase}” added`,
            )
          }
        />
      )}
      {editing?.kind === 'retire' && (
        <RetireDialog
          phrase={editing.phrase.phrase}
          notice={notice}
          onClose={close}
          onRetire={(reason) =>
            save(withoutPhrase(library, editing.phrase.phrase), reason, `“${editing.phrase.phrase}” retired`)
          }
        />
      )}
    </section>
  );
}

function RetireDialog({
  phrase,
  notice,
  onRetire,
  onClose,
}: {
  phrase: string;
  notice: NoticeValue;
  onRetire(reason: string): Promise<boolean>;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <ModalDialog title={`Retire “${phrase}”`} isOpen onOpenChange={(open) => !open && onClose()}>
      <form
        className="ui-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onRetire(reason).then((done) => done && onClose());
        }}
      >
        <p>PCs stop looking for it; the library's earlier versions (and the audit log) keep it.</p>
        <TextField className="ui-field" value={reason} onChange={setReason} autoFocus>
          <Label>Why (recorded)</Label>
          <Input className="ui-input" />
        </TextField>
        <Notice notice={notice?.ok ? undefined : notice} />
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--danger" isDisabled={reason.trim().length < 3}>
            Retire
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** Replaces a library from a CSV or JSON file (the export formats); a bad file is refused naming its line. */
function ImportDialog({
  id,
  name,
  act,
  notice,
  onClose,
}: {
  id: string;
  name: string;
  act: Act;
  notice: NoticeValue;
  onClose(): void;
}) {
  const [file, setFile] = useState<{ name: string; text: string } | undefined>();
  const [reason, setReason] = useState('');
  const format = file ? formatOf(file.name) : undefined;
  return (
    <ModalDialog title={`Import into ${name}`} isOpen onOpenChange={(open) => !open && onClose()}>
      <form
        className="ui-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file || !format) return;
          void act(
            () => api.importKeywordLibrary(id, format, file.text, reason),
            `${file.name} imported into ${name}`,
          ).then((done) => done && onClose());
        }}
      >
        <p>The file replaces the library's phrases (as a new version: the one before it stays in the history).</p>
        <label className="ui-field">
          <span className="ui-label">Library file (.csv or .json, as exported)</span>
          <input
            type="file"
            accept=".csv,.json"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              if (chosen) void chosen.text().then((text) => setFile({ name: chosen.name, text }));
            }}
          />
          {file && !format && <span className="ui-field__error">Choose a .csv or .json file.</span>}
        </label>
        <TextField className="ui-field" value={reason} onChange={setReason}>
          <Label>Why (recorded)</Label>
          <Input className="ui-input" />
          <Text slot="description">At least 3 characters.</Text>
        </TextField>
        <Notice notice={notice?.ok ? undefined : notice} />
        <div className="ui-form__actions">
          <Button
            type="submit"
            className="ui-button ui-button--primary"
            isDisabled={!format || reason.trim().length < 3}
          >
            Import
          </Button>
        </div>
      </form>
    </ModalDialog>
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
