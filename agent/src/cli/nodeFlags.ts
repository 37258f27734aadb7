/**
 * The V8 flags every process of the agent is started with: by its launchers (`/usr/bin/lookout-agent`, which the
 * service's systemd unit runs, and `/usr/bin/lookout-session`, which the login's autostart entry runs), by the
 * service's watchdog when it starts a session agent again, by `npm start` and by the benchmark.
 *
 * `--max-semi-space-size=1`: V8's young generation otherwise keeps its start-up size (16 MB) in an idle agent
 * that allocates almost nothing, and a full collection never shrinks it; 1 MB semi-spaces cost an idle agent
 * nothing measurable in CPU (issue 11: below 1 % of a core and 80 MB RSS).
 *
 * The service knows a genuine session agent partly by its command line: exactly these flags, in this order, then
 * the agent's CLI and `session` (LinuxUserSessions). Nothing here may load code (no --require, --import, --inspect).
 */
export const AGENT_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=1']);
