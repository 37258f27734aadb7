import type { PolicyAssignment } from './PolicyAssignment.js';
import type { PolicyDocument, TimeWindow } from './PolicyDocument.js';
import { decidePolicyWith, type PolicySubject } from './effectivePolicy.js';
import { describeChanges, policyDiff } from './policyDiff.js';

/** A policy as the preview needs it: its name, version and document. */
export interface PreviewPolicy {
  id: string;
  name: string;
  version: number;
  document: PolicyDocument;
}

/** The policies and assignments on one side of a change. */
export interface PolicyState {
  policies: ReadonlyMap<string, PreviewPolicy>;
  assignments: readonly PolicyAssignment[];
}

export interface PreviewDevice {
  id: string;
  hostname: string;
  subject: PolicySubject;
}

/** What one PC runs on one side of the change: the policy and the assignment that gives it. */
export interface PreviewSide {
  policyName: string;
  version: number;
  /** Where that policy is assigned, in words ("room LAB2 on mon–fri 09:00–10:00"). */
  via: string;
}

export interface PreviewEntry {
  deviceId: string;
  hostname: string;
  before: PreviewSide | null;
  after: PreviewSide | null;
  /** Why it changes, as sentences (the policy it gets, or the lines of its policy's diff). */
  why: string[];
}

export interface PolicyPreviewInput {
  devices: readonly PreviewDevice[];
  before: PolicyState;
  after: PolicyState;
  /** Whether an assignment is in force (the proposed one: during its schedule, which the sentence names). */
  inForce(assignment: PolicyAssignment): boolean;
  /** An assignment's scope and target in words: "the whole school", "room LAB2". */
  describeTarget(assignment: PolicyAssignment): string;
}

/** "mon–fri 09:00–10:00": a schedule in words. */
export function describeSchedule(schedule: readonly TimeWindow[]): string {
  return schedule.map((w) => `${w.days.join(', ')} ${w.start}–${w.end}`).join('; ');
}

const defaults = 'Lookout’s defaults (nothing blocked)';

/**
 * Which PCs a change (a policy's new document, or a new assignment) moves, and why: each PC's policy is decided
 * before and after by the same resolution the console pushes with (most specific assignment in force wins). A PC
 * changes when it gets another policy, or when the policy it keeps has a different document.
 */
export function previewPolicyChange(input: PolicyPreviewInput): PreviewEntry[] {
  const side = (state: PolicyState, subject: PolicySubject) => {
    const usable = state.assignments.filter((a) => state.policies.has(a.policyId));
    const winner = decidePolicyWith(usable, subject, input.inForce).winner;
    return winner ? { assignment: winner, policy: state.policies.get(winner.policyId)! } : undefined;
  };
  const via = (a: PolicyAssignment) =>
    `${input.describeTarget(a)}${a.schedule.length ? ` on ${describeSchedule(a.schedule)}` : ''}`;
  const entries: PreviewEntry[] = [];
  for (const device of input.devices) {
    const before = side(input.before, device.subject);
    const after = side(input.after, device.subject);
    const show = (s: typeof before): PreviewSide | null =>
      s ? { policyName: s.policy.name, version: s.policy.version, via: via(s.assignment) } : null;
    let why: string[];
    if (before?.policy.id !== after?.policy.id) {
      why = [
        after
          ? `gets "${after.policy.name}", assigned to ${via(after.assignment)}`
          : `gets ${defaults}: nothing is assigned to it`,
        before ? `instead of "${before.policy.name}" (${via(before.assignment)})` : `instead of ${defaults}`,
      ];
    } else if (before && after) {
      const lines = describeChanges(policyDiff(before.policy.document, after.policy.document));
      if (lines.length === 0) continue;
      why = [`its policy "${after.policy.name}", assigned to ${via(after.assignment)}, changes:`, ...lines];
    } else continue;
    entries.push({ deviceId: device.id, hostname: device.hostname, before: show(before), after: show(after), why });
  }
  return entries.sort((a, b) => a.hostname.localeCompare(b.hostname, 'en-GB', { numeric: true }));
}
