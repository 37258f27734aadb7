import { createRequire } from 'node:module';
import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

// Loaded when a mailer is first made (mail settings saved), not at every console start.
const require = createRequire(import.meta.url);

/** The school's mail server, as the settings page holds it. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: upgrade required (587); `none`: a relay on the LAN. */
  security: 'tls' | 'starttls' | 'none';
  username?: string;
  password?: string;
  from: string;
}

export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Sends through the school's SMTP server with nodemailer (a maintained client: TLS, auth, and encodings done right). */
export class SmtpMailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const nodemailer = require('nodemailer') as typeof Nodemailer;
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  /** Resolves with the server's reply once it accepted the message; rejects with its reason otherwise. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transport.sendMail({
      from: this.settings.from,
      to: [...mail.to],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
    });
    return String(info.response ?? '');
  }

  close(): void {
    this.transport.close();
  }
}
