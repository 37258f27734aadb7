import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

/** The school's mail server in tests: a real SMTP server (the smtp-server package) on 127.0.0.1 keeping what it gets. */
export class MailCatcher {
  readonly mail: CaughtMail[] = [];
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            this.mail.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
  }

  static async start(): Promise<MailCatcher> {
    const catcher = new MailCatcher();
    await new Promise<void>((resolve) => catcher.server.listen(0, '127.0.0.1', resolve));
    return catcher;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
