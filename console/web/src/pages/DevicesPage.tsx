import type { LiveDevices } from '../api/useLiveDevices';
import { DeviceTile } from '../components/DeviceTile';

export function DevicesPage({ live }: { live: LiveDevices }) {
  const devices = [...live.devices.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
  const online = devices.filter((d) => d.online).length;
  return (
    <section>
      <header className="page-head">
        <h2>Devices</h2>
        <span className="muted">
          {online} of {devices.length} online
        </span>
      </header>
      {devices.length === 0 && live.state === 'live' && (
        <p className="empty">
          No devices yet. Create an enrolment token (POST /api/enrolment-tokens: it comes with the command to run) and
          run <code>lookout-agent --server URL --ca-pin PIN --enrol TOKEN</code> on a PC.
        </p>
      )}
      <div className="device-grid">
        {devices.map((d) => (
          <DeviceTile key={d.id} device={d} />
        ))}
      </div>
    </section>
  );
}
