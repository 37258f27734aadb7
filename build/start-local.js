// `npm start`: the console with its embedded SQLite database and a local agent enrolled to it.
// Data lives in .lookout-data/ (or LOOKOUT_DATA_DIR); Ctrl+C stops both.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dataRoot = process.env.LOOKOUT_DATA_DIR ?? join(root, '.lookout-data');
const consoleCli = join(root, 'console', 'server', 'dist', 'cli', 'lookoutConsole.js');
const agentCli = join(root, 'agent', 'dist', 'cli', 'lookoutAgent.js');
const consoleEnv = { ...process.env, LOOKOUT_DATA_DIR: join(dataRoot, 'console') };
const agentDir = join(dataRoot, 'agent');
// Built with the agent (npm start builds first): the Node flags every agent process is started with.
const { AGENT_NODE_FLAGS } = await import(join(root, 'agent', 'dist', 'cli', 'nodeFlags.js'));
const { CONSOLE_NODE_FLAGS } = await import(join(root, 'console', 'server', 'dist', 'cli', 'nodeFlags.js'));

const children = [];
function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const server = spawn(process.execPath, [...CONSOLE_NODE_FLAGS, consoleCli], {
  env: consoleEnv,
  stdio: ['ignore', 'pipe', 'inherit'],
});
children.push(server);
server.on('exit', (code) => {
  console.error(`lookout: the console stopped (exit ${code})`);
  stopAll(code ?? 1);
});

let printed = '';
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  printed += chunk.toString();
  const url = /Lookout console listening on (\S+)/.exec(printed)?.[1];
  if (url && !startAgent.started) startAgent(url, /Password: (\S+)/.exec(printed)?.[1]);
});

function startAgent(url, firstPassword) {
  startAgent.started = true;
  const args = [...AGENT_NODE_FLAGS, agentCli, '--server', url, '--data-dir', agentDir];
  let token;
  if (!existsSync(join(agentDir, 'credential.json'))) {
    token = execFileSync(process.execPath, [consoleCli, 'enrolment-token', '--label', 'local agent'], {
      env: consoleEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    // On standard input, not the command line (where every user of the PC could read it).
    args.push('--enrol-token-file', '-');
  }
  const agent = spawn(process.execPath, args, { stdio: [token ? 'pipe' : 'ignore', 'inherit', 'inherit'] });
  if (token) agent.stdin.end(`${token}\n`);
  children.push(agent);
  agent.on('exit', (code) => console.error(`lookout: the local agent stopped (exit ${code})`));

  const credentials = firstPassword
    ? `Sign in as admin with the password above.`
    : `Sign in as admin (its password was printed at the first start, or is LOOKOUT_ADMIN_PASSWORD).`;
  console.log(`\nLookout is running. Open ${url} in a browser. ${credentials}\nPress Ctrl+C to stop.\n`);
}
