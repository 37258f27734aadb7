import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { keywordLibraryDigest, PolicyVersionInfo, type PolicyPushMessage } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Protocol 3 against a real console: keyword libraries an agent holds travel by digest, a reconnect with the
// revision the agent runs gets no push, an agent speaking protocol 2 still gets whole documents, and a real
// headless agent puts each push back together (asking again for a library its cache lost) into the same whole
// document a protocol 2 agent is sent.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const digestOf = (library: unknown) => keywordLibraryDigest(library, sha256);

interface Pc {
  deviceId: string;
  credential: string;
  socket: RawAgentSocket;
  seq: number;
}

let lookout: ConsoleProcess;
let admin: StaffClient;
let token: string;
/** Protocol 3, and protocol 2 (whole documents: the reference for what a policy is). */
let v3: Pc;
let v2: Pc;
let agent: AgentProcess;
/** Libraries the protocol 3 PC holds, by digest, as a real agent keeps them. */
const held = new Map<string, Record<string, unknown>>();
let schoolPolicy: PolicyVersionInfo;

const pushes = (pc: Pc) => pc.socket.received.filter((m): m is PolicyPushMessage => m.type === 'policy-push');
const policyVersion = (push: PolicyPushMessage | undefined) =>
  (push?.document.policy as { version?: number } | undefined)?.version;

async function enrol(hostname: string): Promise<Omit<Pc, 'socket'>> {
  const enrolled = await RawAgentSocket.enrol(lookout.url, token, hostname);
  return { deviceId: enrolled.deviceId, credential: enrolled.credential, seq: 0 };
}

async function connect(
  pc: Omit<Pc, 'socket'>,
  protocolVersion: number,
  holding: { policyRevision?: string; libraryDigests?: string[] } = {},
): Promise<Pc> {
  const socket = await RawAgentSocket.connect(lookout.url);
  socket.send({
    type: 'hello',
    protocolVersion,
    deviceId: pc.deviceId,
    credential: pc.credential,
    agentVersion: 'test',
    ...holding,
  });
  await socket.next('welcome');
  return { ...pc, socket };
}

/** A batch after everything before it, acknowledged: whatever the console sends before the ack has arrived. */
async function sentinel(pc: Pc): Promise<void> {
  pc.seq++;
  pc.socket.send({ type: 'event-batch', events: [windowEvent(pc.deviceId, pc.seq)] });
  await waitFor(`the ack of ${pc.seq}`, () =>
    pc.socket.received.some((m) => m.type === 'ack' && m.throughSeq === pc.seq),
  );
}

/** What a protocol 3 push names, put together from the libraries held and those sent (as the agent does). */
function assemble(push: PolicyPushMessage): Record<string, unknown> {
  const libraries = (push.libraries ?? []).map((entry) => {
    if (entry.library) {
      expect(digestOf(entry.library)).toBe(entry.digest);
      held.set(entry.digest, entry.library);
    }
    const library = held.get(entry.digest);
    expect(library, `library ${entry.id} held`).toBeDefined();
    return library;
  });
  return { ...push.document, keywordLibraries: libraries };
}

async function savePolicy(document: unknown, reason: string): Promise<number> {
  const saved = await admin.request('PUT', `/api/policies/${schoolPolicy.id}`, {
    name: 'Whole school',
    document,
    reason,
  });
  expect(saved.status).toBe(200);
  return (saved.body as { version: number }).version;
}

/** The whole document the protocol 2 PC was sent for this policy version. */
const wholeDocument = (version: number) =>
  waitFor(`the whole document of version ${version}`, () => pushes(v2).find((p) => policyVersion(p) === version));

const agentCache = () =>
  JSON.parse(readFileSync(join(agent.dataDir, 'policy.json'), 'utf8')) as { revision: string; document: unknown };

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  token = await admin.createEnrolmentToken(3);
  // A second library of the school's own, beside the starter library.
  const library = {
    id: 'school-words',
    name: 'School words',
    categories: [{ id: 'bullying', name: 'Bullying' }],
    phrases: [{ phrase: 'nobody sits with you', category: 'bullying', severity: 3 }],
  };
  expect((await admin.request('POST', '/api/keyword-libraries', { library, reason: 'our own words' })).status).toBe(
    201,
  );
  schoolPolicy = PolicyVersionInfo.parse(
    (await admin.request('POST', '/api/policies', { name: 'Whole school', document: {}, reason: 'baseline' })).body,
  );
  const assigned = await admin.request('POST', '/api/policy-assignments', {
    policyId: schoolPolicy.id,
    scope: 'school',
    reason: 'baseline',
  });
  expect(assigned.status).toBe(201);
  v3 = await connect(await enrol('REF-V3'), 3);
  v2 = await connect(await enrol('REF-V2'), 2);
  agent = await AgentProcess.start({ serverUrl: lookout.url, token });
}, 90_000);

afterAll(async () => {
  v3?.socket.close();
  v2?.socket.close();
  await agent?.stop();
  await lookout?.stop();
});

describe('policies by reference (protocol 3)', () => {
  it('an agent holding nothing gets every library inline; reconnecting with the revision it runs, it gets no push', async () => {
    const first = await waitFor('the first push', () => pushes(v3)[0]);
    expect(first.document).not.toHaveProperty('keywordLibraries');
    expect(first.libraries?.map((l) => l.id)).toEqual(expect.arrayContaining(['lookout-default', 'school-words']));
    expect(first.libraries?.every((l) => l.library !== undefined)).toBe(true);
    const document = assemble(first);

    // Protocol 2 is sent the same policy whole: the same document once put back together.
    const whole = await waitFor('the whole document', () => pushes(v2)[0]);
    expect(whole.libraries).toBeUndefined();
    expect(whole.revision).toBe(first.revision);
    expect(document).toEqual(whole.document);

    v3.socket.close();
    await v3.socket.closed;
    v3 = await connect(v3, 3, { policyRevision: first.revision!, libraryDigests: [...held.keys()] });
    await sentinel(v3);
    expect(pushes(v3)).toEqual([]);
  });

  it('a change reaches an agent holding its libraries in a small frame: by digest, nothing inline', async () => {
    const version = await savePolicy({ idleLockMinutes: 7 }, 'idle lock');
    const push = await waitFor('the change', () => pushes(v3).find((p) => policyVersion(p) === version));
    expect(push.libraries?.length).toBeGreaterThanOrEqual(2);
    expect(push.libraries?.some((l) => l.library !== undefined)).toBe(false);
    const whole = await wholeDocument(version);
    expect(v3.socket.sizeOf(push)).toBeLessThan(8 * 1024);
    expect(v2.socket.sizeOf(whole)).toBeGreaterThan(100 * 1024);
    expect(assemble(push)).toEqual(whole.document);
  });

  it('a real agent applies the whole document, the same as the one protocol 2 is sent', async () => {
    onTestFailed(() => {
      agent.saveLogs('policy-by-reference-agent');
      lookout.saveLogs('policy-by-reference-agent');
    });
    const version = await savePolicy({ idleLockMinutes: 8 }, 'idle lock again');
    const whole = await wholeDocument(version);
    await waitFor('the agent to apply it', () => agentCache().revision === whole.revision, { timeoutMs: 20_000 });
    expect(agentCache().document).toEqual(whole.document);
    // Its libraries are kept one by one, by digest, in its own data dir.
    const kept = readdirSync(join(agent.dataDir, 'policy-libraries'));
    for (const digest of held.keys()) expect(kept).toContain(`${digest}.json`);
  });

  it('an agent whose cache lost a library asks again and gets it inline', async () => {
    const latest = pushes(v3).at(-1)!;
    const starter = latest.libraries!.find((l) => l.id === 'lookout-default')!.digest;
    const before = pushes(v3).length;
    v3.socket.send({ type: 'policy-resync', missing: [starter] });
    const again = await waitFor('the policy again', () => pushes(v3)[before]);
    expect(again.revision).toBe(latest.revision);
    expect(again.libraries?.filter((l) => l.library !== undefined).map((l) => l.digest)).toEqual([starter]);
  });

  it('an agent that asks again and again is closed, to say afresh in hello what it holds', async () => {
    const pc = await connect(v3, 3, { libraryDigests: [...held.keys()] });
    await waitFor('its push', () => pushes(pc)[0]);
    const missing = [...held.keys()].slice(0, 1);
    for (let i = 0; i < 9; i++) pc.socket.send({ type: 'policy-resync', missing });
    expect((await pc.socket.closed).code).toBe(4429);
    // The eight before were answered, each with the library inline.
    await waitFor('eight answers', () => pushes(pc).length === 9);
    expect(
      pushes(pc)
        .slice(1)
        .every((p) => p.libraries?.some((l) => l.library !== undefined)),
    ).toBe(true);
    v3 = await connect(v3, 3, { libraryDigests: [...held.keys()] });
  });

  it('a real agent whose cached library was damaged applies nothing partial and recovers the whole policy', async () => {
    onTestFailed(() => {
      agent.saveLogs('policy-by-reference-damaged');
      lookout.saveLogs('policy-by-reference-damaged');
    });
    const schoolWords = [...held.entries()].find(([, l]) => l.id === 'school-words')![0];
    // The starter library only: the agent still keeps the school's library in its cache, but not in force.
    const starterOnly = await savePolicy({ keywords: { libraryIds: ['lookout-default'] } }, 'starter only');
    const narrow = await wholeDocument(starterOnly);
    await waitFor('the agent to apply it', () => agentCache().revision === narrow.revision, { timeoutMs: 20_000 });
    await agent.stop();
    // Damaged while the agent was stopped: its content no longer matches the digest it is kept under.
    const file = join(agent.dataDir, 'policy-libraries', `${schoolWords}.json`);
    const damaged = JSON.parse(readFileSync(file, 'utf8')) as { phrases: unknown[] };
    writeFileSync(file, JSON.stringify({ ...damaged, phrases: [] }));
    await agent.restart();

    // Every library again: the console counts on the agent holding the school's (it said so in hello).
    const all = await savePolicy({ keywords: { libraryIds: [] } }, 'every library');
    const whole = await wholeDocument(all);
    await waitFor('the agent to apply it', () => agentCache().revision === whole.revision, { timeoutMs: 20_000 });
    expect(agentCache().document).toEqual(whole.document);
    expect(agent.output).toContain('no longer holds; keeping the current policy and asking the console for them');
  });

  it('after a console restart, an agent running the current policy is pushed nothing when it reconnects', async () => {
    const latest = pushes(v3).at(-1)!;
    assemble(latest);
    const digests = latest.libraries!.map((l) => l.digest);
    await lookout.restart();
    // The same inputs compile to the same document and revision in the new process.
    v3 = await connect(v3, 3, { policyRevision: latest.revision!, libraryDigests: digests });
    await sentinel(v3);
    expect(pushes(v3)).toEqual([]);
    // A protocol 2 agent cannot say what it runs: it is sent the whole document again.
    v2 = await connect(v2, 2);
    const whole = await waitFor('the whole document', () => pushes(v2)[0]);
    expect(whole.revision).toBe(latest.revision);
  });
});
