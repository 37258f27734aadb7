import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardChart } from '@lookout/shared';

const COLOURS = { incidents: '#1a56b8', minutes: '#1b6e37' } as const;
/** Charts over time read left to right; the others are ranked lists, easier to read as rows. */
const OVER_TIME = new Set(['incidents-by-week', 'incidents-by-term']);

export type Bar = DashboardChart['bars'][number];

/**
 * One chart of the dashboard (recharts: SVG drawn by React, so the console's CSP, which allows no inline style
 * or script, holds), the CSV of its data, and the same data as a table whose buttons drill down by keyboard.
 */
export function ChartCard({
  chart,
  csvHref,
  onDrill,
}: {
  chart: DashboardChart;
  csvHref: string;
  onDrill?: (bar: Bar) => void;
}) {
  const headingId = `chart-${chart.id}`;
  const total = chart.bars.reduce((n, b) => n + b.value, 0);
  const summary = chart.bars
    .slice(0, 5)
    .map((b) => `${b.label} ${b.value}`)
    .join(', ');
  const overTime = OVER_TIME.has(chart.id);
  const drill = onDrill && chart.drill !== 'none' ? onDrill : undefined;
  return (
    <section className="card chart-card" aria-labelledby={headingId} data-testid={`chart-${chart.id}`}>
      <div className="card__head">
        <h2 id={headingId}>{chart.title}</h2>
        <a className="ui-button ui-button--quiet" href={csvHref} download={`${chart.id}.csv`}>
          CSV<span className="visually-hidden"> of {chart.title.toLowerCase()}</span>
        </a>
      </div>
      {chart.bars.length === 0 || total === 0 ? (
        <p className="muted">Nothing in this period.</p>
      ) : (
        <div
          className={`chart-card__plot${drill ? ' chart-card__plot--drill' : ''}`}
          role="img"
          aria-label={`${chart.title} (${chart.unit}): ${summary}${chart.bars.length > 5 ? ', …' : ''}`}
        >
          <ResponsiveContainer width="100%" height={overTime ? 220 : Math.max(120, 28 * chart.bars.length + 40)}>
            <BarChart
              data={chart.bars}
              layout={overTime ? 'horizontal' : 'vertical'}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={!overTime} horizontal={overTime} />
              {overTime ? (
                <>
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
                  <YAxis allowDecimals={false} width={36} />
                </>
              ) : (
                <>
                  <XAxis type="number" allowDecimals={chart.unit === 'minutes'} />
                  <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} />
                </>
              )}
              <Tooltip />
              <Bar
                dataKey="value"
                name={chart.columns[1]}
                fill={COLOURS[chart.unit]}
                isAnimationActive={false}
                {...(drill ? { onClick: (_: unknown, index: number) => drill(chart.bars[index]!) } : {})}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <details className="chart-card__table">
        <summary>Table</summary>
        <table className="ui-table">
          <thead>
            <tr>
              <th scope="col">{chart.columns[0]}</th>
              <th scope="col">{chart.columns[1]}</th>
              {drill && <th scope="col">Details</th>}
            </tr>
          </thead>
          <tbody>
            {chart.bars.map((bar) => (
              <tr key={bar.key}>
                <td>{bar.label}</td>
                <td>{bar.value}</td>
                {drill && (
                  <td>
                    <button type="button" className="ui-button ui-button--quiet" onClick={() => drill(bar)}>
                      {chart.drill === 'room' ? 'Show this room' : 'Show incidents'}
                      <span className="visually-hidden"> for {bar.label}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
