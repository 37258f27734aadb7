import { randomUUID } from 'node:crypto';
import type Sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, keywordAlertEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// A sensitive screenshot (sexual content) reaches the DSL's browser only as a small blurred copy made by the
// console, even after a reason is recorded; the full image is served only by its own route, each time with
// exactly one audit entry written in the same transaction. A raw protocol peer stands in for the agent.
let lookout: ConsoleProcess;
let admin: StaffClient;
let dsl: StaffClient;
let pc: RawAgentSocket;
const ids = { alert: '', evidence: '' };
let original: Buffer;
// Loaded after the console has started (libvips's start-up is not the console's to wait for).
let sharp: typeof Sharp;

/** A real 1280×720 JPEG with fine stripes, as a screenshot of text would be. */
async function screenshot(): Promise<Buffer> {
  const width = 1280;
  const height = 720;
  const pixels = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < height; y += 6)
    for (let x = 0; x < width; x += 8) pixels.fill(0, (y * width + x) * 3, (y * width + x + 4) * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  sharp = (await import('sharp')).default;
  admin = await lookout.signIn();
  await admin.createUser('dsl.user', 'dsl-password-1234', 'dsl');
  dsl = await lookout.signIn('dsl.user', 'dsl-password-1234');
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'PREVIEW-PC1');
  pc = await RawAgentSocket.connect(lookout.url);
  await pc.authenticate(enrolled.deviceId, enrolled.credential);
  original = await screenshot();
  ids.evidence = randomUUID();
  const alert = keywordAlertEvent(enrolled.deviceId, 1, { category: 'sexual-content', evidenceIds: [ids.evidence] });
  ids.alert = alert.id;
  pc.send({ type: 'event-batch', events: [alert] });
  await pc.next('ack');
  pc.send({
    type: 'evidence',
    id: ids.evidence,
    eventId: alert.id,
    capturedAt: alert.ts,
    jpeg: original.toString('base64'),
  });
  await pc.next('evidence-ack');
});

afterAll(async () => {
  pc?.close();
  await lookout?.stop();
});

const viewsAudited = async () =>
  ((await dsl.request('GET', '/api/audit?action=evidence.viewed&limit=1000')).body as { target: string }[]).filter(
    (e) => e.target === ids.evidence,
  ).length;

it('shows nothing of a sensitive screenshot, not even the blurred copy, before a reason is recorded', async () => {
  expect((await dsl.raw('GET', `/api/evidence/${ids.evidence}/preview`)).status).toBe(403);
  expect((await dsl.raw('GET', `/api/evidence/${ids.evidence}`)).status).toBe(403);
  expect((await admin.raw('GET', `/api/evidence/${ids.evidence}/preview`)).status).toBe(403);
  expect(await viewsAudited()).toBe(0);
});

it('after the reason, the browser gets a small blurred copy made by the console, with no audit entry of its own', async () => {
  await dsl.request('POST', `/api/alerts/${ids.alert}/justification`, { reason: 'Checking the report from 7B' });
  const preview = await dsl.raw('GET', `/api/evidence/${ids.evidence}/preview`);
  expect(preview.status).toBe(200);
  expect(preview.headers.get('content-type')).toBe('image/jpeg');
  expect(preview.headers.get('cache-control')).toBe('no-store');
  const meta = await sharp(preview.bytes).metadata();
  expect(meta.width).toBeLessThanOrEqual(160);
  expect(preview.bytes.byteLength).toBeLessThan(original.byteLength / 10);
  // Blurred, not merely smaller: scaled up again it is nowhere near the original's stripes.
  const back = await sharp(preview.bytes).resize(1280, 720).greyscale().raw().toBuffer();
  const grey = await sharp(original).greyscale().raw().toBuffer();
  let dark = 0;
  let darkKept = 0;
  for (let i = 0; i < grey.length; i++)
    if (grey[i]! < 64) {
      dark++;
      if (back[i]! < 64) darkKept++;
    }
  expect(darkKept / dark).toBeLessThan(0.05);
  expect(await viewsAudited()).toBe(0);
});

it('serves the full image only through its own route, one audit entry for each time it is served', async () => {
  const first = await dsl.raw('GET', `/api/evidence/${ids.evidence}`);
  expect(first.status).toBe(200);
  expect(first.bytes.equals(original)).toBe(true);
  expect(await viewsAudited()).toBe(1);
  await dsl.raw('GET', `/api/evidence/${ids.evidence}`);
  expect(await viewsAudited()).toBe(2);
});
