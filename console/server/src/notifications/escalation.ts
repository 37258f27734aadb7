import { inWindows, localClock, type Day, type TimeWindow } from '@lookout/shared';

/** Someone told of high-risk alerts: a DSL or deputy (told at once), or the next person on the escalation list. */
export interface Contact {
  name: string;
  email: string;
}

/** The DSL's rules for telling people at once (the DfE standard: immediate reports of high-risk incidents). */
export interface EscalationRules {
  /** Alerts at or above this severity are told at once. */
  minSeverity: number;
  /** Every reported concern too, whatever its severity. */
  concerns: boolean;
  /** The DSL and deputies: told when the alert arrives. */
  firstContacts: readonly Contact[];
  /** Up to ten, in order: one more is told each period the alert stays unacknowledged. */
  escalation: readonly Contact[];
  escalateAfterMinutes: number;
  /** Out of school hours: tell at once, or hold until the next school hours begin (the school decides). */
  outOfHours: 'send' | 'hold';
  schoolHours: readonly TimeWindow[];
  timeZone: string;
}

export interface AlertToTell {
  kind: 'keyword' | 'concern';
  severity: number;
  receivedAt: Date;
}

/** A wave of mail already sent for an alert: stage 0 the first contacts, stage k the k-th on the list. */
export interface SentStage {
  stage: number;
  at: Date;
}

export interface DueStage {
  stage: number;
  contacts: readonly Contact[];
  /** When it is due (it is sent once this has passed). */
  at: Date;
}

const MINUTE = 60_000;

export function isHighRisk(alert: AlertToTell, rules: EscalationRules): boolean {
  return alert.kind === 'concern'
    ? rules.concerns || alert.severity >= rules.minSeverity
    : alert.severity >= rules.minSeverity;
}

/**
 * The next wave to send for an alert, or null when there is none (not high-risk, acknowledged, or everyone on the
 * list told). Pure: the caller passes the clock's reading and what was sent, and sends a wave once `at` has passed.
 */
export function nextStage(
  alert: AlertToTell,
  rules: EscalationRules,
  sent: readonly SentStage[],
  acknowledged: boolean,
): DueStage | null {
  if (acknowledged || !isHighRisk(alert, rules)) return null;
  const last = sent.reduce<SentStage | undefined>((a, s) => (a && a.stage >= s.stage ? a : s), undefined);
  const stage = last ? last.stage + 1 : 0;
  if (stage > rules.escalation.length) return null;
  const contacts = stage === 0 ? rules.firstContacts : [rules.escalation[stage - 1]!];
  const earliest = last ? new Date(last.at.getTime() + rules.escalateAfterMinutes * MINUTE) : alert.receivedAt;
  return { stage, contacts, at: withinHours(earliest, rules) };
}

/** The instant itself in school hours or when out-of-hours mail is sent anyway; else when the next hours begin. */
export function withinHours(at: Date, rules: EscalationRules): Date {
  if (rules.outOfHours === 'send' || rules.schoolHours.length === 0) return at;
  if (inWindows(rules.schoolHours, at, rules.timeZone)) return at;
  // Each window's next start, counted in local minutes from now; a clock change in between is corrected once.
  const now = localClock(at, rules.timeZone);
  const today = DAYS.indexOf(now.day);
  const nowMinutes = minutesOf(now.time);
  let best: Date | undefined;
  for (let d = 0; d <= 7; d++) {
    const day = DAYS[(today + d) % 7]!;
    for (const window of rules.schoolHours) {
      if (!window.days.includes(day)) continue;
      const ahead = d * 1440 + minutesOf(window.start) - nowMinutes;
      if (ahead <= 0) continue;
      let candidate = new Date(Math.floor(at.getTime() / MINUTE) * MINUTE + ahead * MINUTE);
      const drift = minutesOf(window.start) - minutesOf(localClock(candidate, rules.timeZone).time);
      if (drift !== 0) candidate = new Date(candidate.getTime() + drift * MINUTE);
      if (!best || candidate < best) best = candidate;
    }
  }
  return best ?? at;
}

const DAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
