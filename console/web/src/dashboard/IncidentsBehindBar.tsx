import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { DashboardChartId, DashboardQuery } from '@lookout/shared';
import { dashboardApi } from '../api/dashboardApi';

/**
 * The list behind a bar: each alert (to open) for the DSL, counts per day, room, category and outcome for
 * everyone else; the console decides which, by role.
 */
export function IncidentsBehindBar({
  filters,
  chart,
  chartTitle,
  bar,
  onClose,
}: {
  filters: DashboardQuery;
  chart: DashboardChartId;
  chartTitle: string;
  bar: { key: string; label: string };
  onClose(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const incidents = useQuery({
    queryKey: ['dashboard-incidents', filters, chart, bar.key],
    queryFn: () => dashboardApi.incidents({ ...filters, chart, key: bar.key }),
  });
  useEffect(() => heading.current?.focus(), [chart, bar.key]);
  const rows = incidents.data?.rows ?? [];
  const perAlert = rows.some((r) => r.alertId);
  return (
    <section className="card" aria-labelledby="drill-heading" data-testid="drill-down">
      <div className="card__head">
        <h2 id="drill-heading" ref={heading} tabIndex={-1}>
          {chartTitle}: {bar.label}
        </h2>
        <button type="button" className="ui-button" onClick={onClose}>
          Close
        </button>
      </div>
      {incidents.error && <p className="error">{String(incidents.error)}</p>}
      {incidents.data && rows.length === 0 && <p className="muted">No incidents.</p>}
      {rows.length > 0 && (
        <table className="ui-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Site</th>
              <th scope="col">Room</th>
              <th scope="col">Category</th>
              <th scope="col">Severity</th>
              <th scope="col">Status</th>
              <th scope="col">Outcome</th>
              <th scope="col">{perAlert ? 'Alert' : 'Incidents'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.alertId ?? i} data-testid="drill-row">
                <td>{r.day}</td>
                <td>{r.site ?? '—'}</td>
                <td>{r.room ?? 'Not in a room'}</td>
                <td>{r.categoryName}</td>
                <td>{r.severity}</td>
                <td>{r.status}</td>
                <td>{r.outcome ?? '—'}</td>
                <td>{r.alertId ? <Link to={`/alerts/${r.alertId}`}>Open</Link> : r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {incidents.data?.truncated && <p className="muted">Only the newest 500 are listed: narrow the dates.</p>}
    </section>
  );
}
