import type { Socket } from 'node:net';
import { LOCAL_CHANNEL_MAX_LINE_BYTES } from '@lookout/shared';

/**
 * One JSON message a line on a local socket, both ways. A line past the limit ends the connection (a peer that
 * sends one is broken or hostile); everything else is handed on as text, to be validated by the receiver.
 */
export class JsonLines {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;

  constructor(
    private readonly socket: Socket,
    onLine: (line: string) => void,
    private readonly maxLineBytes = LOCAL_CHANNEL_MAX_LINE_BYTES,
  ) {
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const part = chunk.subarray(start, nl);
        const line = this.bufferedBytes
          ? Buffer.concat([...this.buffered, part]).toString('utf8')
          : part.toString('utf8');
        this.buffered = [];
        this.bufferedBytes = 0;
        start = nl + 1;
        if (Buffer.byteLength(line) > this.maxLineBytes) return void socket.destroy();
        if (line.trim()) onLine(line);
        if (socket.destroyed) return;
      }
      if (start < chunk.length) {
        this.buffered.push(chunk.subarray(start));
        this.bufferedBytes += chunk.length - start;
        if (this.bufferedBytes > this.maxLineBytes) socket.destroy();
      }
    });
  }

  send(message: object): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(`${JSON.stringify(message)}\n`);
  }
}
