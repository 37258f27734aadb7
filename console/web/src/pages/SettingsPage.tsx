import { useEffect, useState } from 'react';
import type {
  KeywordCategory,
  RetentionReport,
  RetentionSettings,
  SafeguardingSettings,
  SensitivitySettings,
} from '@lookout/shared';
import { api } from '../api/ApiClient';
import { SchoolContactsForm } from '../components/SchoolContactsForm';

const RETENTION_FIELDS: [keyof RetentionSettings, string][] = [
  ['alertDays', 'Alerts and concerns (not in a case)'],
  ['falsePositiveDays', 'Alerts closed as false positives'],
  ['evidenceDays', 'Screenshots (not in a case)'],
  ['eventDays', 'Routine activity (windows, locks, commands)'],
];

/** The school's safeguarding contacts (shown on every PC's report-a-concern page) and how long data is kept. */
export function SettingsPage({ isDsl }: { isDsl: boolean }) {
  const [school, setSchool] = useState<SafeguardingSettings | undefined>();
  const [retention, setRetention] = useState<RetentionSettings | undefined>();
  const [report, setReport] = useState<RetentionReport | undefined>();
  const [sensitivity, setSensitivity] = useState<SensitivitySettings | undefined>();
  const [categories, setCategories] = useState<KeywordCategory[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => {
    api.safeguardingSettings().then(setSchool, (err: unknown) => setMessage(String(err)));
    api.retentionSettings().then(setRetention, (err: unknown) => setMessage(String(err)));
    api.sensitivitySettings().then(setSensitivity, (err: unknown) => setMessage(String(err)));
    // The categories to choose from: every library's (a category in two libraries is listed once).
    void api
      .keywordLibraries()
      .then((libraries) => Promise.all(libraries.map((l) => api.keywordLibrary(l.id))))
      .then((full) => {
        const byId = new Map<string, KeywordCategory>();
        for (const { library } of full) for (const c of library.categories) byId.set(c.id, c);
        setCategories([...byId.values()]);
      })
      .catch((err: unknown) => setMessage(String(err)));
  }, []);
  const save = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage('Saved (and recorded in the audit log).');
    } catch (err) {
      setMessage(String(err));
    }
  };
  if (!school || !retention) return message ? <p className="error">{message}</p> : null;
  return (
    <section className="settings">
      <h1>Settings</h1>
      {message && <p role="status">{message}</p>}
      <h2>Report a concern</h2>
      <SchoolContactsForm initial={school} onSave={(values) => save(() => api.saveSafeguardingSettings(values))} />
      {sensitivity && (
        <SensitivityChoice
          value={sensitivity}
          categories={categories}
          editable={isDsl}
          onChange={setSensitivity}
          onSave={() => void save(() => api.saveSensitivitySettings(sensitivity))}
        />
      )}
      <h2>Retention</h2>
      <p className="muted">How many days each kind of record is kept; 0 keeps it.</p>
      {RETENTION_FIELDS.map(([key, label]) => (
        <label key={key}>
          {label} (days)
          <input
            type="number"
            min={0}
            value={retention[key]}
            onChange={(e) => setRetention({ ...retention, [key]: Number(e.target.value) })}
          />
        </label>
      ))}
      <p className="muted">Whatever belongs to a case is kept while the case is. The audit log is never deleted.</p>
      <button type="button" onClick={() => void save(() => api.saveRetentionSettings(retention))}>
        Save retention
      </button>{' '}
      <button type="button" onClick={() => void save(async () => setReport(await api.runRetention()))}>
        Apply now
      </button>
      {report && (
        <p>
          Deleted {report.alertsDeleted} alerts, {report.evidenceDeleted} screenshots, {report.eventsDeleted} events.
        </p>
      )}
    </section>
  );
}

/** Which alerts' context and screenshots the DSL sees only after recording why (by default, all of them). */
function SensitivityChoice({
  value,
  categories,
  editable,
  onChange,
  onSave,
}: {
  value: SensitivitySettings;
  categories: KeywordCategory[];
  /** Only the DSL decides what is sensitive; others see the choice. */
  editable: boolean;
  onChange(value: SensitivitySettings): void;
  onSave(): void;
}) {
  const toggle = (id: string, on: boolean) =>
    onChange({ ...value, categories: on ? [...value.categories, id] : value.categories.filter((c) => c !== id) });
  return (
    <fieldset data-testid="sensitivity" disabled={!editable}>
      <legend>Sensitive alerts: context and screenshots only after the DSL records why</legend>
      {!editable && <p>Only the DSL changes this.</p>}
      <label>
        <input
          type="checkbox"
          checked={value.allCategories}
          onChange={(e) => onChange({ ...value, allCategories: e.target.checked })}
        />
        Every keyword category (recommended)
      </label>
      {!value.allCategories &&
        categories.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={c.sensitive || value.categories.includes(c.id)}
              disabled={c.sensitive}
              onChange={(e) => toggle(c.id, e.target.checked)}
            />
            {c.name}
            {c.sensitive ? ' (always: the keyword library marks it sensitive)' : ''}
          </label>
        ))}
      <label>
        <input
          type="checkbox"
          checked={value.concerns}
          onChange={(e) => onChange({ ...value, concerns: e.target.checked })}
        />
        Reported concerns
      </label>
      <button type="button" onClick={onSave}>
        Save sensitive categories
      </button>
    </fieldset>
  );
}
