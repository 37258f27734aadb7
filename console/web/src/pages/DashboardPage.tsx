import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DashboardChart, DashboardQuery, SessionInfo, TermSettings } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { dashboardApi } from '../api/dashboardApi';
import { ChartCard, type Bar } from '../dashboard/ChartCard';
import { IncidentsBehindBar } from '../dashboard/IncidentsBehindBar';
import { TermDatesForm } from '../dashboard/TermDatesForm';
import './dashboard.css';

type Filters = { [K in keyof DashboardQuery]-?: string };
const NO_FILTERS: Filters = { from: '', to: '', siteId: '', roomId: '', groupId: '' };
const query = (f: Filters): DashboardQuery =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as DashboardQuery;

const timeSpent = (minutes: number) =>
  minutes < 90 ? `${Math.round(minutes)} minutes` : `${Math.round(minutes / 60)} hours`;

/**
 * The leadership dashboard for headteachers, governors (the viewer role), admins and the DSL: incident trends
 * and time spent, each chart's data as CSV, and a click on a bar for the list behind it. Only the DSL's view
 * (decided by the console) ever names a pupil or an alert.
 */
export function DashboardPage({ role }: { role: SessionInfo['role'] }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [drill, setDrill] = useState<{ chart: DashboardChart; bar: Bar } | undefined>();
  const dashboard = useQuery({
    queryKey: ['dashboard', filters],
    queryFn: () => dashboardApi.dashboard(query(filters)),
  });
  const overview = useQuery({ queryKey: ['overview'], queryFn: api.overview });
  const sites = overview.data?.sites ?? [];
  const rooms = sites.flatMap((s) => s.rooms.map((r) => ({ ...r, siteId: s.id, site: s.name })));
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => {
    setDrill(undefined);
    setFilters((f) => ({ ...f, [key]: e.target.value, ...(key === 'siteId' ? { roomId: '' } : {}) }));
  };
  const onDrill = (chart: DashboardChart) => (bar: Bar) => {
    if (chart.drill === 'room') {
      if (bar.key !== 'none') setFilters((f) => ({ ...f, roomId: bar.key }));
      return;
    }
    setDrill({ chart, bar });
  };
  const d = dashboard.data;
  const section = (prefix: string) =>
    d?.charts
      .filter((c) => c.id.startsWith(prefix))
      .map((c) => (
        <ChartCard
          key={c.id}
          chart={c}
          csvHref={dashboardApi.csvHref({ ...query(filters), chart: c.id })}
          onDrill={onDrill(c)}
        />
      ));
  return (
    <section className="dashboard">
      <div className="page-head">
        <h1>Dashboard</h1>
        {d && (
          <span className="muted" data-testid="dashboard-totals">
            {d.totals.incidents} incidents and {timeSpent(d.totals.minutes)} of use from {d.from} to {d.to}
          </span>
        )}
      </div>
      <form className="dashboard__filters" aria-label="What the dashboard covers" onSubmit={(e) => e.preventDefault()}>
        <label className="ui-field">
          <span className="ui-label">From</span>
          <input className="ui-input" type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label className="ui-field">
          <span className="ui-label">To</span>
          <input className="ui-input" type="date" value={filters.to} onChange={set('to')} />
        </label>
        <label className="ui-field">
          <span className="ui-label">Site</span>
          <select className="ui-input" value={filters.siteId} onChange={set('siteId')}>
            <option value="">All sites</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="ui-field">
          <span className="ui-label">Room</span>
          <select className="ui-input" value={filters.roomId} onChange={set('roomId')}>
            <option value="">All rooms</option>
            {rooms
              .filter((r) => !filters.siteId || r.siteId === filters.siteId)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {sites.length > 1 ? `${r.name} (${r.site})` : r.name}
                </option>
              ))}
          </select>
        </label>
        <label className="ui-field">
          <span className="ui-label">Year group</span>
          <select className="ui-input" value={filters.groupId} onChange={set('groupId')}>
            <option value="">All pupils</option>
            {d?.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="ui-button"
          onClick={() => {
            setDrill(undefined);
            setFilters(NO_FILTERS);
          }}
        >
          Reset
        </button>
      </form>
      {dashboard.error && <p className="error">{String(dashboard.error)}</p>}
      {d && (
        <>
          <p className="muted">
            Incidents are alerts and reported concerns, by the day the console received them. Terms:{' '}
            {d.termsDerived ? 'the usual UK pattern (the school has set no dates)' : "the school's dates"}. Rooms are
            where each PC is now; year groups are the pupils' user groups. Time counts from one window or page to the
            next, at most 5 minutes at a stretch.
          </p>
          {drill && (
            <IncidentsBehindBar
              filters={query(filters)}
              chart={drill.chart.id}
              chartTitle={drill.chart.title}
              bar={drill.bar}
              onClose={() => setDrill(undefined)}
            />
          )}
          <h2>Incidents</h2>
          <div className="cards dashboard__charts">{section('incidents-')}</div>
          <h2>Use of the PCs</h2>
          <div className="cards dashboard__charts">{section('usage-')}</div>
        </>
      )}
      {(role === 'admin' || role === 'dsl') && <TermDates />}
    </section>
  );
}

function TermDates() {
  const client = useQueryClient();
  const terms = useQuery({ queryKey: ['terms'], queryFn: dashboardApi.terms });
  const [message, setMessage] = useState<string | undefined>();
  const save = async (values: TermSettings) => {
    try {
      await dashboardApi.saveTerms(values);
      setMessage('Term dates saved (and recorded in the audit log).');
      await client.invalidateQueries({ queryKey: ['dashboard'] });
    } catch (err) {
      setMessage(String(err));
    }
  };
  return (
    <details className="card dashboard__terms">
      <summary>Term dates</summary>
      {message && <p role="status">{message}</p>}
      {terms.data && <TermDatesForm initial={terms.data} onSave={save} />}
    </details>
  );
}
