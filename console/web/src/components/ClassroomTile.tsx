import type { DeviceSummary } from '@lookout/shared';
import type { LiveThumbnail } from '../api/useLiveDevices';

interface Props {
  device: DeviceSummary;
  thumbnail: LiveThumbnail | undefined;
  selected: boolean;
  onToggle: () => void;
  onEnlarge: () => void;
}

/** One pupil's screen in the classroom grid. */
export function ClassroomTile({ device, thumbnail, selected, onToggle, onEnlarge }: Props) {
  const state = device.online ? (device.locked ? 'locked' : 'online') : 'offline';
  return (
    <div
      className={`class-tile class-tile--${state}${selected ? ' class-tile--selected' : ''}`}
      data-testid="class-tile"
      data-device-id={device.id}
      data-state={state}
      data-locked={device.locked ? 'true' : 'false'}
    >
      <button
        type="button"
        className="class-tile__screen"
        onClick={onEnlarge}
        aria-label={`Larger view of ${device.hostname}`}
      >
        {thumbnail ? (
          <img
            src={thumbnail.url}
            alt={`Screen of ${device.hostname}`}
            data-testid="thumbnail"
            data-captured-at={thumbnail.capturedAt}
          />
        ) : (
          <span className="class-tile__placeholder">{device.online ? 'waiting for the screen…' : 'offline'}</span>
        )}
        {device.locked && <span className="class-tile__badge">Locked</span>}
      </button>
      <label className="class-tile__info">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${device.hostname}`} />
        <span>
          <strong>{device.user ?? 'nobody'}</strong> · {device.hostname}
          <br />
          <span className="muted" title={device.title ?? ''}>
            {device.app ?? '—'}: {device.title ?? ''}
          </span>
        </span>
      </label>
    </div>
  );
}
