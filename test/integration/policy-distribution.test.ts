import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyVersionInfo, type PolicyPushMessage } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A real console and 50 PCs speaking the protocol frame by frame: a change is pushed to the PCs it concerns and
// no others, and heartbeats, window changes and disconnections never work anyone's policy out.
const PCS = 50;

interface Pc {
  deviceId: string;
  hostname: string;
  user: string;
  socket: RawAgentSocket;
  seq: number;
}

let lookout: ConsoleProcess;
let admin: StaffClient;
const pcs: Pc[] = [];
let roomA: Pc[];
let roomB: Pc[];
let elsewhere: Pc[];

const pushes = (pc: Pc) => pc.socket.received.filter((m): m is PolicyPushMessage => m.type === 'policy-push');
const policyName = (push: PolicyPushMessage | undefined) =>
  (push?.document.policy as { name?: string } | undefined)?.name;
const figures = async () => (await admin.metrics()).policy;

function heartbeat(pc: Pc) {
  pc.socket.send({
    type: 'heartbeat',
    hostname: pc.hostname,
    os: { platform: 'linux', release: 'test', arch: 'x64' },
    user: pc.user,
    agentVersion: 'test',
    capabilities: {},
  });
}

/** Window changes after whatever was sent before; resolves once they are stored (so all before is handled). */
async function windowChanges(pc: Pc, count: number): Promise<void> {
  const events = Array.from({ length: count }, () => windowEvent(pc.deviceId, ++pc.seq));
  pc.socket.send({ type: 'event-batch', events });
  await waitFor(`${pc.hostname}'s ack of ${pc.seq}`, () =>
    pc.socket.received.some((m) => m.type === 'ack' && m.throughSeq === pc.seq),
  );
}

async function createPolicy(name: string, document: unknown): Promise<PolicyVersionInfo> {
  const response = await admin.request('POST', '/api/policies', { name, document, reason: `create ${name}` });
  expect(response.status).toBe(201);
  return PolicyVersionInfo.parse(response.body);
}

async function assign(policy: PolicyVersionInfo, scope: string, targetId?: string): Promise<void> {
  const body = { policyId: policy.id, scope, ...(targetId ? { targetId } : {}), reason: `${policy.name} here` };
  expect((await admin.request('POST', '/api/policy-assignments', body)).status).toBe(201);
}

/** Waits until each PC's newest policy frame runs `name`. */
async function newestRuns(group: Pc[], name: string): Promise<void> {
  for (const pc of group) {
    await waitFor(`${pc.hostname} to be pushed ${name}`, () => policyName(pushes(pc).at(-1)) === name);
  }
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(PCS);
  for (let i = 0; i < PCS; i++) {
    const hostname = `DIST-PC-${String(i).padStart(2, '0')}`;
    const enrolled = await RawAgentSocket.enrol(lookout.url, token, hostname);
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(enrolled.deviceId, enrolled.credential);
    pcs.push({ deviceId: enrolled.deviceId, hostname, user: `pupil.${i}`, socket, seq: 0 });
  }
  roomA = pcs.slice(0, 5);
  roomB = pcs.slice(5, 10);
  elsewhere = pcs.slice(10);
  await admin.classroom(
    'Room A',
    roomA.map((pc) => pc.deviceId),
  );
  await admin.classroom(
    'Room B',
    roomB.map((pc) => pc.deviceId),
  );
  for (const pc of pcs) heartbeat(pc);
  for (const pc of pcs) await windowChanges(pc, 1);
}, 60_000);

afterAll(async () => {
  for (const pc of pcs) pc.socket.close();
  await lookout?.stop();
});

describe('policy distribution by scope', () => {
  it('a room assignment reaches that room only; a school-wide change after it shows nothing else was sent', async () => {
    for (const pc of pcs) await waitFor(`${pc.hostname}'s first policy`, () => pushes(pc).length > 0);
    // Everything so far (placements, users signing in) is settled once every PC has this school-wide change.
    const contacts = { schoolName: 'Distribution School', contacts: [] };
    expect((await admin.request('PUT', '/api/settings/safeguarding', contacts)).status).toBe(200);
    for (const pc of pcs) {
      await waitFor(`${pc.hostname} to get the school name`, () => {
        const safeguarding = pushes(pc).at(-1)?.document.safeguarding as { schoolName?: string } | undefined;
        return safeguarding?.schoolName === 'Distribution School';
      });
    }
    const marks = new Map(pcs.map((pc) => [pc, pushes(pc).length]));
    const since = (pc: Pc) => pushes(pc).slice(marks.get(pc));
    const start = await figures();

    const rooms = (await admin.request('GET', '/api/rooms')).body as { id: string; name: string }[];
    const roomAId = rooms.find((r) => r.name === 'Room A')!.id;
    await assign(await createPolicy('Room A rules', { idleLockMinutes: 5 }), 'room', roomAId);
    await newestRuns(roomA, 'Room A rules');
    const afterRoom = await figures();
    // Worked out for room A's five PCs only, compiled once for all five, pushed to those five.
    expect(afterRoom.evaluations - start.evaluations).toBe(roomA.length);
    expect(afterRoom.compilations - start.compilations).toBe(1);
    expect(afterRoom.pushes - start.pushes).toBe(roomA.length);

    // The sentinel: a school-wide policy. Room A keeps its (more specific) policy and gets nothing; every other
    // PC's first frame since the mark is this change, so the room change sent them nothing.
    await assign(await createPolicy('Whole school', { thumbnails: { enabled: false } }), 'school');
    await newestRuns([...roomB, ...elsewhere], 'Whole school');
    for (const pc of [...roomB, ...elsewhere]) expect(since(pc).map(policyName)).toEqual(['Whole school']);
    for (const pc of roomA) expect(since(pc).map(policyName)).toEqual(['Room A rules']);
    const afterSchool = await figures();
    expect(afterSchool.evaluations - afterRoom.evaluations).toBe(PCS);
    // 45 PCs share the new school document; room A's document is remembered (the same inputs as before).
    expect(afterSchool.compilations - afterRoom.compilations).toBe(1);
    expect(afterSchool.pushes - afterRoom.pushes).toBe(PCS - roomA.length);
  });

  it('heartbeats, window changes and disconnections work out no policy; a new user at a PC is that PC only', async () => {
    const before = await figures();
    // A burst: three heartbeats and a batch of window changes from every PC, each batch acknowledged (so every
    // heartbeat before it was handled), and five PCs gone.
    for (const pc of pcs) for (let i = 0; i < 3; i++) heartbeat(pc);
    await Promise.all(pcs.map((pc) => windowChanges(pc, 3)));
    const leaving = elsewhere.slice(-5);
    for (const pc of leaving) pc.socket.close();
    await waitFor('the five PCs to be offline', async () => (await admin.metrics()).devicesOnline === PCS - 5);

    // Sentinel: a change for room B is worked out for its five PCs and nothing else was pending.
    const rooms = (await admin.request('GET', '/api/rooms')).body as { id: string; name: string }[];
    const roomBId = rooms.find((r) => r.name === 'Room B')!.id;
    await assign(await createPolicy('Room B rules', { idleLockMinutes: 10 }), 'room', roomBId);
    await newestRuns(roomB, 'Room B rules');
    const afterBurst = await figures();
    expect(afterBurst.evaluations - before.evaluations).toBe(roomB.length);
    expect(afterBurst.pushes - before.pushes).toBe(roomB.length);

    // Who is signed in is a policy input, for that PC alone: alice is in Year 7, which has its own policy.
    const group = (await admin.request('POST', '/api/groups', { kind: 'user', name: 'Year 7' })).body as {
      id: string;
    };
    await admin.request('PUT', `/api/groups/${group.id}/members`, { members: ['alice'], reason: 'intake' });
    await assign(await createPolicy('Year 7', { idleLockMinutes: 15 }), 'user-group', group.id);
    const pc = elsewhere[0]!;
    const frames = pushes(pc).length;
    pc.user = 'alice';
    heartbeat(pc);
    await waitFor('alice to get the Year 7 policy', () => policyName(pushes(pc).at(-1)) === 'Year 7');
    expect(pushes(pc).length).toBe(frames + 1);
    const afterUser = await figures();
    expect(afterUser.evaluations - afterBurst.evaluations).toBe(1);
    expect(afterUser.pushes - afterBurst.pushes).toBe(1);
  });
});
