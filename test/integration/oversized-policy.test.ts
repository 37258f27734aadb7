import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, PolicyVersionInfo, type PolicyPushMessage } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// A school saves keyword libraries so large that a PC holding none of them would need a policy frame over the
// protocol's 1 MiB: the agent would refuse it (1009), reconnect and be sent it again for ever. The console keeps
// the PC on the policy it has and says why, and the PC's connection stays up.

let lookout: ConsoleProcess;
let admin: StaffClient;
let pc: { deviceId: string; socket: RawAgentSocket; seq: number };
let enrolled: { deviceId: string; credential: string };

/** A library of about `kib` KiB: many distinct phrases (each library save is under the 1 MiB body limit). */
function bigLibrary(id: string, kib: number) {
  const phrases = [];
  for (let i = 0; phrases.length * 90 < kib * 1024; i++) {
    phrases.push({ phrase: `${id} rare phrase number ${i} that nobody types`, category: 'bullying', severity: 2 });
  }
  return { id, name: id, categories: [{ id: 'bullying', name: 'Bullying' }], phrases };
}

const pushes = () => pc.socket.received.filter((m): m is PolicyPushMessage => m.type === 'policy-push');

async function sentinel(): Promise<void> {
  pc.seq++;
  pc.socket.send({ type: 'event-batch', events: [windowEvent(pc.deviceId, pc.seq)] });
  await waitFor(`the ack of ${pc.seq}`, () =>
    pc.socket.received.some((m) => m.type === 'ack' && m.throughSeq === pc.seq),
  );
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  const token = await admin.createEnrolmentToken(1);
  const policy = PolicyVersionInfo.parse(
    (await admin.request('POST', '/api/policies', { name: 'Whole school', document: {}, reason: 'baseline' })).body,
  );
  expect(
    (
      await admin.request('POST', '/api/policy-assignments', {
        policyId: policy.id,
        scope: 'school',
        reason: 'baseline',
      })
    ).status,
  ).toBe(201);
  enrolled = await RawAgentSocket.enrol(lookout.url, token, 'BIG-POLICY');
}, 90_000);

afterAll(async () => {
  pc?.socket.close();
  await lookout?.stop();
});

describe('a policy too large for one frame', () => {
  it('is not sent to a PC holding none of its libraries: its connection stays up and the console says why', async () => {
    for (const id of ['big-one', 'big-two']) {
      const saved = await admin.request('POST', '/api/keyword-libraries', {
        library: bigLibrary(id, 600),
        reason: 'a very large list',
      });
      expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(201);
    }
    // A PC that holds none of them (a new one, or one whose cache was lost) would need them all inline.
    const socket = await RawAgentSocket.connect(lookout.url);
    pc = { deviceId: enrolled.deviceId, socket, seq: 0 };
    await socket.authenticate(enrolled.deviceId, enrolled.credential);
    await waitFor('the console to say the policy is too large', () =>
      /over the \d+-byte frame limit: not sent/.test(lookout.output),
    );
    // Whatever the console sent before this ack has arrived: no push named the big libraries, none was over the
    // limit, and the connection is still up.
    await sentinel();
    expect(pushes()).toEqual([]);
    expect(Math.max(...pc.socket.received.map((m) => pc.socket.sizeOf(m)))).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });
});
