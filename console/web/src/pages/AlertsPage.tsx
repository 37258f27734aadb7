import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { AlertSummary } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { useLive, useLiveAlerts } from '../live/useLive';
import { Pager, pageQuery } from '../components/ui/Pager';

export const severityLabel = ['', 'info', 'low', 'medium', 'high', 'critical'];
const ANNOUNCE_FROM_SEVERITY = 4;
const PAGE_SIZE = 50;

interface Filters {
  status: string;
  minSeverity: string;
  category: string;
  kind: string;
  user: string;
  q: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { status: 'open', minSeverity: '', category: '', kind: '', user: '', q: '', from: '', to: '' };

function matches(a: AlertSummary, f: Filters): boolean {
  if (f.status === 'open' ? a.status === 'closed' : f.status && a.status !== f.status) return false;
  if (f.minSeverity && a.severity < Number(f.minSeverity)) return false;
  const category = f.category.trim().toLowerCase();
  if (category && a.category !== category && a.categoryName.toLowerCase() !== category) return false;
  const text = f.q.trim().toLowerCase();
  if (text && !`${a.user ?? ''} ${a.hostname ?? ''}`.toLowerCase().includes(text)) return false;
  if (f.kind && a.kind !== f.kind) return false;
  if (f.user && a.user !== f.user) return false;
  return true;
}

/** The DSL's triage queue: filters, most severe first, new alerts live (high ones announced), bulk actions. */
export function AlertsPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [stored, setStored] = useState<AlertSummary[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignee, setAssignee] = useState('');
  const [announcement, setAnnouncement] = useState<AlertSummary | undefined>();
  const [reload, setReload] = useState(0);
  const [page, setPage] = useState(0);
  const announced = useRef(new Set<string>());

  const { watch, store } = useLive();
  const liveAlerts = useLiveAlerts();
  useEffect(() => {
    watch({ type: 'subscribe-alerts' });
    return () => watch({ type: 'unsubscribe-alerts' });
  }, [watch]);

  useEffect(() => {
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
    api.alerts({ ...query, ...pageQuery(page, PAGE_SIZE) }).then(setStored, (err: unknown) => setError(String(err)));
  }, [filters, reload, page]);

  // New high-severity alerts are announced on the page, and on the desktop where the browser allows it.
  useEffect(() => {
    const fresh = liveAlerts.find((a) => a.severity >= ANNOUNCE_FROM_SEVERITY && !announced.current.has(a.id));
    if (!fresh) return;
    announced.current.add(fresh.id);
    setAnnouncement(fresh);
    if ('Notification' in window && Notification.permission === 'granted') {
      new Notification(`Lookout: ${fresh.categoryName} (severity ${fresh.severity})`, {
        body: `${fresh.user ?? 'anonymous'}${fresh.hostname ? ` on ${fresh.hostname}` : ''}`,
      });
    }
  }, [liveAlerts]);

  const alerts = useMemo(() => {
    const byId = new Map(stored.slice(0, PAGE_SIZE).map((a) => [a.id, a]));
    // New alerts arrive on the first page; later pages are the console's as they were read.
    if (page === 0) for (const a of liveAlerts) byId.set(a.id, a);
    // Updated in place: every update replaces liveAlerts too, which re-runs this.
    for (const a of store.updatedAlerts.values()) if (byId.has(a.id)) byId.set(a.id, a);
    return [...byId.values()]
      .filter((a) => matches(a, filters))
      .sort((a, b) => b.severity - a.severity || b.receivedAt.localeCompare(a.receivedAt));
  }, [stored, liveAlerts, store, filters, page]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => {
    setFilters((f) => ({ ...f, [key]: e.target.value }));
    setPage(0);
  };
  const bulk = async (action: 'assign' | 'false-positive') => {
    const alertIds = [...selected];
    try {
      await api.triage(
        action === 'assign' ? { alertIds, assignee } : { alertIds, close: { outcome: 'false-positive' } },
      );
      setSelected(new Set());
      setReload((n) => n + 1);
    } catch (err) {
      setError(String(err));
    }
  };

  return (
    <section>
      <header className="page-head">
        <h2>Safeguarding queue</h2>
        <span className="muted">{alerts.length} shown</span>
        {'Notification' in window && Notification.permission === 'default' && (
          <button type="button" onClick={() => void Notification.requestPermission()}>
            Desktop notifications
          </button>
        )}
      </header>
      {announcement && (
        <p className="announcement" role="alert" data-testid="announcement">
          New {severityLabel[announcement.severity]} alert: {announcement.categoryName} —{' '}
          <Link to={`/alerts/${announcement.id}`}>open</Link>{' '}
          <button type="button" onClick={() => setAnnouncement(undefined)}>
            Dismiss
          </button>
        </p>
      )}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={filters.status} onChange={set('status')}>
            <option value="open">open</option>
            <option value="">all</option>
            <option value="new">new</option>
            <option value="in-review">in review</option>
            <option value="escalated">escalated</option>
            <option value="closed">closed</option>
          </select>
        </label>
        <label>
          Severity at least
          <select value={filters.minSeverity} onChange={set('minSeverity')}>
            <option value="">any</option>
            {[2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n} {severityLabel[n]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={set('kind')}>
            <option value="">all</option>
            <option value="keyword">keyword alerts</option>
            <option value="concern">reported concerns</option>
          </select>
        </label>
        <label>
          Category
          <input value={filters.category} onChange={set('category')} placeholder="e.g. Bullying" />
        </label>
        <label>
          Find
          <input type="search" value={filters.q} onChange={set('q')} placeholder="pupil or PC name" />
        </label>
        <label>
          Pupil
          <input value={filters.user} onChange={set('user')} placeholder="sign-in name" />
        </label>
        <label>
          From
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
      </form>
      {selected.size > 0 && (
        <div className="bulk-bar" data-testid="bulk-bar">
          {selected.size} selected:
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="DSL or deputy" />
          <button type="button" disabled={!assignee} onClick={() => void bulk('assign')}>
            Assign
          </button>
          <button type="button" onClick={() => void bulk('false-positive')}>
            Close as false positive
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      <table className="activity" data-testid="alerts">
        <thead>
          <tr>
            <th />
            <th>Severity</th>
            <th>Category</th>
            <th>Pupil</th>
            <th>Device</th>
            <th>Time</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} data-testid="alert-row" data-severity={a.severity}>
              <td>
                <input
                  type="checkbox"
                  aria-label="Select"
                  checked={selected.has(a.id)}
                  onChange={(e) =>
                    setSelected((s) => {
                      const next = new Set(s);
                      if (e.target.checked) next.add(a.id);
                      else next.delete(a.id);
                      return next;
                    })
                  }
                />
              </td>
              <td>
                <span className={`severity severity--${a.severity}`}>
                  {a.severity} {severityLabel[a.severity]}
                </span>
              </td>
              <td>
                <Link to={`/alerts/${a.id}`}>{a.categoryName}</Link>
                {a.kind === 'concern' && <span className="tag">concern</span>}
              </td>
              <td>{a.user ?? (a.kind === 'concern' ? 'anonymous' : '—')}</td>
              <td>{a.hostname ?? '—'}</td>
              {/* When it arrived: a PC's clock may be wrong. What was typed is on the alert's own page. */}
              <td title={`the PC's clock said ${new Date(a.ts).toLocaleString('en-GB')}`}>
                {new Date(a.receivedAt).toLocaleString('en-GB')}
              </td>
              <td>
                {a.status}
                {a.assignee ? ` (${a.assignee})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        label="Queue pages"
        page={page}
        pageSize={PAGE_SIZE}
        shown={Math.min(stored.length, PAGE_SIZE)}
        hasMore={stored.length > PAGE_SIZE}
        onPage={setPage}
      />
      <Breaches />
    </section>
  );
}

/** Filtering breaches: pages the web filter blocked, most recent first (who, where, what and why). */
function Breaches() {
  const [breaches, setBreaches] = useState<Awaited<ReturnType<typeof api.breaches>>>([]);
  useEffect(() => {
    api.breaches(100).then(setBreaches, () => setBreaches([]));
  }, []);
  return (
    <>
      <h3>Filtering breaches</h3>
      {breaches.length === 0 ? (
        <p className="muted">No blocked pages recorded.</p>
      ) : (
        <table className="activity" data-testid="breaches">
          <thead>
            <tr>
              <th>Time</th>
              <th>Pupil</th>
              <th>Page</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {breaches.map((b) =>
              b.type === 'url-blocked' ? (
                <tr key={`${b.deviceId}-${b.seq}`}>
                  <td title={`the PC's clock said ${new Date(b.ts).toLocaleString('en-GB')}`}>
                    {new Date(b.receivedAt).toLocaleString('en-GB')}
                  </td>
                  <td>
                    <Link to={`/devices/${b.deviceId}`}>{b.user ?? '—'}</Link>
                  </td>
                  <td className="mono">{b.payload.url}</td>
                  <td>{b.payload.category ? `category: ${b.payload.category}` : b.payload.reason}</td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      )}
    </>
  );
}
