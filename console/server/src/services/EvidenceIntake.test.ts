import { describe, expect, it } from 'vitest';
import { DEFAULT_EVIDENCE_LIMITS, judgeEvidence } from './EvidenceIntake.js';

const now = new Date('2026-12-02T10:00:00.000Z');
const alert = {
  kind: 'keyword' as const,
  deviceId: 'pc-1',
  evidenceIds: ['shot-1', 'shot-2'],
  receivedAt: '2026-12-02T09:55:00.000Z',
};
const shot = { id: 'shot-1', deviceId: 'pc-1', bytes: 300_000 };
const none = { alertBytes: 0, deviceBytesToday: 0 };
const judge = (
  overrides: Partial<Parameters<typeof judgeEvidence>[0]> = {},
  a: typeof alert | undefined = alert,
  usage = none,
) => judgeEvidence({ ...shot, ...overrides }, a, usage, DEFAULT_EVIDENCE_LIMITS, now);

describe('which evidence the console accepts', () => {
  it("accepts the sender's own listed screenshot, in time and within budget", () => {
    expect(judge()).toEqual({ stored: true });
  });

  it('asks for it again later when its alert has not arrived yet', () => {
    expect(judgeEvidence(shot, undefined, none, DEFAULT_EVIDENCE_LIMITS, now)).toMatchObject({
      stored: false,
      retry: true,
    });
  });

  it("refuses for good: another device's alert, a concern, a screenshot the alert does not list", () => {
    expect(judge({ deviceId: 'pc-2' })).toMatchObject({ stored: false, retry: false });
    expect(judge({}, { ...alert, kind: 'concern' as never })).toMatchObject({ stored: false, retry: false });
    expect(judge({ id: 'shot-9' })).toMatchObject({ stored: false, reason: expect.stringMatching(/does not list/) });
  });

  it("goes by the console's receipt time of the alert, not the PC's clock", () => {
    expect(judge({}, { ...alert, receivedAt: '2026-12-02T09:50:00.000Z' })).toEqual({ stored: true }); // 10 min
    expect(judge({}, { ...alert, receivedAt: '2026-12-02T09:49:59.000Z' })).toMatchObject({
      reason: expect.stringMatching(/too late/),
    });
  });

  it("keeps to the alert's and the device's budgets", () => {
    const { perAlertBytes, perDeviceDailyBytes } = DEFAULT_EVIDENCE_LIMITS;
    expect(judge({}, alert, { alertBytes: perAlertBytes - shot.bytes, deviceBytesToday: 0 })).toEqual({ stored: true });
    expect(judge({}, alert, { alertBytes: perAlertBytes - shot.bytes + 1, deviceBytesToday: 0 })).toMatchObject({
      reason: expect.stringMatching(/alert's budget/),
    });
    expect(judge({}, alert, { alertBytes: 0, deviceBytesToday: perDeviceDailyBytes - shot.bytes + 1 })).toMatchObject({
      reason: expect.stringMatching(/device's budget/),
    });
  });
});
