import type { ThumbnailSize } from '@lookout/shared';

export type StreamKey = `${string}|${ThumbnailSize}`;

export const streamKey = (deviceId: string, size: ThumbnailSize): StreamKey => `${deviceId}|${size}`;

/**
 * Which thumbnail streams should run (a pure diff): given what is wanted now and what runs, the streams to
 * start and to stop. Kept apart from sockets so the rule "capture only while someone watches" is testable.
 */
export function diffStreams(
  wanted: ReadonlySet<StreamKey>,
  running: ReadonlySet<StreamKey>,
): { start: StreamKey[]; stop: StreamKey[] } {
  return {
    start: [...wanted].filter((k) => !running.has(k)),
    stop: [...running].filter((k) => !wanted.has(k)),
  };
}

export function parseStreamKey(key: StreamKey): { deviceId: string; size: ThumbnailSize } {
  const [deviceId, size] = key.split('|') as [string, ThumbnailSize];
  return { deviceId, size };
}
