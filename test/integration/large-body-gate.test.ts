import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawConnection } from '../harness/RawHttp.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A real console (child process) and raw TCP clients on 127.0.0.1, as any PC on the school's LAN could open: the
// category import takes bodies up to 140 MiB, so who may send one is decided on the headers, before the body.
let lookout: ConsoleProcess;
let admin: StaffClient;
let viewer: StaffClient;

const MiB = 1024 * 1024;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('viewer1', 'viewer-password-1', 'viewer');
  viewer = await lookout.signIn('viewer1', 'viewer-password-1');
  // The first body the console reads and drops grows its heap's young generation to its working size, once
  // (about 30 MiB here, whatever the body's size): one refused 16 MiB body before anything is measured.
  await refusedUnread(undefined, 401, 'unauthenticated', 16 * MiB);
});

afterAll(async () => {
  await lookout?.stop();
});

/** A category import's JSON body of about `size` bytes (a real one: parsed, it would import). */
function importBody(category: string, size: number): Buffer {
  const line = 'a.example\\n'; // a name and a JSON-escaped newline
  return Buffer.from(
    `{"category":"${category}","reason":"UT1","domains":"${line.repeat(Math.floor(size / line.length))}"}`,
  );
}

function postHeaders(length: number, cookie?: string): string {
  return (
    `POST /api/url-categories HTTP/1.1\r\nHost: 127.0.0.1:${lookout.port}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${length}\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`
  );
}

/** The console's resident memory in KiB from /proc: now, and its peak since the last reset. */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${lookout.pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Starts the peak over from the current RSS (Linux's clear_refs "5"). */
function resetPeak(): void {
  writeFileSync(`/proc/${lookout.pid}/clear_refs`, '5');
}

/**
 * Sends a 50 MiB import body with `cookie` after the headers, and expects `status` before a byte of the body is
 * sent; then sends the body and a health check on the same connection (the sentinel: the body was read and
 * dropped). Returns how far the console's peak RSS rose above where it was, in KiB.
 */
async function refusedUnread(cookie: string | undefined, status: number, code: string, size = 50 * MiB) {
  const body = importBody('refused', size);
  resetPeak();
  const before = memory().rss;
  const connection = await RawConnection.open(lookout.port);
  try {
    await connection.write(postHeaders(body.length, cookie));
    await waitFor(`the ${status} on the headers alone`, () => new RegExp(`"code":"${code}"`).test(connection.received));
    expect(connection.received).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(connection.received).not.toMatch(/connection: close/i);
    await connection.write(body);
    await connection.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${lookout.port}\r\n\r\n`);
    await waitFor('the next answer on the same connection', () => /HTTP\/1\.1 200 /.test(connection.received), {
      timeoutMs: 30_000,
    });
    expect(connection.error).toBeUndefined();
  } finally {
    connection.close();
  }
  const grew = memory().peak - before;
  return grew;
}

describe('the 140 MiB category import', () => {
  it('refuses an unauthenticated 50 MiB body with 401 on its headers, without buffering it', async () => {
    const grew = await refusedUnread(undefined, 401, 'unauthenticated');
    // Buffered and parsed, the body alone would have raised the peak by 100 MiB or more (chunks, the joined
    // copy, the string); read and dropped, by a few MiB of garbage at most.
    expect(grew).toBeLessThan((50 * MiB) / 1024);
    expect(lookout.running).toBe(true);
  });

  it("refuses a viewer's 50 MiB body with 403 on its headers, without buffering it", async () => {
    const grew = await refusedUnread(viewer.cookie, 403, 'forbidden');
    expect(grew).toBeLessThan((50 * MiB) / 1024);
  });

  it('closes the connection on a refused body too large to drain', async () => {
    const connection = await RawConnection.open(lookout.port);
    await connection.write(postHeaders(100 * MiB));
    await connection.closed;
    expect(connection.received).toMatch(/^HTTP\/1\.1 401 /);
    expect(connection.received).toMatch(/connection: close/i);
  });

  it("imports an admin's list", async () => {
    const imported = await admin.request('POST', '/api/url-categories', {
      category: 'games',
      domains: 'games.example\nplay.example\n',
      reason: 'UT1',
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ category: 'games', domains: 2, urls: 0 });
    expect((await admin.request('GET', '/api/url-categories')).body).toContainEqual(
      expect.objectContaining({ category: 'games', domains: 2 }),
    );
  });

  /** Two imports whose bodies are still coming: one holds the slot, the other gets 409 on its headers. */
  async function twoUploads(): Promise<{ holder: RawConnection; holderBody: Buffer; refused: RawConnection }> {
    const bodies = [importBody('first', MiB), importBody('second', MiB)];
    const connections = [await RawConnection.open(lookout.port), await RawConnection.open(lookout.port)];
    for (const [i, c] of connections.entries()) {
      await c.write(postHeaders(bodies[i]!.length, admin.cookie) + bodies[i]!.subarray(0, 100).toString('latin1'));
    }
    const refused = await waitFor('one import refused while the other runs', () =>
      connections.find((c) => /"code":"busy"/.test(c.received)),
    );
    expect(refused.received).toMatch(/^HTTP\/1\.1 409 /);
    const i = connections.indexOf(refused) === 0 ? 1 : 0;
    expect(connections[i]!.received).toBe('');
    return { holder: connections[i]!, holderBody: bodies[i]!, refused };
  }

  it('runs one import at a time: another gets 409 until it ends', async () => {
    const { holder, holderBody, refused } = await twoUploads();
    refused.close();
    await holder.write(holderBody.subarray(100));
    await waitFor('the running import to finish', () => /\r\n\r\n\{.*"domains":/.test(holder.received), {
      timeoutMs: 30_000,
    });
    expect(holder.received).toMatch(/^HTTP\/1\.1 200 /);
    holder.close();
    // Released: the next import runs.
    const next = await admin.request('POST', '/api/url-categories', {
      category: 'social',
      domains: 'social.example\n',
      reason: 'UT1',
    });
    expect(next.status).toBe(200);
  });

  it('frees the slot when a client leaves mid-upload', async () => {
    const { holder, refused } = await twoUploads();
    refused.close();
    holder.close();
    const next = await waitFor('an import after the upload was abandoned', async () => {
      const response = await admin.request('POST', '/api/url-categories', {
        category: 'chat',
        domains: 'chat.example\n',
        reason: 'UT1',
      });
      return response.status === 409 ? undefined : response;
    });
    expect(next.status).toBe(200);
  });
});
