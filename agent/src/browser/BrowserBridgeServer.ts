import { createHash, randomBytes } from 'node:crypto';
import { BridgeAuthentication } from './BridgeAuthentication.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { BridgeExchange, BrowserFilter, UrlVerdict } from '@lookout/shared';
import { readBody } from '../ui/localRequest.js';
import { blockPage } from './blockPage.js';

const Navigate = z.object({ url: z.string().max(8192) });
const Visit = z.object({ url: z.string().max(8192), title: z.string().max(4096), browser: z.string().max(64) });
const PageText = Visit.extend({ text: z.string().max(200_000) });
// A field's identity is made up by the content script per element and page; it names nothing about the page.
const SecretInput = z.union([
  z.object({ focused: z.literal(true), field: z.string().min(1).max(128), title: z.string().max(4096) }),
  z.object({ focused: z.literal(false), field: z.string().min(1).max(128).optional() }),
]);
// The extension's own block page, where its rules send a blocked navigation (Chrome/Edge or Firefox).
const FilterRulesRequest = z.object({
  blockPage: z
    .string()
    .regex(/^(chrome|moz)-extension:\/\/[a-z0-9-]{1,64}\/blocked\.html$/, 'not an extension block page'),
});
const MAX_BODY = 256 * 1024;

export interface BrowserBridgeHandlers {
  decide(url: string): UrlVerdict;
  blocked(url: string, verdict: Extract<UrlVerdict, { action: 'block' }>): void;
  visited(visit: z.infer<typeof Visit>): void;
  pageText(page: z.infer<typeof PageText>): void;
  secretInput(notice: z.infer<typeof SecretInput>): void;
  /** The web filter as browser rules, for the extension to enforce before any request leaves the browser (cheap to
   * ask again: built once per policy, lists, lesson state and block page). */
  filterRules(blockPage: string): BrowserFilter | undefined;
  schoolName(): string;
  /** The block page's title: the agent's own marked one (OwnPages). */
  pageTitle(): string;
  /** An authenticated call named the extension's browser profile, browser and version. */
  checkIn?(checkIn: { profile: string; browser: string; version: string }): void;
}

// What the extension says about itself in headers on every call (see background.js).
const CheckIn = z.object({
  profile: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  browser: z.string().regex(/^[a-z]{1,16}$/),
  version: z.string().regex(/^\d{1,5}(\.\d{1,5}){0,3}$/),
});

/**
 * The local end of the browser extension's channel: 127.0.0.1 only, every call carrying the token the agent
 * wrote into the extension's config. The block page is served here too, so a blocked navigation has somewhere
 * to go that the policy cannot block.
 */
export class BrowserBridgeServer {
  private server: Server | undefined;
  origin = '';
  /** The port asked for was taken (another agent on this PC), so another one was chosen. */
  movedFrom: number | undefined;
  /** The extension's block page, as it last asked for rules (the rules' version depends on it). */
  private blockPage: string | undefined;
  private readonly auth: BridgeAuthentication;

  constructor(
    token: string,
    private readonly port: number,
    private readonly handlers: BrowserBridgeHandlers,
    /**
     * The service's signature over each signed answer with its request (root's key: the extension checks it, so a
     * pupil's program on this port cannot pass for the agent, nor pass off an answer to another request); absent in
     * the single-process agent.
     */
    private readonly vouch?: (exchange: BridgeExchange) => Promise<string | undefined>,
  ) {
    this.auth = new BridgeAuthentication(token, Date.now);
  }

  static newToken(): string {
    return randomBytes(24).toString('base64url');
  }

  async start(): Promise<string> {
    let server: Server;
    try {
      server = await this.listen(this.port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.port === 0) throw err;
      // Another agent holds it (a second user's session, a terminal server, a stale process): any free port does,
      // as the extension reads the port from the config.json this agent writes after start.
      server = await this.listen(0);
      this.movedFrom = this.port;
    }
    this.server = server;
    const address = server.address();
    this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : this.port}`;
    return this.origin;
  }

  private async listen(port: number): Promise<Server> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return server;
  }

  async stop(): Promise<void> {
    // Browsers keep connections open: close them, or close() waits for them for ever.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  blockPageUrl(url: string, verdict: Extract<UrlVerdict, { action: 'block' }>): string {
    const q = new URLSearchParams({
      url,
      reason: verdict.reason,
      ...(verdict.category ? { category: verdict.category } : {}),
    });
    return `${this.origin}/blocked?${q.toString()}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    // The verified request: every answer to it carries the agent's proof over status and body, and the service's
    // over those and the request itself.
    let signed: SignedRequest | undefined;
    const send = (status: number, type: string, body: unknown) => void this.send(res, status, type, body, signed);
    try {
      if (req.method === 'GET' && url.pathname === '/blocked') {
        const page = blockPage({
          url: url.searchParams.get('url') ?? '',
          reason: url.searchParams.get('reason') ?? 'block-list',
          category: url.searchParams.get('category'),
          school: this.handlers.schoolName(),
          title: this.handlers.pageTitle(),
        });
        return void this.send(res, 200, 'text/html; charset=utf-8', page);
      }
      if (req.method !== 'POST') return void this.send(res, 404, 'application/json', { error: 'not found' });
      const text = await readBody(req, MAX_BODY);
      if (text === undefined) throw new RangeError('request too large');
      // The extension proves it holds the key without sending it; the answer is signed for it in turn (send()).
      const nonce = this.auth.verifyRequest({
        nonce: req.headers['x-lookout-nonce'],
        proof: req.headers['x-lookout-auth'],
        path: url.pathname,
        body: text,
      });
      if (!nonce) return void this.send(res, 401, 'application/json', { error: 'not signed with this agent’s key' });
      signed = { nonce, method: 'POST', path: url.pathname, requestSha256: sha256(text) };
      const checkIn = CheckIn.safeParse({
        profile: req.headers['x-lookout-profile'],
        browser: req.headers['x-lookout-browser'],
        version: req.headers['x-lookout-extension-version'],
      });
      if (checkIn.success) this.handlers.checkIn?.(checkIn.data);
      const body = JSON.parse(text) as unknown;
      switch (url.pathname) {
        case '/navigate': {
          const { url: target } = Navigate.parse(body);
          const verdict = this.handlers.decide(target);
          // Each answer names the rules now in force, so an extension holding older ones fetches them at once.
          const rules = this.blockPage ? this.handlers.filterRules(this.blockPage)?.version : undefined;
          if (verdict.action === 'allow') return send(200, 'application/json', { action: 'allow', rules });
          this.handlers.blocked(target, verdict);
          return send(200, 'application/json', {
            action: 'block',
            blockPage: this.blockPageUrl(target, verdict),
            rules,
          });
        }
        case '/filter-rules': {
          this.blockPage = FilterRulesRequest.parse(body).blockPage;
          const filter = this.handlers.filterRules(this.blockPage);
          // Not ready (no policy yet, a list still missing): the browser keeps the rules it has.
          if (!filter) return send(503, 'application/json', { error: 'the filter is not ready yet' });
          return send(200, 'application/json', filter);
        }
        case '/visit':
          this.handlers.visited(Visit.parse(body));
          return send(204, 'application/json', undefined);
        case '/page-text':
          this.handlers.pageText(PageText.parse(body));
          return send(204, 'application/json', undefined);
        case '/secret-input':
          this.handlers.secretInput(SecretInput.parse(body));
          return send(204, 'application/json', undefined);
        default:
          return send(404, 'application/json', { error: 'not found' });
      }
    } catch (err) {
      const status =
        err instanceof z.ZodError || err instanceof SyntaxError ? 400 : err instanceof RangeError ? 413 : 500;
      send(status, 'application/json', { error: (err as Error).message });
    }
  }

  private async send(
    res: ServerResponse,
    status: number,
    type: string,
    body: unknown,
    request?: SignedRequest,
  ): Promise<void> {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const vouched =
      request && this.vouch
        ? await this.vouch({ ...request, status, bodySha256: sha256(text) }).catch(() => undefined)
        : undefined;
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      ...(request ? { 'x-lookout-proof': this.auth.signResponse(request.nonce, status, text) } : {}),
      ...(vouched ? { 'x-lookout-vouch': vouched } : {}),
    });
    res.end(text || undefined);
  }
}

/** A request the extension signed, as the service is asked to vouch for the answer to it. */
type SignedRequest = Pick<BridgeExchange, 'nonce' | 'method' | 'path' | 'requestSha256'>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
