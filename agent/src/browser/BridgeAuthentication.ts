import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's time may be from the agent's (the browser and agent share the PC's clock). */
const NONCE_WINDOW_MS = 120_000;
const NONCE = /^(\d{13})\.[0-9a-f-]{36}$/;

/**
 * Mutual authentication of the extension and the agent over the local bridge, with the per-install key the agent
 * writes into the extension's config. Neither side ever sends the key: the extension signs each request (a fresh
 * nonce, the path and the body), and the agent signs each answer to that nonce (status and body). A process that
 * squats the bridge's port while the agent is down learns nothing it can replay and cannot make an answer the
 * extension accepts, so the extension keeps its last rules (fail closed). A request seen once is refused again.
 */
export class BridgeAuthentication {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly key: string,
    private readonly now: () => number,
  ) {}

  /** The request's nonce when its proof holds (fresh, unseen, signed with the key), else undefined. */
  verifyRequest(request: { nonce: unknown; proof: unknown; path: string; body: string }): string | undefined {
    const { nonce, proof } = request;
    if (typeof nonce !== 'string' || typeof proof !== 'string') return undefined;
    const at = NONCE.exec(nonce)?.[1];
    if (!at || Math.abs(this.now() - Number(at)) > NONCE_WINDOW_MS) return undefined;
    const expected = this.sign(`request\n${nonce}\n${request.path}\n${request.body}`);
    if (!sameHex(proof, expected)) return undefined;
    this.forgetExpired();
    if (this.seen.has(nonce)) return undefined;
    this.seen.set(nonce, Number(at) + NONCE_WINDOW_MS);
    return nonce;
  }

  /** The proof the extension checks an answer against. */
  signResponse(nonce: string, status: number, body: string): string {
    return this.sign(`response\n${nonce}\n${status}\n${body}`);
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex');
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [nonce, expires] of this.seen) if (expires < now) this.seen.delete(nonce);
  }
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
