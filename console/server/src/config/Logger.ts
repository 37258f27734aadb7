/** Plain line logger to stderr; stdout is kept for what an operator must read (URL, first credentials). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(name: string, quiet = false): Logger {
  const write = (level: string, message: string) =>
    process.stderr.write(`${new Date().toISOString()} ${name} ${level} ${message}\n`);
  return {
    info: (m) => quiet || write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}
