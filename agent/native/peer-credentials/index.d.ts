/** The uid, gid and pid the kernel recorded for the peer of the connected unix socket `fd` (pid 0 where unknown). */
export function peerCredentials(fd: number): { uid: number; gid: number; pid: number };
