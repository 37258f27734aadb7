import type { EnrolmentToken } from '@lookout/shared';

/** How agents reach this console: its URL and, over HTTPS, the fingerprint of the CA they must pin. */
export interface ConsoleAddress {
  serverUrl: string;
  caPin: string | null;
}

export type IssuedEnrolmentToken = Omit<EnrolmentToken, 'serverUrl' | 'caPin' | 'installCommand'>;

/**
 * The command that enrols a PC: the same `lookout-agent` on every OS. The token goes in on standard input
 * (`echo` is a shell builtin), never on a command line that every user of the PC can read.
 */
export function installCommand(address: ConsoleAddress, token: string): string {
  const pin = address.caPin ? ` --ca-pin ${address.caPin}` : '';
  return `echo ${token} | lookout-agent --server ${address.serverUrl}${pin} --enrol-token-file -`;
}

/** A new token as staff see it: with the console's address, the pin and the command to run on each PC. */
export function enrolmentInstructions(token: IssuedEnrolmentToken, address: ConsoleAddress): EnrolmentToken {
  return {
    ...token,
    serverUrl: address.serverUrl,
    caPin: address.caPin,
    installCommand: installCommand(address, token.token),
  };
}

/** The URL agents and browsers use: https beyond loopback, with IPv6 addresses bracketed. */
export function consoleUrl(tls: boolean, host: string, port: number): string {
  return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
