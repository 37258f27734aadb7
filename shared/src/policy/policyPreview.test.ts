import { describe, expect, it } from 'vitest';
import { PolicyAssignment } from './PolicyAssignment.js';
import { PolicyDocument } from './PolicyDocument.js';
import { describeSchedule, previewPolicyChange, type PolicyState, type PreviewPolicy } from './policyPreview.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const policy = (n: number, name: string, document: unknown = {}, version = 1): PreviewPolicy => ({
  id: id(n),
  name,
  version,
  document: PolicyDocument.parse(document),
});
const assign = (n: number, policyId: string, scope: string, targetId: string | null, schedule: unknown[] = []) =>
  PolicyAssignment.parse({ id: id(100 + n), policyId, scope, targetId, schedule });
const state = (policies: PreviewPolicy[], assignments: PolicyAssignment[]): PolicyState => ({
  policies: new Map(policies.map((p) => [p.id, p])),
  assignments,
});
const pc = (n: number, hostname: string, roomId: string | null) => ({
  id: id(500 + n),
  hostname,
  subject: { siteId: roomId ? 'site-1' : null, roomId, deviceGroupIds: [], userGroupIds: [] },
});
const devices = [pc(1, 'LAB2-PC10', 'lab2'), pc(2, 'LAB2-PC02', 'lab2'), pc(3, 'OFFICE-01', 'office')];
const names: Record<string, string> = { lab2: 'LAB2', office: 'Office' };
const describeTarget = (a: PolicyAssignment) =>
  a.scope === 'school' ? 'the whole school' : `${a.scope} ${names[a.targetId ?? ''] ?? a.targetId}`;

const school = policy(1, 'Whole school', { webFilter: { blockedCategories: ['adult'] } });
const exams = policy(2, 'Exams', { webFilter: { blockedCategories: ['adult', 'games'] } });
const schoolWide = assign(1, school.id, 'school', null);
const lessons = [{ days: ['mon', 'tue'], start: '09:00', end: '10:30' }];

describe('previewPolicyChange', () => {
  it('names the PCs a new room assignment moves, in natural order, with the policy they leave', () => {
    const before = state([school, exams], [schoolWide]);
    const after = state([school, exams], [schoolWide, assign(2, exams.id, 'room', 'lab2', lessons)]);
    const entries = previewPolicyChange({ devices, before, after, inForce: () => true, describeTarget });
    expect(entries).toEqual([
      {
        deviceId: id(502),
        hostname: 'LAB2-PC02',
        before: { policyName: 'Whole school', version: 1, via: 'the whole school' },
        after: { policyName: 'Exams', version: 1, via: 'room LAB2 on mon, tue 09:00–10:30' },
        why: [
          'gets "Exams", assigned to room LAB2 on mon, tue 09:00–10:30',
          'instead of "Whole school" (the whole school)',
        ],
      },
      expect.objectContaining({ hostname: 'LAB2-PC10' }),
    ]);
  });

  it('lists the diff lines for the PCs whose policy keeps its name but changes, and nothing for the others', () => {
    const roomPolicy = assign(2, exams.id, 'room', 'office');
    const edited = { ...exams, version: 2, document: PolicyDocument.parse({ idleLockMinutes: 5 }) };
    const entries = previewPolicyChange({
      devices,
      before: state([school, exams], [schoolWide, roomPolicy]),
      after: state([school, edited], [schoolWide, roomPolicy]),
      inForce: () => true,
      describeTarget,
    });
    expect(entries.map((e) => [e.hostname, e.why])).toEqual([
      [
        'OFFICE-01',
        [
          'its policy "Exams", assigned to room Office, changes:',
          '~ idleLockMinutes: 0 → 5',
          '- webFilter.blockedCategories: adult',
          '- webFilter.blockedCategories: games',
        ],
      ],
    ]);
  });

  it('says a PC goes to the defaults when nothing applies, and ignores an assignment out of force', () => {
    const lab = assign(2, exams.id, 'room', 'lab2');
    const out = assign(3, school.id, 'room', 'office');
    const entries = previewPolicyChange({
      devices,
      before: state([exams], [lab]),
      after: state([exams], []),
      inForce: (a) => a.id !== out.id,
      describeTarget,
    });
    expect(entries.map((e) => e.why[0])).toEqual([
      'gets Lookout’s defaults (nothing blocked): nothing is assigned to it',
      'gets Lookout’s defaults (nothing blocked): nothing is assigned to it',
    ]);
    expect(entries.every((e) => e.after === null)).toBe(true);
    expect(
      previewPolicyChange({
        devices,
        before: state([school], []),
        after: state([school], [out]),
        inForce: (a) => a.id !== out.id,
        describeTarget,
      }),
    ).toEqual([]);
  });

  it('writes a schedule in words', () => {
    expect(describeSchedule(PolicyAssignment.parse({ ...schoolWide, schedule: lessons }).schedule)).toBe(
      'mon, tue 09:00–10:30',
    );
  });
});
