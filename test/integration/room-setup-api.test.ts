import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';

// The routes behind the console's Sites and rooms page and its header: what a hostname pattern matches, the
// teachers a technician may assign, and the school's name. Each is given to the roles that need it, no more.
let lookout: ConsoleProcess;
let admin: StaffClient;
let tech: StaffClient;
let teacher: StaffClient;
let viewer: StaffClient;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(4);
  for (const hostname of ['LAB2-PC01', 'lab2-pc02', 'LAB20-PC01', 'OFFICE-01'])
    await RawAgentSocket.enrol(lookout.url, token, hostname);
  await admin.createUser('tech.one', 'copper lantern meadow frost', 'technician');
  await admin.createUser('ms.green', 'saffron kettle orbit willow', 'teacher');
  const gone = await admin.createUser('mr.gone', 'violet harbour pebble storm', 'teacher');
  await admin.request('POST', `/api/users/${gone.id}/disable`);
  await admin.createUser('head.one', 'granite lotus paddle meadow', 'viewer');
  tech = await lookout.signIn('tech.one', 'copper lantern meadow frost');
  teacher = await lookout.signIn('ms.green', 'saffron kettle orbit willow');
  viewer = await lookout.signIn('head.one', 'granite lotus paddle meadow');
});

afterAll(async () => {
  await lookout?.stop();
});

it('previews which PCs a hostname pattern matches, for technicians only, and explains a bad pattern', async () => {
  const preview = await tech.request('GET', '/api/rooms/pattern-preview?pattern=lab2-*');
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({ matching: 2 });
  expect((preview.body as { devices: { hostname: string }[] }).devices.map((d) => d.hostname)).toEqual([
    'LAB2-PC01',
    'lab2-pc02',
  ]);
  expect((await tech.request('GET', '/api/rooms/pattern-preview?pattern=LAB2?-PC01')).body).toMatchObject({
    matching: 1,
  });

  const bad = await tech.request('GET', `/api/rooms/pattern-preview?pattern=${encodeURIComponent('LAB 2')}`);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('letters, digits, . - _ and the wildcards * and ?');
  for (const other of [teacher, viewer])
    expect((await other.request('GET', '/api/rooms/pattern-preview?pattern=LAB2-*')).status).toBe(403);
});

it('lists the enabled teachers, by id and name only, to technicians and admins', async () => {
  const listed = await tech.request('GET', '/api/teachers');
  expect(listed.status).toBe(200);
  expect(listed.body).toEqual([{ id: expect.any(String), username: 'ms.green' }]);
  expect((await admin.request('GET', '/api/teachers')).body).toEqual(listed.body);
  for (const other of [teacher, viewer]) expect((await other.request('GET', '/api/teachers')).status).toBe(403);
});

it("gives every signed-in role the school's name for the header, and nobody signed out", async () => {
  const saved = (await admin.request('GET', '/api/settings/safeguarding')).body as Record<string, unknown>;
  await admin.request('PUT', '/api/settings/safeguarding', { ...saved, schoolName: 'Hillside Academy' });
  for (const client of [admin, tech, teacher, viewer])
    expect((await client.request('GET', '/api/school')).body).toEqual({ name: 'Hillside Academy' });
  expect((await fetch(`${lookout.url}/api/school`)).status).toBe(401);
});
