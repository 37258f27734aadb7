import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';

/** How much evidence a PC may send, and how soon after its alert. */
export interface EvidenceLimits {
  /** After the alert reaches the console, its screenshots may follow for this long. */
  windowMinutes: number;
  /** All of one alert's screenshots together (the agent sends four of about 100–400 KB). */
  perAlertBytes: number;
  /** All of one device's screenshots received in the last 24 hours. */
  perDeviceDailyBytes: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  windowMinutes: 10,
  perAlertBytes: 2 * 1024 * 1024,
  perDeviceDailyBytes: 32 * 1024 * 1024,
};

/** Stored, or refused; `retry` when the alert has not arrived yet, so the agent should send it again later. */
export type EvidenceVerdict = { stored: true } | { stored: false; reason: string; retry: boolean };

export interface IncomingEvidence {
  id: string;
  alertId: string;
  deviceId: string;
  capturedAt: string;
  jpeg: Buffer;
}

const refuse = (reason: string, retry = false): EvidenceVerdict => ({ stored: false, reason, retry });

/**
 * The rules, without I/O: a screenshot is accepted only for the sending device's own keyword alert, one that
 * lists it, within the window after the alert arrived (the console's clock, not the PC's), and within the
 * alert's and the device's byte budgets. A case record is used for referrals: nothing else may get into it.
 */
export function judgeEvidence(
  e: { id: string; deviceId: string; bytes: number },
  alert: Pick<AlertRecord, 'kind' | 'deviceId' | 'evidenceIds' | 'receivedAt'> | undefined,
  usage: { alertBytes: number; deviceBytesToday: number },
  limits: EvidenceLimits,
  now: Date,
): EvidenceVerdict {
  if (!alert) return refuse('its alert has not arrived: send it again after the alert', true);
  if (alert.kind !== 'keyword' || alert.deviceId !== e.deviceId) {
    return refuse("the alert is not one of this device's: evidence is accepted only for the sender's own alerts");
  }
  if (!alert.evidenceIds.includes(e.id)) return refuse('the alert does not list this screenshot');
  const age = now.getTime() - Date.parse(alert.receivedAt);
  if (age > limits.windowMinutes * 60_000) {
    return refuse(`too late: screenshots are accepted for ${limits.windowMinutes} minutes after their alert arrives`);
  }
  if (usage.alertBytes + e.bytes > limits.perAlertBytes) {
    return refuse(`over the alert's budget of ${Math.round(limits.perAlertBytes / 1024)} KB of screenshots`);
  }
  if (usage.deviceBytesToday + e.bytes > limits.perDeviceDailyBytes) {
    return refuse(
      `over this device's budget of ${Math.round(limits.perDeviceDailyBytes / 1024 / 1024)} MB of screenshots a day`,
    );
  }
  return { stored: true };
}

/** Evidence from agents: judged, then stored with its SHA-256 and receipt time, in one transaction. */
export class EvidenceIntake {
  constructor(
    private readonly db: ConsoleDatabase,
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly limits: EvidenceLimits,
    private readonly now: () => Date,
  ) {}

  save(input: IncomingEvidence): Promise<EvidenceVerdict> {
    return this.db.transaction(async (tx) => {
      const existing = await this.evidence.owner(input.id, tx);
      if (existing) {
        // The agent resends until it sees the ack: the same screenshot again is fine, another's id is not.
        return existing.deviceId === input.deviceId && existing.alertId === input.alertId
          ? { stored: true }
          : refuse('that evidence id is already in use');
      }
      const now = this.now();
      const alert = await this.alerts.get(input.alertId, tx);
      const verdict = judgeEvidence(
        { id: input.id, deviceId: input.deviceId, bytes: input.jpeg.byteLength },
        alert,
        {
          alertBytes: await this.evidence.bytesForAlert(input.alertId, tx),
          deviceBytesToday: await this.evidence.bytesForDeviceSince(
            input.deviceId,
            new Date(now.getTime() - 86_400_000).toISOString(),
            tx,
          ),
        },
        this.limits,
        now,
      );
      if (verdict.stored) await this.evidence.save(input, tx);
      return verdict;
    });
  }
}
