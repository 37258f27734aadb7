import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EvidenceUpload } from '../core/Uplink.js';
import { EvidenceCollector, MAX_EVIDENCE_RETRIES } from './EvidenceCollector.js';

// A stand-in screen (a generated PNG): what is tested is what the collector keeps on disk and sends.
async function collector() {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-evidence-'));
  const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#228822' } })
    .png()
    .toBuffer();
  const sent: EvidenceUpload[] = [];
  const warnings: string[] = [];
  const evidence = new EvidenceCollector(
    dir,
    { probe: async () => ({ available: true }), capture: async () => png },
    (m) => (sent.push(m), true),
    { warn: (m) => warnings.push(m) },
    () => false,
    0,
    10,
  );
  await evidence.collect('alert-1', ['shot-1']);
  await until(() => sent.length === 1);
  return { dir, sent, warnings, evidence };
}

async function until(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(probe()).toBe(true);
}

describe('evidence the console answers', () => {
  it('is deleted once stored, or refused for good (a refused screenshot would be refused again)', async () => {
    const { dir, sent, warnings, evidence } = await collector();
    expect(sent[0]).toMatchObject({ id: 'shot-1', eventId: 'alert-1' });
    expect([...sent[0]!.jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]); // the JPEG as it is, not base64
    await evidence.acknowledged('shot-1', { reason: "over the alert's budget", retry: false });
    expect(readdirSync(dir)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/refused evidence shot-1: over the alert's budget/)]);
  });

  it('is sent again when its alert had not arrived yet, a bounded number of times', async () => {
    const { dir, sent, evidence } = await collector();
    await evidence.acknowledged('shot-1', { reason: 'its alert has not arrived', retry: true });
    await until(() => sent.length === 2); // resent by itself shortly after
    expect(existsSync(join(dir, 'shot-1.jpg'))).toBe(true);
    for (let i = 1; i < MAX_EVIDENCE_RETRIES; i++) {
      await evidence.acknowledged('shot-1', { reason: 'its alert has not arrived', retry: true });
    }
    expect(existsSync(join(dir, 'shot-1.jpg'))).toBe(true);
    await evidence.acknowledged('shot-1', { reason: 'its alert has not arrived', retry: true });
    expect(readdirSync(dir)).toEqual([]); // given up on: it does not retry forever
  });
});

const screen = () =>
  sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 0, g: 170, b: 0 } } })
    .png()
    .toBuffer();

describe('EvidenceCollector', () => {
  it("takes no screenshot while one of the agent's own pages has the focus, and goes on once it has not", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-evidence-'));
    let captures = 0;
    let own = true;
    const collector = new EvidenceCollector(
      dir,
      { probe: async () => ({ available: true }), capture: async () => (captures++, screen()) },
      () => false,
      { warn: () => undefined },
      () => own,
      0,
    );
    await collector.collect('event-1', ['a', 'b']);
    expect(captures).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    own = false;
    await collector.collect('event-2', ['c']);
    expect(captures).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['c.jpg', 'c.json']);
  });
});
