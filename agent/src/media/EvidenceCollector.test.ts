import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EvidenceCollector } from './EvidenceCollector.js';

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
