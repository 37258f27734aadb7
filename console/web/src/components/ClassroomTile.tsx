import { memo } from 'react';
import { Checkbox } from 'react-aria-components';
import type { CommandResponse } from '@lookout/shared';
import { useLiveDevice } from '../live/useLive';
import { ScreenThumbnail } from './ScreenThumbnail';

type CommandResult = CommandResponse['results'][number];

interface Props {
  id: string;
  selected: boolean;
  /** How the last command went on this PC, shown on the tile. */
  result: CommandResult | undefined;
  onToggle(id: string): void;
  onEnlarge(id: string): void;
}

const RESULT_TEXT: Record<CommandResult['status'], string> = {
  ok: 'Done',
  offline: 'Offline',
  failed: 'Failed',
  timeout: 'No answer',
  unsupported: 'Not supported',
  skipped: 'Skipped',
};

/** One pupil's screen on the classroom wall; it follows its own device, so another PC's change leaves it alone. */
export const ClassroomTile = memo(function ClassroomTile({ id, selected, result, onToggle, onEnlarge }: Props) {
  const device = useLiveDevice(id);
  if (!device) return null;
  const state = device.online ? (device.locked ? 'locked' : 'online') : 'offline';
  // The pupil first, by the name their account gives (else their login); a PC nobody is signed in to by its name.
  const who = device.user ? (device.displayName ?? device.user) : device.hostname;
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
        onClick={() => onEnlarge(device.id)}
        aria-label={`Larger view of ${device.hostname}`}
      >
        <ScreenThumbnail
          deviceId={device.id}
          hostname={device.hostname}
          size="small"
          placeholder={device.online ? 'waiting for the screen…' : 'offline'}
        />
        {device.locked && <span className="class-tile__badge">Locked</span>}
        {result && (
          <span
            className={`class-tile__result class-tile__result--${result.status}`}
            data-testid="command-result"
            data-status={result.status}
            title={result.detail ? `${RESULT_TEXT[result.status]}: ${result.detail}` : undefined}
          >
            {/* A failure says why on the tile (e.g. "not opened: no browser with the Lookout extension"). */}
            {result.status === 'failed' && result.detail ? result.detail : RESULT_TEXT[result.status]}
          </span>
        )}
      </button>
      <div className="class-tile__info">
        <Checkbox
          className="ui-checkbox class-tile__select"
          isSelected={selected}
          onChange={() => onToggle(device.id)}
          aria-label={`Select ${device.hostname}`}
        >
          <span className="ui-checkbox__box" aria-hidden="true" />
          <strong className="class-tile__who" title={who}>
            {who}
          </strong>
        </Checkbox>
        <span className="class-tile__host">
          {device.user ? `${device.hostname}${device.displayName ? ` · ${device.user}` : ''}` : 'nobody signed in'}
        </span>
        <span className="class-tile__app" title={device.app ?? ''}>
          {device.app ?? '—'}
        </span>
        <span className="class-tile__title" title={device.title ?? ''} data-testid="tile-title">
          {device.title ?? ''}
        </span>
        {device.url && (
          <span className="class-tile__url" title={device.url} data-testid="tile-url">
            {device.url.replace(/^https?:\/\//, '')}
          </span>
        )}
      </div>
    </div>
  );
});
