import type { Socket } from 'node:net';

/** Who the kernel says is at the other end of a local socket. */
export interface PeerIdentity {
  uid: number;
  gid: number;
  /** 0 where the OS does not say. */
  pid: number;
}

/**
 * The identity of a local channel's peer, read from the OS (SO_PEERCRED on Linux, getpeereid on macOS; a named
 * pipe's client on Windows), never from anything the peer sends. Throws when it cannot be read: the connection is
 * then refused.
 */
export interface PeerCredentials {
  of(socket: Socket): PeerIdentity;
}

/** OS user names by uid (NSS on Linux: local, LDAP and domain accounts alike). */
export interface UidNames {
  nameOf(uid: number): Promise<string | undefined>;
}
