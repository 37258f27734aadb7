import type { WebSocket } from 'ws';

interface ReceiverInternals {
  _receiver?: { _maxPayload?: unknown };
}

/**
 * Sets the largest frame `socket` accepts from now on. ws fixes maxPayload per server, but an agent may send
 * only a small hello before it has proved who it is and large frames (evidence) after: its receiver checks each
 * frame's declared length against this field before buffering it. ws has no public setter, so this reaches into
 * its receiver, and throws rather than silently allowing 1 MiB frames if a new ws renames the field (a unit
 * test runs it against the real ws).
 */
export function setMaxFrameBytes(socket: WebSocket, bytes: number): void {
  const receiver = (socket as unknown as ReceiverInternals)._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') {
    throw new Error('ws internals changed: cannot set the frame size limit of a socket');
  }
  receiver._maxPayload = bytes;
}
