import type { EnrolmentToken } from '@lookout/shared';

export interface InstallCommand {
  os: 'windows' | 'macos' | 'linux';
  label: string;
  shell: string;
  command: string;
}

/** Quoted for PowerShell: single quotes take everything literally, a quote inside is doubled. */
const powershellQuoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Quoted for a POSIX shell. */
const posixQuoted = (text: string) => (/^[\w.:/@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/**
 * The command that enrols a PC, per OS: the console's address, its certificate pin and the token, which goes in on
 * standard input (never on a command line every user of the PC can read), as the console's own command does.
 */
export function installCommands(token: Pick<EnrolmentToken, 'token' | 'serverUrl' | 'caPin'>): InstallCommand[] {
  const args = (quote: (s: string) => string) =>
    `--server ${quote(token.serverUrl)}${token.caPin ? ` --ca-pin ${quote(token.caPin)}` : ''} --enrol-token-file -`;
  return [
    {
      os: 'windows',
      label: 'Windows',
      shell: 'PowerShell, as an administrator',
      command: `${powershellQuoted(token.token)} | lookout-agent ${args(powershellQuoted)}`,
    },
    {
      os: 'macos',
      label: 'macOS',
      shell: 'Terminal',
      command: `printf '%s\\n' ${posixQuoted(token.token)} | lookout-agent ${args(posixQuoted)}`,
    },
    {
      os: 'linux',
      label: 'Linux',
      shell: 'a terminal',
      command: `printf '%s\\n' ${posixQuoted(token.token)} | lookout-agent ${args(posixQuoted)}`,
    },
  ];
}
