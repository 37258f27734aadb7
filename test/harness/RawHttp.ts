import { connect, type Socket } from 'node:net';

export interface RawExchange {
  /** Everything the server sent before it closed (or before we gave up waiting). */
  response: Buffer;
  /** The status code of the first response, if the server sent one. */
  status: number | undefined;
  /** How the exchange ended: the server closed, or it was still open after `timeoutMs` (we closed it). */
  ended: 'closed' | 'timeout';
}

const statusOf = (bytes: Buffer) => {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : undefined;
};

/**
 * Sends raw bytes to a server over TCP, exactly as given (malformed requests included), half-closes, and
 * collects what comes back until the server closes. For requests no HTTP client library would send.
 */
export function rawExchange(port: number, request: Buffer | string, timeoutMs = 5000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const finish = (ended: RawExchange['ended']) => {
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks);
      resolve({ response, status: statusOf(response), ended });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset is one way for the server to end an exchange it refuses.
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('connect', () => socket.end(typeof request === 'string' ? Buffer.from(request, 'latin1') : request));
  });
}

/** A TCP connection kept open, to send a request in parts and read the answers as they come. */
export class RawConnection {
  private readonly chunks: Buffer[] = [];
  readonly closed: Promise<void>;
  error: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    socket.on('error', (err) => (this.error = err));
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get received(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  /** Writes and waits until the bytes are handed to the kernel (rejects if the server has closed). */
  write(data: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    this.socket.destroy();
  }
}
