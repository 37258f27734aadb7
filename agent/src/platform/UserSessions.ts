/** How a session agent was started, read by the service when it connects, so the service can start it again. */
export interface SessionLaunch {
  uid: number;
  gid: number;
  user: string;
  /** The session agent's arguments after `session`. */
  args: string[];
  /** The parts of its environment a graphical session needs (display, X authority, D-Bus, home, …). */
  env: Record<string, string>;
}

/**
 * The service's watchdog's view of the OS's user sessions: one implementation per OS (Linux: /proc, logind or the
 * X display; Windows: WTS sessions, later).
 */
export interface UserSessions {
  /**
   * How process `pid` (just connected) was started, if it is this agent's session agent; undefined for any other
   * program on the socket (a pupil's own client), or if it cannot be read.
   */
  describe(pid: number, uid: number, gid: number, user: string): Promise<SessionLaunch | undefined>;
  /** Whether the user of that session is still logged in (a session agent that ended then was killed). */
  stillLoggedIn(launch: SessionLaunch): Promise<boolean>;
  /** Starts a session agent again, as that user, the same way; returns its pid. */
  start(launch: SessionLaunch): number;
}
