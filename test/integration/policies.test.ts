import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { PolicyExplanation, PolicyVersionInfo } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A real console and a real (headless) agent: policies saved, assigned and pushed; the agent reports what it runs.
let lookout: ConsoleProcess;
let agent: AgentProcess;
let tech: StaffClient;
let admin: StaffClient;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('mr.tech', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.tech', 'tech-password-1');
  // A policy names only imported categories: these three are imported first.
  for (const category of ['adult', 'games', 'social']) {
    await tech.request('POST', '/api/url-categories', { category, domains: `${category}.example\n`, reason: 'UT1' });
  }
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken() });
});

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
});

const explain = async () =>
  PolicyExplanation.parse((await tech.request('GET', `/api/devices/${agent.deviceId}/policy`)).body);
const appliedEvents = async () => (await tech.allEvents(agent.deviceId)).filter((e) => e.type === 'policy-applied');

async function create(name: string, document: unknown): Promise<PolicyVersionInfo> {
  const response = await tech.request('POST', '/api/policies', { name, document, reason: `create ${name}` });
  expect(response.status).toBe(201);
  return PolicyVersionInfo.parse(response.body);
}

describe('policies', () => {
  it('reach a connected agent within 2 s of a change and are acknowledged; the audit shows author, reason and diff', async () => {
    onTestFailed(() => {
      agent.saveLogs('policies-push');
      lookout.saveLogs('policies-push');
    });
    await waitFor('the agent to report its first policy', async () => (await explain()).upToDate);
    const school = await create('Whole school', { webFilter: { blockedCategories: ['adult'] } });
    const started = Date.now();
    expect(
      (
        await tech.request('POST', '/api/policy-assignments', {
          policyId: school.id,
          scope: 'school',
          reason: 'baseline',
        })
      ).status,
    ).toBe(201);
    await waitFor(
      'the agent to run it',
      async () => {
        const e = await explain();
        return e.upToDate && e.policy?.name === 'Whole school';
      },
      { timeoutMs: 2000, intervalMs: 50 },
    );
    expect(Date.now() - started).toBeLessThan(2000);

    const saved = await tech.request('PUT', `/api/policies/${school.id}`, {
      name: 'Whole school',
      document: { webFilter: { blockedCategories: ['adult', 'games'] }, idleLockMinutes: 10 },
      reason: 'games in lessons',
    });
    expect(saved.body).toMatchObject({ version: 2, changedBy: 'mr.tech' });
    const before = (await appliedEvents()).length;
    await waitFor(
      'version 2 applied',
      async () => (await appliedEvents()).some((e) => e.type === 'policy-applied' && e.payload.policyVersion === 2),
      { timeoutMs: 2000, intervalMs: 50 },
    );
    expect((await appliedEvents()).length).toBe(before + 1);
    const audit = (await admin.audit()).find((e) => e.action === 'policy.saved');
    expect(audit).toMatchObject({
      actor: 'mr.tech',
      details: {
        version: 2,
        reason: 'games in lessons',
        diff: ['~ idleLockMinutes: 0 → 10', '+ webFilter.blockedCategories: games'],
      },
    });
    const diff = await tech.request('GET', `/api/policies/${school.id}/diff?from=1&to=2`);
    expect((diff.body as { lines: string[] }).lines).toEqual([
      '~ idleLockMinutes: 0 → 10',
      '+ webFilter.blockedCategories: games',
    ]);
  });

  it('explain why a PC has its policy: the most specific assignment in force', async () => {
    const room = await admin.classroom('IT1', [agent.deviceId]);
    const it = await create('IT suite', { webFilter: { blockedCategories: ['social'] } });
    await tech.request('POST', '/api/policy-assignments', {
      policyId: it.id,
      scope: 'room',
      targetId: room.id,
      reason: 'IT rooms',
    });
    await waitFor(
      'the room policy in force',
      async () => (await explain()).policy?.name === 'IT suite' && (await explain()).upToDate,
    );
    const explained = await explain();
    expect(explained.considered.map((c) => [c.policyName, c.scope, c.verdict])).toEqual([
      ['IT suite', 'room', 'in force'],
      ['Whole school', 'school', 'outranked'],
    ]);
    expect(explained.summary).toMatch(/runs "IT suite" \(version 1\), assigned to room IT1.*it blocks social/);

    // A device group is less specific than the room; a user group more.
    const group = (await tech.request('POST', '/api/groups', { kind: 'user', name: 'Year 7' })).body as { id: string };
    const device = await tech.device(agent.deviceId);
    const y7 = await create('Year 7', {});
    await tech.request('POST', '/api/policy-assignments', {
      policyId: y7.id,
      scope: 'user-group',
      targetId: group.id,
      reason: 'year 7',
    });
    expect((await explain()).policy?.name).toBe('IT suite');
    await tech.request('PUT', `/api/groups/${group.id}/members`, { members: [device.user], reason: 'new intake' });
    await waitFor(
      'the user-group policy',
      async () => (await explain()).policy?.name === 'Year 7' && (await explain()).upToDate,
    );
  });

  it('an offline agent gets the change on reconnecting; rollback is a new version', async () => {
    const policies = (await tech.request('GET', '/api/policies')).body as { id: string; name: string }[];
    const year7 = policies.find((p) => p.name === 'Year 7')!;
    await agent.stop();
    await tech.request('PUT', `/api/policies/${year7.id}`, {
      name: 'Year 7',
      document: { idleLockMinutes: 5 },
      reason: 'lock sooner',
    });
    const status = async () =>
      ((await tech.request('GET', '/api/policy-status')).body as { deviceId: string; upToDate: boolean }[]).find(
        (d) => d.deviceId === agent.deviceId,
      );
    expect((await status())?.upToDate).toBe(false);
    await agent.restart();
    await waitFor('the reconnected agent to run version 2', async () => (await status())?.upToDate === true, {
      timeoutMs: 10_000,
    });
    expect((await explain()).policy).toMatchObject({ name: 'Year 7', version: 2 });

    const rolled = await tech.request('POST', `/api/policies/${year7.id}/rollback`, {
      version: 1,
      reason: 'too strict',
    });
    expect(rolled.body).toMatchObject({ version: 3, document: { idleLockMinutes: 0 } });
    await waitFor(
      'version 3 applied',
      async () => (await explain()).upToDate && (await explain()).policy?.version === 3,
    );
    expect(
      (await admin.audit()).some(
        (e) => e.action === 'policy.rolled-back' && e.details.reason === 'rollback to version 1: too strict',
      ),
    ).toBe(true);
  });

  it('refuses bad input with a clear error: malformed lists name the file and line, bad schedules, unknown targets', async () => {
    const bad = await tech.request('POST', '/api/url-categories', {
      category: 'games',
      domains: 'games.example\nnot a domain\n',
      reason: 'UT1 import',
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { message: 'games/domains, line 2: one entry per line, found "not a domain"' } },
    });
    // Nothing was imported: games still has the one domain it was first imported with.
    expect((await tech.request('GET', '/api/url-categories')).body).toContainEqual(
      expect.objectContaining({ category: 'games', domains: 1, urls: 0 }),
    );
    const ok = await tech.request('POST', '/api/url-categories', {
      category: 'games',
      domains: 'games.example\n',
      urls: 'school.example/games\n',
      reason: 'UT1 import',
    });
    expect(ok.body).toMatchObject({ category: 'games', domains: 1, urls: 1 });
    const [policy] = (await tech.request('GET', '/api/policies')).body as { id: string }[];
    expect(
      (
        await tech.request('POST', '/api/policy-assignments', {
          policyId: policy!.id,
          scope: 'room',
          targetId: '00000000-0000-4000-8000-000000000000',
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await tech.request('POST', '/api/policy-assignments', {
          policyId: policy!.id,
          scope: 'school',
          schedule: [{ days: ['mon'], start: '15:00', end: '09:00' }],
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (await tech.request('POST', '/api/policies', { name: 'x', document: { idleLockMinutes: -1 }, reason: 'x' }))
        .status,
    ).toBe(400);
    await admin.createUser('ms.t', 'teacher-password-1', 'teacher');
    const t = await lookout.signIn('ms.t', 'teacher-password-1');
    expect((await t.request('POST', '/api/policies', { name: 'x', document: {}, reason: 'xyz' })).status).toBe(403);
  });

  it('refuses a policy naming a category that was never imported ("gamblng") or an unknown library, saving nothing', async () => {
    const audited = (await admin.audit()).length;
    const created = await tech.request('POST', '/api/policies', {
      name: 'Typo',
      document: { webFilter: { blockedCategories: ['adult', 'gamblng'] } },
      reason: 'block gambling',
    });
    expect(created).toMatchObject({
      status: 400,
      body: {
        error: {
          message: 'no URL category "gamblng" is imported (imported categories: adult, games, social)',
          issues: [
            { path: 'document.webFilter.blockedCategories.1', message: 'no URL category "gamblng" is imported' },
          ],
        },
      },
    });
    const policies = (await tech.request('GET', '/api/policies')).body as PolicyVersionInfo[];
    expect(policies.map((p) => p.name)).not.toContain('Typo');
    const school = policies.find((p) => p.name === 'Whole school')!;
    const saved = await tech.request('PUT', `/api/policies/${school.id}`, {
      name: 'Whole school',
      document: { webFilter: { blockedCategories: ['gamblng'] }, keywords: { libraryIds: ['no-such-library'] } },
      reason: 'block gambling',
    });
    expect(saved.status).toBe(400);
    expect((saved.body as { error: { message: string } }).error.message).toMatch(
      /^no URL category "gamblng" is imported; no keyword library "no-such-library"/,
    );
    expect(
      ((await tech.request('GET', '/api/policies')).body as PolicyVersionInfo[]).find((p) => p.id === school.id),
    ).toMatchObject({ version: school.version });
    expect((await admin.audit()).length).toBe(audited);
  });

  it('previews which PCs a change moves and why, by the same resolution, without saving it', async () => {
    const policies = (await tech.request('GET', '/api/policies')).body as PolicyVersionInfo[];
    const year7 = policies.find((p) => p.name === 'Year 7')!;
    const itSuite = policies.find((p) => p.name === 'IT suite')!;
    const { hostname } = await tech.device(agent.deviceId);
    const edit = await tech.request('POST', '/api/policies/preview', {
      kind: 'document',
      policyId: year7.id,
      name: 'Year 7',
      document: { idleLockMinutes: 15, webFilter: { blockedCategories: ['games'] } },
    });
    expect(edit).toMatchObject({
      status: 200,
      body: {
        devices: 1,
        changes: [
          {
            deviceId: agent.deviceId,
            hostname,
            before: { policyName: 'Year 7', version: year7.version },
            after: { policyName: 'Year 7', version: year7.version + 1 },
            why: [
              'its policy "Year 7", assigned to user group Year 7, changes:',
              '~ idleLockMinutes: 0 → 15',
              '+ webFilter.blockedCategories: games',
            ],
          },
        ],
      },
    });
    // The PC's user group outranks its room: assigning another policy to the room would change nothing.
    const room = (await tech.request('GET', '/api/rooms')).body as { id: string; name: string }[];
    const it1 = room.find((r) => r.name === 'IT1')!;
    const assign = await tech.request('POST', '/api/policies/preview', {
      kind: 'assignment',
      policyId: itSuite.id,
      scope: 'room',
      targetId: it1.id,
      schedule: [{ days: ['mon'], start: '09:00', end: '10:00' }],
    });
    expect(assign.body).toEqual({ devices: 1, changes: [] });
    const school = await tech.request('POST', '/api/policies/preview', {
      kind: 'document',
      policyId: year7.id,
      name: 'Year 7',
      document: { webFilter: { blockedCategories: ['gamblng'] } },
    });
    expect(school.status).toBe(400);
    expect((await tech.request('GET', `/api/policies/${year7.id}/versions`)).body).toHaveLength(year7.version);
    expect((await explain()).policy).toMatchObject({ name: 'Year 7', version: year7.version });
  });
});
