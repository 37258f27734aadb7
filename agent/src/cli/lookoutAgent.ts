#!/usr/bin/env node
// The agent's entry point: the program every launcher runs (lookout-agent, lookout-service, lookout-session, the
// service's restart of a session agent), so the path the service knows a genuine session agent by (nodeFlags.ts,
// LinuxUserSessions.describe). It imports nothing statically: a static import is evaluated before the first
// statement, and the first statement must be this one.
//
// Node 20 opens its inspector (127.0.0.1:9229, which runs any code it is sent) when the process gets SIGUSR1, and
// has no flag to stop that (--disable-sigusr1 came in Node 22.14). A session agent runs as the pupil, who may signal
// their own processes: with the inspector open they could run code inside a "genuine" session agent and have the
// service vouch for anything. A listener of our own takes the signal from the inspector (libuv's handler replaces
// Node's); it does nothing.
process.on('SIGUSR1', () => undefined);

Promise.all([
  // A Node built without an inspector has none to open.
  import('node:inspector').catch(() => undefined),
  import('./agentCli.js'),
]).then(
  ([inspector, { runAgentCli }]) => {
    // A SIGUSR1 that came while Node itself was starting (before the line above) may have opened the inspector
    // already: such a process is not one to run as an agent.
    if (inspector?.url() !== undefined) {
      process.stderr.write('lookout-agent: the Node inspector is open (SIGUSR1 while starting): exiting\n');
      process.exit(70);
    }
    runAgentCli();
  },
  (err: unknown) => {
    process.stderr.write(`lookout-agent: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
