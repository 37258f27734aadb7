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
    expect(html).toContain(`content="default-src 'none'; style-src ${hash}"`);
  });

  it('writes a PDF even with characters its standard fonts lack', async () => {
    const pdf = await caseRecordPdf({ ...record, case: { ...detail, pupil: 'Łukasz 李' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
