import type { ThumbnailSize } from '@lookout/shared';
import { useThumbnail } from '../live/useLive';

interface Props {
  deviceId: string;
  hostname: string;
  size: ThumbnailSize;
  /** Shown while no frame has come (the PC is offline, or its first capture is on its way). */
  placeholder: string;
  testId?: string;
}

/** The latest frame of a PC's screen: the one place the page shows a live thumbnail. */
export function ScreenThumbnail({ deviceId, hostname, size, placeholder, testId = 'thumbnail' }: Props) {
  const thumbnail = useThumbnail(deviceId, size);
  if (!thumbnail) return <span className="class-tile__placeholder">{placeholder}</span>;
  return (
    <img
      src={thumbnail.url}
      alt={`Screen of ${hostname}`}
      data-testid={testId}
      data-captured-at={thumbnail.capturedAt}
      width={thumbnail.width}
      height={thumbnail.height}
    />
  );
}
