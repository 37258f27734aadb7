import { useEffect, useMemo, useState } from 'react';
import type { AlertSummary, Evidence } from '@lookout/shared';
import { api } from '../api/ApiClient';
import type { LiveDevices } from '../api/useLiveDevices';

const severityLabel = ['', 'info', 'low', 'medium', 'high', 'critical'];

/** The DSL's alerts: most severe first, new ones arriving live (the review workflow builds on this). */
export function AlertsPage({ live }: { live: LiveDevices }) {
  const [stored, setStored] = useState<AlertSummary[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [open, setOpen] = useState<AlertSummary | undefined>();

  useEffect(() => {
    api.alerts().then(setStored, (err: unknown) => setError(String(err)));
  }, []);

  const alerts = useMemo(() => {
    const byId = new Map(stored.map((a) => [a.id, a]));
    for (const a of live.alerts) byId.set(a.id, a);
    return [...byId.values()].sort((a, b) => b.severity - a.severity || b.ts.localeCompare(a.ts));
  }, [stored, live.alerts]);

  return (
    <section>
      <header className="page-head">
        <h2>Alerts</h2>
        <span className="muted">{alerts.length} alerts</span>
      </header>
      {error && <p className="error">{error}</p>}
      <table className="activity" data-testid="alerts">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Category</th>
            <th>Pupil</th>
            <th>Device</th>
            <th>Time</th>
            <th>Phrase</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr
              key={a.id}
              data-testid="alert-row"
              data-severity={a.severity}
              onClick={() => setOpen(a)}
              className="clickable"
            >
              <td>
                <span className={`severity severity--${a.severity}`}>
                  {a.severity} {severityLabel[a.severity]}
                </span>
              </td>
              <td>{a.categoryName}</td>
              <td>{a.user ?? '—'}</td>
              <td>{a.hostname}</td>
              <td>{new Date(a.ts).toLocaleString('en-GB')}</td>
              <td>{a.phrase}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <AlertDetail alert={open} onClose={() => setOpen(undefined)} />}
    </section>
  );
}

function AlertDetail({ alert, onClose }: { alert: AlertSummary; onClose: () => void }) {
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (alert.context !== null) api.alertEvidence(alert.id).then(setEvidence, () => setEvidence([]));
  }, [alert]);
  return (
    <div className="alert-detail" role="dialog" aria-label="Alert">
      <button type="button" onClick={onClose} className="alert-detail__close">
        Close
      </button>
      <h3>
        {alert.categoryName}: “{alert.phrase}” (severity {alert.severity})
      </h3>
      <p className="muted">
        {alert.user ?? 'unknown user'} on {alert.hostname}, {new Date(alert.ts).toLocaleString('en-GB')}, in {alert.app}
        {alert.title ? ` — ${alert.title}` : ''} ({alert.source})
      </p>
      {alert.context !== null && (
        <blockquote data-testid="alert-context" className="alert-detail__context">
          {alert.context}
        </blockquote>
      )}
      {evidence.length > 0 &&
        (shown ? (
          <div className="alert-detail__evidence">
            {evidence.map((e) => (
              <img
                key={e.id}
                src={`/api/evidence/${e.id}?reason=${encodeURIComponent(reason)}`}
                alt={`Screenshot at ${e.capturedAt}`}
              />
            ))}
          </div>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setShown(true);
            }}
          >
            <label>
              Why are you viewing these {evidence.length} screenshots? (recorded in the audit log)
              <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required />
            </label>
            <button type="submit">Show screenshots</button>
          </form>
        ))}
    </div>
  );
}
