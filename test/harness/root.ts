/**
 * Whether this run may do what only root can (dpkg -i, mounting images, other users' processes). Outside CI a
 * developer without root sees those suites skipped, and says so; in CI (which runs as root) missing root is an
 * error, never a silent skip.
 */
export function runsAsRoot(): boolean {
  const root = process.getuid?.() === 0;
  if (!root && process.env.CI) throw new Error('CI must run as root: these tests need it and may not be skipped');
  return root;
}
