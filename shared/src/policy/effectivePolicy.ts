import { SCOPE_ORDER, type PolicyAssignment, type PolicyScope } from './PolicyAssignment.js';
import { inWindows } from './TimeWindows.js';

/** What is known about one PC when deciding its policy. */
export interface PolicySubject {
  siteId: string | null;
  roomId: string | null;
  deviceGroupIds: readonly string[];
  /** Groups of the signed-in user. */
  userGroupIds: readonly string[];
}

export interface PolicyDecision {
  /** The assignment in force, or undefined when none applies (the built-in defaults then). */
  winner: PolicyAssignment | undefined;
  /** Every assignment considered, most specific first, with why it did or did not win. */
  explanation: { assignment: PolicyAssignment; verdict: 'in force' | 'outranked' | 'outside its schedule' }[];
}

function matchesSubject(a: PolicyAssignment, s: PolicySubject): boolean {
  switch (a.scope) {
    case 'school':
      return true;
    case 'site':
      return a.targetId === s.siteId;
    case 'room':
      return a.targetId === s.roomId;
    case 'device-group':
      return a.targetId !== null && s.deviceGroupIds.includes(a.targetId);
    case 'user-group':
      return a.targetId !== null && s.userGroupIds.includes(a.targetId);
  }
}

const rank = (scope: PolicyScope) => SCOPE_ORDER.indexOf(scope);

/**
 * Picks the policy for a PC: among the assignments that match it and are in their schedule now, the most
 * specific scope wins; at the same scope a scheduled assignment beats an unscheduled one (the lesson-time
 * policy beats the all-day one); then the earlier-created one (lower position in `assignments`) wins.
 */
export function decidePolicy(
  assignments: readonly PolicyAssignment[],
  subject: PolicySubject,
  at: Date,
  timeZone: string,
): PolicyDecision {
  return decidePolicyWith(assignments, subject, (a) => a.schedule.length === 0 || inWindows(a.schedule, at, timeZone));
}

/**
 * The same decision with the schedules already looked at: `inForce` says whether an assignment is in its
 * schedule now (worked out once per assignment, not once per PC, when thousands of PCs are decided together).
 */
export function decidePolicyWith(
  assignments: readonly PolicyAssignment[],
  subject: PolicySubject,
  inForce: (assignment: PolicyAssignment) => boolean,
): PolicyDecision {
  const matching = assignments
    .map((a, position) => ({ a, position }))
    .filter(({ a }) => matchesSubject(a, subject))
    .sort(
      (x, y) =>
        rank(y.a.scope) - rank(x.a.scope) ||
        Number(y.a.schedule.length > 0) - Number(x.a.schedule.length > 0) ||
        x.position - y.position,
    );
  let winner: PolicyAssignment | undefined;
  const explanation: PolicyDecision['explanation'] = [];
  for (const { a } of matching) {
    if (!inForce(a)) explanation.push({ assignment: a, verdict: 'outside its schedule' });
    else if (winner) explanation.push({ assignment: a, verdict: 'outranked' });
    else {
      winner = a;
      explanation.push({ assignment: a, verdict: 'in force' });
    }
  }
  return { winner, explanation };
}
