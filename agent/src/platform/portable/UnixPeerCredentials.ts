import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { PeerCredentials, PeerIdentity } from '../PeerCredentials.js';

const require = createRequire(import.meta.url);

/** Linux (SO_PEERCRED) and macOS/BSD (getpeereid), through a small N-API addon: Node has no API for either. */
export class UnixPeerCredentials implements PeerCredentials {
  private readonly addon = require('@lookout/peer-credentials') as {
    peerCredentials(fd: number): PeerIdentity;
  };

  of(socket: Socket): PeerIdentity {
    // A unix socket's libuv handle exposes its descriptor; an accepted connection always has one.
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== 'number' || fd < 0) throw new Error('the connection has no file descriptor to ask about');
    return this.addon.peerCredentials(fd);
  }
}
