import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '@lookout/shared';
import { CASE_RECORD_CSP, caseRecordHtml, caseRecordPdf, type CaseRecord } from './CaseRecord.js';

const detail: CaseDetail = {
  id: '00000000-0000-4000-8000-000000000001',
  pupil: '<script>alert(1)</script>',
  title: 'Test & check',
  status: 'closed',
  assignee: null,
  outcome: 'reported-iwf',
  actions: [],
  openedAt: '2026-11-23T09:00:00.000Z',
  openedBy: 'dsl',
  updatedAt: '2026-11-23T09:05:00.000Z',
  alertIds: [],
  entries: [
    { seq: 1, at: '2026-11-23T09:00:00.000Z', author: 'dsl', kind: 'opened', text: '', details: {}, correctedBy: null },
    {
      seq: 2,
      at: '2026-11-23T09:05:00.000Z',
      author: 'dsl',
      kind: 'close',
      text: 'Zoë’s report',
      details: { outcome: 'reported-iwf' },
      correctedBy: null,
    },
  ],
};
const record: CaseRecord = {
  school: 'Hillside',
  case: detail,
  alerts: [],
  audit: [],
  exportedBy: 'dsl',
  exportedAt: '2026-11-23T10:00:00.000Z',
  timeZone: 'Europe/London',
};

describe('case record', () => {
  it('escapes everything it prints (a pupil name is data, never markup)', () => {
    const html = caseRecordHtml(record);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Test &amp; check');
    expect(html).toContain('Closed: Reported to the IWF');
  });

  it("allows exactly its own stylesheet by hash, and no script, in the page and in the response's policy", () => {
    const html = caseRecordHtml(record);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`;
    expect(CASE_RECORD_CSP).toContain(`style-src ${hash}`);
    expect(CASE_RECORD_CSP).toMatch(/default-src 'none'/);
    expect(CASE_RECORD_CSP).toMatch(/frame-ancestors 'none'/);
    expect(CASE_RECORD_CSP).not.toMatch(/unsafe-inline|script-src/);
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src ${hash}"`);
  });

  it("gives every time in the school's time zone, and prints the screenshots chosen only where context may be shown", async () => {
    const jpeg = Buffer.from(
      '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
      'base64',
    );
    const alert = (id: string, withheld: boolean) => ({
      id,
      kind: 'keyword' as const,
      deviceId: null,
      hostname: 'IT1-01',
      roomId: null,
      user: 'pupil',
      ts: '2026-06-03T09:00:00.000Z',
      receivedAt: '2026-06-03T09:00:01.000Z',
      category: 'self-harm',
      categoryName: 'Self-harm',
      sensitive: true,
      severity: 5,
      phrase: 'phrase',
      source: 'typed' as const,
      app: 'app',
      title: 'title',
      url: null,
      matched: withheld ? null : 'm',
      context: withheld ? null : 'ctx',
      withheld,
      evidenceCount: 1,
      status: 'new' as const,
      assignee: null,
      caseId: null,
      outcome: null,
      evidence: [
        {
          id: `${id.slice(0, -1)}9`,
          alertId: id,
          capturedAt: '2026-06-03T09:00:00.000Z',
          receivedAt: '2026-06-03T09:00:02.000Z',
          bytes: jpeg.length,
          sha256: withheld ? 'hash-of-withheld' : 'hash-of-shown',
          image: jpeg,
        },
      ],
    });
    const html = caseRecordHtml({
      ...record,
      alerts: [
        alert('00000000-0000-4000-8000-000000000011', false),
        alert('00000000-0000-4000-8000-000000000021', true),
      ],
    });
    expect(html).toContain('Exported by dsl at 23 Nov 2026, 10:00:00 GMT');
    expect(html).toContain('3 Jun 2026, 10:00:01 BST');
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(1);
    expect(html).toContain('alt="Screenshot taken 3 Jun 2026, 10:00:00 BST, SHA-256 hash-of-shown"');
    expect(html).toContain('hash-of-withheld'); // its hash stays in the record, its image does not
    const withImage = await caseRecordPdf({
      ...record,
      alerts: [alert('00000000-0000-4000-8000-000000000011', false)],
    });
    const without = await caseRecordPdf({ ...record, alerts: [alert('00000000-0000-4000-8000-000000000021', true)] });
    expect(withImage.includes('/Subtype /Image')).toBe(true);
    expect(without.includes('/Subtype /Image')).toBe(false);
  });

  it('writes a PDF even with characters its standard fonts lack', async () => {
    const pdf = await caseRecordPdf({ ...record, case: { ...detail, pupil: 'Łukasz 李' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
