import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { AlertSummary, CheckResult, CheckRunResponse } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { MailCatcher } from '../harness/MailCatcher.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Issue 14 items 2 and 4 on real parts: a real agent on the Xvfb desktop raises alerts and runs checks, the weekly
// report and review pack come out as PDFs read back with pdftotext (poppler-utils), and the scheduled weekly mail is
// received by a real SMTP server (the smtp-server package) once the console's clock (libfaketime) passes its time.
let desktop: Desktop;
let lookout: ConsoleProcess;
let agent: AgentProcess;
let admin: StaffClient;
let dsl: StaffClient;
let viewer: StaffClient;
let smtp: MailCatcher;
let pupil = '';
let alertsRaised = 0;
let alertsWeek = '';
const scratch = mkdtempSync(join(tmpdir(), 'lookout-reports-'));

/** The text of a PDF, as poppler's pdftotext reads it (layout off: one line per run of text). */
function pdfText(bytes: Buffer): string {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

const signInAll = async () => {
  admin = await lookout.signIn();
  dsl = await lookout.signIn('dsl.lead', 'dsl-password-1');
  viewer = await lookout.signIn('head.teacher', 'head-password-1');
};

beforeAll(async () => {
  desktop = attachDesktop();
  smtp = await MailCatcher.start();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  await admin.createUser('dsl.lead', 'dsl-password-1', 'dsl');
  await admin.createUser('head.teacher', 'head-password-1', 'viewer');
  await admin.createUser('it.tech', 'tech-password-1', 'technician');
  await signInAll();
  await dsl.request('PUT', '/api/settings/safeguarding', { schoolName: 'Hillside Academy', contacts: [] });
  // The school's mail server, set once for high-risk mail (left off here) and used by the weekly report too.
  const saved = await dsl.request('PUT', '/api/notifications/settings', {
    enabled: false,
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      username: '',
      from: 'lookout@hillside.test',
    },
  });
  expect(saved.status).toBe(200);
  // Adult content and gambling are blocked with their lists; games is imported but not blocked (a check of it must
  // say so). A policy cannot name a category that was never imported.
  for (const category of ['adult', 'gambling', 'games']) {
    expect(
      (
        await admin.request('POST', '/api/url-categories', {
          category,
          domains: `${category}.example\n`,
          reason: 'UT1 import',
        })
      ).status,
    ).toBe(200);
  }
  await admin.schoolPolicy(
    'Pupils',
    { webFilter: { blockedCategories: ['adult', 'gambling'], allowList: [], blockList: [] } },
    'the DfE standard: block harmful content',
  );
  agent = await AgentProcess.start({ serverUrl: lookout.url, token: await admin.createEnrolmentToken(), desktop });
  await waitFor('the PC to run the school policy', () => admin.runsCurrentPolicy(agent.deviceId), {
    timeoutMs: 30_000,
  });
  pupil = (await admin.device(agent.deviceId)).user ?? '';
}, 180_000);

afterAll(async () => {
  await agent?.stop();
  await lookout?.stop();
  await desktop?.closeWindows();
  await smtp?.stop();
});

it("a check on a real PC: its filter blocks each blocked category's test address, finds an unblocked one open, and the test phrase's alert comes back without entering the DSL's queue", async () => {
  onTestFailed(() => {
    agent.saveLogs('reports-check');
    lookout.saveLogs('reports-check');
  });
  expect((await viewer.request('POST', '/api/checks', { deviceIds: [agent.deviceId] })).status).toBe(403);
  const tech = await lookout.signIn('it.tech', 'tech-password-1');
  const run = await tech.request('POST', '/api/checks', { deviceIds: [agent.deviceId] });
  expect(run.status).toBe(200);
  const { runId, results } = CheckRunResponse.parse(run.body);
  const byWhat = Object.fromEntries(results.map((r) => [r.category ?? r.kind, r]));
  expect(byWhat.adult).toMatchObject({ kind: 'blocks', outcome: 'blocked', passed: true, runBy: 'it.tech' });
  expect(byWhat.gambling).toMatchObject({ kind: 'blocks', outcome: 'blocked', passed: true });
  expect(byWhat.alerts).toMatchObject({ kind: 'alerts', outcome: 'alerted', passed: true });
  // The test address itself is a harmless page the console serves.
  const page = await fetch(`${lookout.url}/check/adult`);
  expect(await page.text()).toContain('This page should have been blocked');

  // Stored, shown to leadership, audited; and the check's alert is nowhere in the DSL's queue.
  const recorded = CheckResult.array().parse((await viewer.request('GET', '/api/checks')).body);
  expect(recorded.filter((r) => r.runId === runId)).toHaveLength(3);
  expect((await admin.audit()).some((e) => e.action === 'check.run' && e.target === runId)).toBe(true);
  const queue = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts')).body);
  expect(queue.filter((a) => a.category === 'lookout-check')).toEqual([]);
  // A second run straight away alerts again (no repeat window for checks); a category the school does not block
  // shows as open.
  const again = CheckRunResponse.parse(
    (await tech.request('POST', '/api/checks', { deviceIds: [agent.deviceId], categories: ['adult', 'games'] })).body,
  );
  expect(again.results.map((r) => r.outcome)).toEqual(['blocked', 'not-blocked', 'alerted']);
}, 120000);

it('the weekly report on demand: the DSL sees pupils with repeated alerts; the headteacher sees the figures without them', async () => {
  onTestFailed(() => {
    agent.saveLogs('reports-weekly');
    lookout.saveLogs('reports-weekly');
  });
  expect(pupil).not.toBe('');
  for (const title of ['i wish i was dead', 'i deserve pain', 'I think I want to kill myself tonight']) {
    await desktop.openWindow(title);
  }
  const alerts = await waitFor(
    'three alerts from the pupil',
    async () => {
      const queue = AlertSummary.array().parse((await dsl.request('GET', '/api/alerts')).body);
      return queue.length >= 3 && queue;
    },
    { timeoutMs: 30_000 },
  );
  alertsRaised = alerts.length;
  alertsWeek = mondayInLondon(new Date(alerts[0]!.receivedAt));
  const forDsl = await dsl.raw('GET', `/api/reports/weekly?week=${alertsWeek}&format=pdf`);
  expect(forDsl.status).toBe(200);
  expect(forDsl.headers.get('content-type')).toBe('application/pdf');
  const dslText = pdfText(forDsl.bytes);
  expect(dslText).toContain('Hillside Academy: weekly monitoring report');
  expect(dslText).toContain('New alerts and concerns');
  expect(dslText).toContain('Incidents by category');
  expect(dslText).toContain('Top blocked categories');
  expect(dslText).toContain('Computers enrolled');
  // No browser with the Lookout extension runs on the test desktop: its heartbeat says so, and coverage shows it.
  const hostname = (await admin.device(agent.deviceId)).hostname;
  const coverage = dslText.replace(/\s+/g, ' ').split('Coverage')[1] ?? '';
  expect(coverage).toContain('Browser without the Lookout extension (as last reported)');
  expect(coverage).toContain(`1: ${hostname}`);
  expect(dslText).toContain('Pupils with 3 or more alerts this week (DSL only)');
  expect(dslText).toContain(pupil);

  const forHead = await viewer.raw('GET', `/api/reports/weekly?week=${alertsWeek}&format=pdf`);
  const headText = pdfText(forHead.bytes);
  expect(headText).toContain('New alerts and concerns');
  expect(headText).not.toContain('DSL only');
  expect(headText).not.toContain(pupil);
  const html = await viewer.raw('GET', `/api/reports/weekly?week=${alertsWeek}`);
  expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(html.bytes.toString()).toContain('Time to first review');
  // Not a week to come, nor for a teacher.
  expect((await viewer.request('GET', '/api/reports/weekly?week=2999-01-04')).status).toBe(400);
  expect((await admin.audit()).filter((e) => e.action === 'report.weekly.viewed').length).toBeGreaterThanOrEqual(3);
}, 120000);

it("the annual review pack takes each DfE standard with the roles, the policy and why, the year's incidents and the checks", async () => {
  const roles = {
    weekly: { enabled: false, day: 'monday', time: '07:00', recipients: [] },
    roles: {
      dsl: ['Dee Lead'],
      deputies: ['Dep Uty'],
      seniorLeader: 'Hana Head',
      governor: 'Gov Ernor',
      itLead: ['Ivy Tech'],
    },
  };
  expect((await viewer.request('PUT', '/api/reports/settings', roles)).status).toBe(403);
  // The copy naming pupils goes where the DSL says: an admin cannot add a DSL or deputy recipient.
  const adminsDeputy = {
    ...roles,
    weekly: {
      ...roles.weekly,
      recipients: [{ name: 'Not A Deputy', email: 'someone@elsewhere.example', role: 'deputy' }],
    },
  };
  const refused = await admin.request('PUT', '/api/reports/settings', adminsDeputy);
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).toMatch(/only the designated safeguarding lead/);
  expect((await admin.request('PUT', '/api/reports/settings', roles)).status).toBe(200);
  expect((await dsl.request('PUT', '/api/reports/settings', roles)).status).toBe(200);
  const pack = await viewer.raw('GET', '/api/reports/review-pack');
  expect(pack.status).toBe(200);
  const text = pdfText(pack.bytes).replace(/\s+/g, ' ');
  for (const expected of [
    'annual filtering and monitoring review',
    'Standard 1: roles and responsibilities',
    'Dee Lead',
    'Hana Head',
    'Gov Ernor',
    'Ivy Tech',
    'Policy "Pupils"',
    'adult, gambling',
    'the DfE standard: block harmful content',
    `Alerts and concerns in the period ${alertsRaised}`,
    'PASSED: blocks adult',
    'PASSED: blocks gambling',
    'FAILED: blocks games',
    'PASSED: a test phrase raises an alert',
    '(by it.tech)',
  ]) {
    expect(text).toContain(expected);
  }
  expect(text).not.toContain(pupil);
}, 90000);

it('the weekly report is mailed on its day and time, the DSL copy to the DSL only, once per week across restarts', async () => {
  onTestFailed(() => lookout.saveLogs('reports-scheduled'));
  await agent.stop(); // the console's clock is about to move on by days
  // The schedule: half an hour from now, in the school's time zone (Europe/London).
  const at = new Date(Date.now() + 30 * 60_000);
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => local.find((p) => p.type === type)!.value;
  const settings = {
    weekly: {
      enabled: true,
      day: part('weekday').toLowerCase(),
      time: `${part('hour')}:${part('minute')}`,
      recipients: [
        { name: 'Dee Lead', email: 'dsl@hillside.test', role: 'dsl' },
        { name: 'Hana Head', email: 'head@hillside.test', role: 'senior-leader' },
      ],
    },
    roles: { dsl: [], deputies: [], seniorLeader: '', governor: '', itLead: [] },
  };
  const saved = await dsl.request('PUT', '/api/reports/settings', settings);
  expect(saved.status).toBe(200);
  // Switched on, the schedule starts from its next time: the week due before it counts as sent.
  const lastSent = (saved.body as { lastWeekSent: string }).lastWeekSent;
  const monday = (weeks: number) => {
    const d = new Date(`${lastSent}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 * weeks);
    return d.toISOString().slice(0, 10);
  };
  // Restarted a week and 40 minutes on, past the time: the two weeks due since go out (the alerts' week is one of
  // them), a DSL copy and a leadership copy each.
  const weekly = (week: string, to: string) =>
    smtp.mail.filter((m) => m.parsed.subject?.endsWith(`week of ${week}`) && m.envelopeTo.includes(to));
  await lookout.restart({ clockOffsetDays: 7, clockOffsetMinutes: 40 });
  await waitFor('both weeks due', () => weekly(monday(2), 'head@hillside.test').length > 0, { timeoutMs: 60_000 });
  expect(weekly(monday(1), 'dsl@hillside.test')).toHaveLength(1);
  expect([monday(1), monday(2)]).toContain(alertsWeek);
  const [dslMail] = weekly(alertsWeek, 'dsl@hillside.test');
  const [headMail] = weekly(alertsWeek, 'head@hillside.test');
  expect(dslMail!.envelopeTo).toEqual(['dsl@hillside.test']);
  expect(headMail!.envelopeTo).toEqual(['head@hillside.test']);
  const dslPdf = dslMail!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
  const headPdf = headMail!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
  expect(dslPdf.filename).toBe(`weekly-report-${alertsWeek}.pdf`);
  expect(pdfText(dslPdf.content)).toContain(pupil);
  expect(pdfText(dslPdf.content)).toContain('DSL only');
  expect(pdfText(headPdf.content)).toContain('New alerts and concerns');
  expect(`${pdfText(headPdf.content)}${headMail!.parsed.text}${String(headMail!.parsed.html)}`).not.toContain(pupil);
  expect(String(dslMail!.parsed.html)).toContain('Pupils with 3 or more alerts');

  // Restarted again a week later: that week goes once, and nothing before it again (the later week is the sentinel).
  await lookout.restart({ clockOffsetDays: 14, clockOffsetMinutes: 40 });
  // The leadership copy goes last in a pass: once it is in, anything sent twice would have come before it.
  await waitFor('the next week', () => weekly(monday(3), 'head@hillside.test').length > 0, { timeoutMs: 60_000 });
  for (const week of [monday(1), monday(2), monday(3)]) {
    expect(weekly(week, 'dsl@hillside.test')).toHaveLength(1);
    expect(weekly(week, 'head@hillside.test')).toHaveLength(1);
  }
  await signInAll();
  const sent = (await admin.audit()).filter((e) => e.action === 'report.weekly.sent').map((e) => e.target);
  expect(sent).toEqual(expect.arrayContaining([monday(1), monday(2), monday(3)]));
  expect(sent).toHaveLength(3);
}, 300000);

/** The Monday (a date) of the week an instant falls in, in the school's time zone. */
function mondayInLondon(at: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
