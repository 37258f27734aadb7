import { Link } from 'react-router';
import type { DeviceSummary } from '@lookout/shared';
import { RelativeTime } from './RelativeTime';

/** One PC at a glance: online state, who is on it, what is in front of them. */
export function DeviceTile({ device }: { device: DeviceSummary }) {
  const state = device.revoked ? 'revoked' : device.online ? 'online' : 'offline';
  return (
    <Link
      to={`/devices/${device.id}`}
      className={`device-tile device-tile--${state}`}
      data-testid="device-tile"
      data-device-id={device.id}
      data-state={state}
    >
      <div className="device-tile__head">
        <span className="device-tile__hostname">{device.hostname}</span>
        <span className={`status status--${state}`}>{state}</span>
      </div>
      <div className="device-tile__user">{device.user ?? 'nobody signed in'}</div>
      <div className="device-tile__app">{device.app ?? '—'}</div>
      <div className="device-tile__title" data-testid="device-title" title={device.title ?? ''}>
        {device.title ?? 'no window yet'}
      </div>
      {state === 'offline' && device.user && (
        // Its last heartbeat said someone was logged in: monitoring ended under them (a service stopped, killed,
        // a cable pulled), not at a log-out.
        <div className="device-tile__stopped" data-testid="monitoring-stopped">
          monitoring stopped while in use
        </div>
      )}
      <div className="device-tile__seen">
        last seen <RelativeTime iso={device.lastSeen} />
      </div>
    </Link>
  );
}
