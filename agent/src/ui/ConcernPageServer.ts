import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ConcernForm, type SafeguardingSettings } from '@lookout/shared';
import { readBody, sameToken } from './localRequest.js';
import { acceptableUsePage, reportConcernForm, reportConcernSent } from './reportConcernPage.js';

const MAX_BODY = 32 * 1024;

export interface ConcernPageOptions {
  port: number;
  /** The title every page carries (neutral, and marked as the agent's own: OwnPages.title()). */
  title: string;
  settings(): SafeguardingSettings;
  /** Stores the report; resolves to whether it reached the console at once. */
  report(form: ConcernForm): Promise<boolean>;
  /** The acceptable-use notice in force (empty: none), and whether this user has accepted it. */
  acceptableUse?(): { text: string; accepted: boolean };
  accept?(): Promise<void>;
}

/**
 * The report-a-concern page, served on 127.0.0.1 to whoever sits at this PC (headless mode; Electron shows the
 * same page in its own window). Only this page can post to it: a per-start token in the form, and the Host and
 * Origin headers must be this server's own (no other site, no DNS-rebound name).
 */
export class ConcernPageServer {
  private readonly token = randomBytes(24).toString('base64url');
  // The pages live under a path drawn at start: the address a browser shows as a title while a page loads names
  // it, so the agent can tell its own window (OwnPages) and no other page can pass for it.
  private readonly base = `/${randomBytes(12).toString('base64url')}/`;
  private server: Server | undefined;
  private origin = '';

  constructor(private readonly options: ConcernPageOptions) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    this.origin = `http://127.0.0.1:${port}`;
    return `${this.origin}${this.base}`;
  }

  async stop(): Promise<void> {
    // Browsers keep connections open: close them, or close() waits for them for ever.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.headers.host !== this.origin.slice('http://'.length))
        return this.send(res, 421, 'text/plain', 'wrong host');
      const requested = (req.url ?? '/').split('?')[0] ?? '/';
      if (!requested.startsWith(this.base)) return this.send(res, 404, 'text/plain', 'not found');
      const path = `/${requested.slice(this.base.length)}`;
      if (req.method === 'GET' && path === '/') {
        return this.send(
          res,
          200,
          'text/html',
          reportConcernForm(this.options.title, this.options.settings(), this.token),
        );
      }
      if (req.method === 'POST' && path === '/report') return await this.onReport(req, res);
      if (path === '/acceptable-use') return await this.onAcceptableUse(req, res);
      return this.send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      this.send(res, 500, 'text/plain', `the concern could not be saved: ${(err as Error).message}`);
    }
  }

  /**
   * A form posted from this server's own page: anything from another origin, too long, or carrying an old token
   * (the agent restarted since the page was shown) is refused.
   */
  private async postedForm(req: IncomingMessage): Promise<URLSearchParams | 'forbidden' | 'too large' | 'stale'> {
    const origin = req.headers.origin;
    if (origin && origin !== this.origin && origin !== 'null') return 'forbidden';
    const body = await readBody(req, MAX_BODY);
    if (body === undefined) return 'too large';
    const fields = new URLSearchParams(body);
    return sameToken(fields.get('token') ?? '', this.token) ? fields : 'stale';
  }

  private async onReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = await this.postedForm(req);
    if (fields === 'forbidden') return this.send(res, 403, 'text/plain', 'forbidden');
    if (fields === 'too large') return this.send(res, 413, 'text/plain', 'too long');
    if (fields === 'stale') {
      return this.send(
        res,
        403,
        'text/html',
        reportConcernForm(this.options.title, this.options.settings(), this.token, {
          error: 'This page was out of date. Please write your concern again and send it.',
        }),
      );
    }
    const input = {
      category: fields.get('category') ?? '',
      text: fields.get('text') ?? '',
      anonymous: fields.get('anonymous') === '1',
    };
    const parsed = ConcernForm.safeParse(input);
    if (!parsed.success) {
      const error = parsed.error.issues.some((i) => i.path[0] === 'category')
        ? 'Choose what it is about.'
        : (parsed.error.issues[0]?.message ?? 'Please check the form.');
      return this.send(
        res,
        400,
        'text/html',
        reportConcernForm(this.options.title, this.options.settings(), this.token, { ...input, error }),
      );
    }
    const delivered = await this.options.report(parsed.data);
    this.send(
      res,
      200,
      'text/html',
      reportConcernSent(this.options.title, this.options.settings(), parsed.data.anonymous, delivered),
    );
  }

  private async onAcceptableUse(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const notice = this.options.acceptableUse?.() ?? { text: '', accepted: true };
    if (req.method === 'POST') {
      const fields = await this.postedForm(req);
      if (fields === 'forbidden') return this.send(res, 403, 'text/plain', 'forbidden');
      if (typeof fields === 'string')
        return this.send(res, 403, 'text/plain', 'this page was out of date: open it again');
      if (notice.text && !notice.accepted) await this.options.accept?.();
      return this.send(res, 200, 'text/html', acceptableUsePage(this.options.title, notice.text, this.token, true));
    }
    return this.send(
      res,
      200,
      'text/html',
      acceptableUsePage(this.options.title, notice.text, this.token, notice.accepted),
    );
  }

  private send(res: ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, {
      'content-type': `${type}; charset=utf-8`,
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  }
}
