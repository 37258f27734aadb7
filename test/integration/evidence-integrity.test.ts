import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { CaseDetail, Evidence } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, keywordAlertEvent, markedJpeg } from '../harness/RawAgentSocket.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Finding: any PC could attach screenshots to another PC's alert (and so into the case record used for
// referrals), and evidence with no alert behind it was stored without limit. Raw protocol peers play the PCs.
// The per-device daily budget is set low here (2 MB) so the test need not send the default 32 MB.
let lookout: ConsoleProcess;
let admin: StaffClient;
let dsl: StaffClient;
interface Pc {
  socket: RawAgentSocket;
  id: string;
  credential: string;
  seq: number;
}
const pcs: Record<'victim' | 'attacker', Pc> = {} as never;

async function connect(hostname: string): Promise<Pc> {
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), hostname);
  const socket = await RawAgentSocket.connect(lookout.url);
  await socket.authenticate(enrolled.deviceId, enrolled.credential);
  return { socket, id: enrolled.deviceId, credential: enrolled.credential, seq: 0 };
}

/** Raises an alert listing `screenshots` evidence ids; returns its id and theirs. */
async function raise(pc: Pc, screenshots = 4) {
  const evidenceIds = Array.from({ length: screenshots }, () => randomUUID());
  const event = keywordAlertEvent(pc.id, ++pc.seq, { evidenceIds, user: 'pupil.e' });
  pc.socket.send({ type: 'event-batch', events: [event] });
  await ackFor(pc.socket, 'ack', (m) => m.type === 'ack' && m.throughSeq === event.seq);
  return { alertId: event.id, evidenceIds };
}

/** Sends one evidence frame and returns the console's answer to it. */
async function sendEvidence(pc: Pc, alertId: string, id: string, jpeg: Buffer) {
  pc.socket.send({
    type: 'evidence',
    id,
    eventId: alertId,
    capturedAt: new Date().toISOString(),
    jpeg: jpeg.toString('base64'),
  });
  return ackFor(pc.socket, `the answer to ${id}`, (m) => m.type === 'evidence-ack' && m.id === id);
}

async function ackFor(
  socket: RawAgentSocket,
  what: string,
  match: (m: RawAgentSocket['received'][number]) => boolean,
): Promise<RawAgentSocket['received'][number]> {
  return waitFor(what, () => socket.received.find(match));
}

const storedFiles = (deviceId: string) => {
  const dir = join(lookout.dataDir, 'evidence', deviceId);
  return existsSync(dir) ? readdirSync(dir) : [];
};

beforeAll(async () => {
  lookout = await ConsoleProcess.start({ LOOKOUT_EVIDENCE_DEVICE_DAILY_MB: '2' });
  admin = await lookout.signIn();
  await admin.createUser('dsl.e', 'dsl-password-1', 'dsl');
  dsl = await lookout.signIn('dsl.e', 'dsl-password-1');
  pcs.victim = await connect('VICTIM-PC');
  pcs.attacker = await connect('ATTACKER-PC');
});

afterAll(async () => {
  pcs.victim?.socket.close();
  pcs.attacker?.socket.close();
  await lookout?.stop();
});

describe('evidence intake', () => {
  it("refuses a screenshot planted on another PC's alert, and one its alert does not list", async () => {
    onTestFailed(() => lookout.saveLogs('evidence-planted'));
    const { alertId, evidenceIds } = await raise(pcs.victim);
    // The attacker knows the victim's alert id and even the ids its screenshots will have.
    const planted = await sendEvidence(pcs.attacker, alertId, evidenceIds[0]!, markedJpeg('planted'));
    expect(planted).toMatchObject({
      refused: { retry: false, reason: expect.stringMatching(/not one of this device/) },
    });
    const unlisted = await sendEvidence(pcs.victim, alertId, randomUUID(), markedJpeg('unlisted'));
    expect(unlisted).toMatchObject({ refused: { retry: false, reason: expect.stringMatching(/does not list/) } });
    // No alert at all (the old code stored these, dated as the PC liked, without limit): not stored, and the
    // agent is told to send it again once its alert has arrived.
    const orphan = await sendEvidence(pcs.attacker, randomUUID(), randomUUID(), markedJpeg('orphan'));
    expect(orphan).toMatchObject({ refused: { retry: true } });
    expect(storedFiles(pcs.attacker.id)).toEqual([]);

    // The victim's own screenshot is stored, with its SHA-256 and the console's receipt time.
    const own = markedJpeg('own screenshot');
    expect(await sendEvidence(pcs.victim, alertId, evidenceIds[0]!, own)).toEqual({
      type: 'evidence-ack',
      id: evidenceIds[0],
    });
    const held = Evidence.array().parse((await dsl.request('GET', `/api/alerts/${alertId}/evidence`)).body);
    expect(held).toEqual([
      expect.objectContaining({
        id: evidenceIds[0],
        bytes: own.length,
        sha256: createHash('sha256').update(own).digest('hex'),
      }),
    ]);
    expect(Math.abs(Date.parse(held[0]!.receivedAt) - Date.now())).toBeLessThan(60_000);
    // Resent before it saw the ack: still one, still acknowledged; the attacker cannot reuse its id.
    expect(await sendEvidence(pcs.victim, alertId, evidenceIds[0]!, own)).not.toHaveProperty('refused');
    const reused = await sendEvidence(pcs.attacker, alertId, evidenceIds[0]!, markedJpeg('x'));
    expect(reused).toHaveProperty('refused');

    // The case record shows each screenshot's SHA-256, in HTML and in the PDF.
    const opened = await dsl.request('POST', '/api/cases', { pupil: 'pupil.e', title: 'Hashes', alertIds: [alertId] });
    const caseId = CaseDetail.parse(opened.body).id;
    const html = (await dsl.raw('GET', `/api/cases/${caseId}/record`)).bytes.toString();
    expect(html).toContain(`SHA-256 ${held[0]!.sha256}`);
    const pdf = (await dsl.raw('GET', `/api/cases/${caseId}/record?format=pdf`)).bytes;
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, '');
    expect(text).toContain(held[0]!.sha256);

    // The DSL chooses the screenshot for the record: without a reason for this sensitive alert it stays out (its
    // hash stays in); with one, the image itself is printed, and the audit entry names it.
    const chosen = `/api/cases/${caseId}/record?screenshots=${evidenceIds[0]}`;
    const imageOf = (page: Buffer) => page.toString().includes(own.toString('base64'));
    expect(imageOf((await dsl.raw('GET', chosen)).bytes)).toBe(false);
    expect(
      imageOf((await dsl.raw('GET', `${chosen}&reason=${encodeURIComponent('Referral to social care')}`)).bytes),
    ).toBe(true);
    // (This test's screenshot is a marked stand-in, not a decodable picture: the PDF says so beside its hash.)
    const pdfWith = await dsl.raw('GET', `${chosen}&format=pdf`);
    expect(pdfWith.status).toBe(200);
    const withText = (await new PDFParse({ data: new Uint8Array(pdfWith.bytes) }).getText()).text.replace(/\s+/g, ' ');
    expect(withText).toContain('the image could not be read');
    const exports = (await dsl.audit()).filter((e) => e.action === 'case.exported');
    expect(exports[0]?.details).toMatchObject({ format: 'pdf', screenshots: [evidenceIds[0]] }); // newest first
  });

  it("keeps each alert's screenshots within its budget, and each device's within its daily budget", async () => {
    onTestFailed(() => lookout.saveLogs('evidence-budget'));
    // 2 MB per alert by default: five screenshots of 450 KB are one too many.
    const { alertId, evidenceIds } = await raise(pcs.attacker, 5);
    const answers = [];
    for (const id of evidenceIds) answers.push(await sendEvidence(pcs.attacker, alertId, id, markedJpeg(id, 450_000)));
    expect(answers.map((a) => ('refused' in a && a.refused ? 'refused' : 'stored'))).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'refused',
    ]);
    expect(answers[4]).toMatchObject({ refused: { retry: false, reason: expect.stringMatching(/alert's budget/) } });
    // 1.8 MB stored today; the device's 2 MB a day leaves room for no more 450 KB screenshot on any alert.
    const next = await raise(pcs.attacker, 1);
    expect(
      await sendEvidence(pcs.attacker, next.alertId, next.evidenceIds[0]!, markedJpeg('more', 450_000)),
    ).toMatchObject({
      refused: { retry: false, reason: expect.stringMatching(/device's budget/) },
    });
    expect(storedFiles(pcs.attacker.id).length).toBe(4);
    // Another PC's budget is its own.
    const victim = await raise(pcs.victim, 1);
    expect(
      await sendEvidence(pcs.victim, victim.alertId, victim.evidenceIds[0]!, markedJpeg('fine', 450_000)),
    ).not.toHaveProperty('refused');
  });

  it('accepts screenshots only within minutes of their alert reaching the console', async () => {
    onTestFailed(() => lookout.saveLogs('evidence-late'));
    const { alertId, evidenceIds } = await raise(pcs.victim, 2);
    expect(await sendEvidence(pcs.victim, alertId, evidenceIds[0]!, markedJpeg('in time'))).not.toHaveProperty(
      'refused',
    );
    // Eleven minutes later by the console's clock (libfaketime moves it), the PC reconnects with the rest.
    pcs.victim.socket.close();
    pcs.attacker.socket.close();
    await lookout.restart({ clockOffsetMinutes: 11 });
    pcs.victim.socket = await RawAgentSocket.connect(lookout.url);
    await pcs.victim.socket.authenticate(pcs.victim.id, pcs.victim.credential);
    expect(await sendEvidence(pcs.victim, alertId, evidenceIds[1]!, markedJpeg('too late'))).toMatchObject({
      refused: { retry: false, reason: expect.stringMatching(/too late/) },
    });
    dsl = await lookout.signIn('dsl.e', 'dsl-password-1');
    expect((await dsl.request('GET', `/api/alerts/${alertId}/evidence`)).body).toEqual([
      expect.objectContaining({ id: evidenceIds[0] }),
    ]);
  });
});
