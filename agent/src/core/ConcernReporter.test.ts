import { describe, expect, it } from 'vitest';
import type { ConcernReportMessage } from '@lookout/shared';
import { ConcernReporter, type ConcernStore } from './ConcernReporter.js';

function setup(connected: { now: boolean }) {
  const stored = new Map<string, ConcernReportMessage>();
  const store: ConcernStore = {
    add: async (r) => void stored.set(r.id, r),
    pending: async () => [...stored.values()],
    remove: async (id) => void stored.delete(id),
  };
  const sent: ConcernReportMessage[] = [];
  let id = 0;
  const reporter = new ConcernReporter({
    store,
    send: (r) => (connected.now ? (sent.push(r), true) : false),
    currentUser: () => 'pupil.a',
    clock: () => new Date('2026-11-23T10:15:00Z'),
    newId: () => `00000000-0000-4000-8000-00000000000${++id}`,
  });
  return { reporter, stored, sent };
}

describe('ConcernReporter', () => {
  it('names the signed-in user only when the reporter does not ask to stay anonymous', async () => {
    const { reporter, sent } = setup({ now: true });
    await reporter.report({ category: 'bullying', text: 'named', anonymous: false });
    await reporter.report({ category: 'bullying', text: 'anon', anonymous: true });
    expect(sent.map((r) => [r.text, r.user, r.anonymous, r.reportedAt])).toEqual([
      ['named', 'pupil.a', false, '2026-11-23T10:15:00.000Z'],
      // Only the hour, before it is stored or sent.
      ['anon', null, true, '2026-11-23T10:00:00.000Z'],
    ]);
  });

  it('keeps a report until the console acknowledges it, and sends what waits after reconnecting', async () => {
    const connected = { now: false };
    const { reporter, stored, sent } = setup(connected);
    const report = await reporter.report({ category: 'self-harm', text: 'offline', anonymous: false });
    expect(sent).toEqual([]);
    expect([...stored.keys()]).toEqual([report.id]);
    connected.now = true;
    await reporter.flush();
    expect(sent.map((r) => r.id)).toEqual([report.id]);
    expect(stored.size).toBe(1); // sent is not delivered: only the ack lets it go
    await reporter.acknowledged(report.id);
    expect(stored.size).toBe(0);
  });
});
