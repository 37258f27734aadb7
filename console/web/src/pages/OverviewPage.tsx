import { useEffect, useState } from 'react';
import type { SchoolOverview } from '@lookout/shared';
import { api } from '../api/ApiClient';

/** Senior leaders and governors: how many PCs there are and are online, per site and room. Counts only. */
export function OverviewPage() {
  const [overview, setOverview] = useState<SchoolOverview | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const load = () => api.overview().then(setOverview, (err: unknown) => setError(String(err)));
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, []);
  if (error) return <p className="error">{error}</p>;
  if (!overview) return null;
  return (
    <section>
      <div className="page-head">
        <h2>Overview</h2>
      </div>
      <p data-testid="overview-total">
        {overview.devices === 0
          ? 'No PCs are enrolled yet.'
          : `${overview.online} of ${overview.devices} PCs online now.`}
      </p>
      {overview.sites.map((site) => (
        <div key={site.id}>
          <h3>{site.name}</h3>
          {site.rooms.length === 0 ? (
            <p className="muted">No rooms yet.</p>
          ) : (
            <table className="activity">
              <thead>
                <tr>
                  <th>Room</th>
                  <th>PCs</th>
                  <th>Online</th>
                </tr>
              </thead>
              <tbody>
                {site.rooms.map((room) => (
                  <tr key={room.id}>
                    <td>{room.name}</td>
                    <td>{room.devices}</td>
                    <td>{room.online}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      {overview.unplaced.devices > 0 && (
        <p className="muted">
          Not in a room: {overview.unplaced.devices} PCs ({overview.unplaced.online} online).
        </p>
      )}
    </section>
  );
}
