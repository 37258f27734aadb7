import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '@lookout/shared';
import { caseRecordHtml, caseRecordPdf, type CaseRecord } from './CaseRecord.js';

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

  it('writes a PDF even with characters its standard fonts lack', async () => {
    const pdf = await caseRecordPdf({ ...record, case: { ...detail, pupil: 'Łukasz 李' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
