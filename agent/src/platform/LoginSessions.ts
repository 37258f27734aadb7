/** A graphical login the OS recorded (a display manager's session), whoever started what in it. */
export interface GraphicalLogin {
  uid: number;
  gid: number;
  user: string;
  /** The X display (":0") or Wayland socket the session runs on. */
  display: string;
  /** The session's leading process, where the OS names one (its environment says how to reach the desktop). */
  leaderPid?: number;
}

/**
 * The service's own view of who is logged in graphically, independent of the session agents (which the user can
 * keep from starting): one implementation per OS (Linux: logind's sessions, else the utmp records display
 * managers write; Windows: WTS sessions, later).
 */
export interface LoginSessions {
  /** Graphical logins of people (system accounts and remote or text logins left out). */
  current(): Promise<GraphicalLogin[]>;
  /** Calls `changed` when the OS's record of logins may have changed; returns how to stop watching. */
  watch(changed: () => void): () => void;
  /** The environment a session agent needs to work in that login's desktop (display, X authority, bus, home). */
  environment(login: GraphicalLogin): Promise<Record<string, string>>;
  /**
   * Removes the user's own copy of the session agent's login autostart entry, which hides the system's (the XDG
   * rules let a user's entry of the same name win), acting as that user; says what it removed, if anything.
   */
  removeAutostartOverride(login: GraphicalLogin, env: Record<string, string>): Promise<string | undefined>;
}
