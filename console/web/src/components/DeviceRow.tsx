import { memo } from 'react';
import { Link } from 'react-router';
import { lacksBrowserExtension } from '@lookout/shared';
import { useLiveDevice } from '../live/useLive';
import { RelativeTime } from './RelativeTime';

/**
 * One PC in the device list: online state, who is on it, what is in front of them. It follows its own device in the
 * live store, so an update to this PC re-renders this row alone.
 */
export const DeviceRow = memo(function DeviceRow({ id }: { id: string }) {
  const device = useLiveDevice(id);
  if (!device) return <span className="device-row device-row--loading">…</span>;
  const state = device.revoked ? 'revoked' : device.online ? 'online' : 'offline';
  return (
    <Link
      to={`/devices/${device.id}`}
      className={`device-row device-row--${state}`}
      data-testid="device-tile"
      data-device-id={device.id}
      data-state={state}
    >
      <span className="device-row__hostname">
        {device.hostname}
        {!device.revoked && lacksBrowserExtension(device.capabilities) && (
          <span
            className="badge badge--warning"
            data-testid="no-extension"
            title={device.capabilities.browser?.reason ?? 'no report from the browser extension yet'}
          >
            no extension
          </span>
        )}
      </span>
      <span className={`status status--${state}`}>{state}</span>
      <span className="device-row__user">{device.user ?? 'nobody signed in'}</span>
      <span className="device-row__app">{device.app ?? '—'}</span>
      <span className="device-row__title" data-testid="device-title" title={device.title ?? ''}>
        {device.title ?? 'no window yet'}
      </span>
      <span className="device-row__seen">
        <RelativeTime iso={device.lastSeen} />
      </span>
    </Link>
  );
});
