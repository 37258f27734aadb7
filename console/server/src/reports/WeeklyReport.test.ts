import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { reportHtml, reportPdf } from './ReportDocument.js';
import { weeklyReport, type ReportedAlert, type WeeklyReportInput } from './WeeklyReport.js';

// The week of Monday 1 June 2026 in London (BST): 31 May 23:00 UTC to 7 June 23:00 UTC.
const from = new Date('2026-05-31T23:00:00Z');
const to = new Date('2026-06-07T23:00:00Z');
const at = (iso: string) => new Date(iso);
const alert = (overrides: Partial<ReportedAlert>): ReportedAlert => ({
  kind: 'keyword',
  categoryName: 'Bullying',
  severity: 3,
  receivedAt: at('2026-06-02T10:00:00Z'),
  status: 'new',
  outcome: null,
  firstReviewedAt: null,
  closedAt: null,
  user: 'pupil.a',
  ...overrides,
});

const input: WeeklyReportInput = {
  schoolName: 'Hillside Academy',
  timeZone: 'Europe/London',
  from,
  to,
  alerts: [
    alert({ severity: 5, categoryName: 'Suicide and self-harm', firstReviewedAt: at('2026-06-02T10:20:00Z') }),
    alert({
      firstReviewedAt: at('2026-06-02T11:00:00Z'),
      status: 'closed',
      outcome: 'false-positive',
      closedAt: at('2026-06-02T11:05:00Z'),
    }),
    alert({ user: 'pupil.b', receivedAt: at('2026-06-03T09:00:00Z'), firstReviewedAt: at('2026-06-03T09:10:00Z') }),
    alert({
      kind: 'concern',
      user: null,
      categoryName: 'Bullying',
      severity: 3,
      receivedAt: at('2026-06-04T08:00:00Z'),
    }),
    alert({ receivedAt: at('2026-06-05T13:00:00Z') }),
    // Received the week before and closed in this one.
    alert({
      receivedAt: at('2026-05-28T09:00:00Z'),
      status: 'closed',
      outcome: 'pastoral-support',
      closedAt: at('2026-06-01T09:00:00Z'),
    }),
    // Received after the week: not counted.
    alert({ receivedAt: at('2026-06-08T09:00:00Z') }),
  ],
  blocked: [
    { categoryName: 'Games', count: 12 },
    { categoryName: 'Adult', count: 3 },
  ],
  coverage: {
    devices: 40,
    silent: ['IT1-07'],
    tampered: [
      {
        hostname: 'LAB-09',
        kinds: [
          { kind: 'session-restarted', count: 3 },
          { kind: 'protected-file-changed', count: 1 },
        ],
      },
      { hostname: 'LAB-02', kinds: [{ kind: 'service-stopped', count: 1 }] },
    ],
    withoutExtension: ['LIB-02', 'LIB-01'],
  },
  forDsl: true,
};

const rows = (report: ReturnType<typeof weeklyReport>, heading: string) =>
  Object.fromEntries(report.sections.find((s) => s.heading.startsWith(heading))?.rows ?? []);

describe('the weekly monitoring report', () => {
  it('counts the week’s incidents, closures, open items and breaches, in the school’s week', () => {
    const report = weeklyReport(input);
    expect(report.period).toBe('Mon, 1 Jun 2026 to Sun, 7 Jun 2026');
    expect(rows(report, 'Summary')).toMatchObject({
      'New alerts and concerns': '5',
      'High risk (severity 4 and 5)': '1',
      'Concerns reported': '1',
      'Closed this week': '2',
      'Open at the end of the week': '4',
      'Not yet reviewed': '2',
      'Time to first review (median)': '20 min',
      'Time to first review (longest)': '1 h 0 min',
      'Filtering breaches (pages blocked)': '15',
    });
    expect(rows(report, 'Incidents by category')).toEqual({ Bullying: '4', 'Suicide and self-harm': '1' });
    expect(rows(report, 'Outcomes')).toEqual({ 'False positive': '1', 'Pastoral support': '1' });
    expect(report.sections.find((s) => s.heading === 'Top blocked categories')?.rows).toEqual([
      ['Games', '12'],
      ['Adult', '3'],
    ]);
    expect(rows(report, 'Coverage')).toMatchObject({
      'Sent nothing this week': '1: IT1-07',
      'Browser without the Lookout extension (as last reported)': '2: LIB-01, LIB-02',
      'Monitoring stopped or tampered with':
        '2: LAB-02 (service stopped while in use once), LAB-09 (monitoring killed while in use and restarted 3 ' +
        'times; protected Lookout file changed once)',
    });
  });

  it('shows the coverage gaps in the HTML and the PDF, and says none when there are none', async () => {
    const report = weeklyReport(input);
    const doc = { title: report.title, heading: report.title, sections: report.sections };
    const html = reportHtml(doc);
    const pdf = (await new PDFParse({ data: new Uint8Array(await reportPdf(doc)) }).getText()).text.replace(
      /\s+/g,
      ' ',
    );
    for (const text of [html, pdf]) {
      expect(text).toContain('Coverage');
      expect(text).toContain('Monitoring stopped or tampered with');
      expect(text).toContain('LAB-09 (monitoring killed while in use and restarted 3 times; protected Lookout file');
      expect(text).toContain('LAB-02 (service stopped while in use once)');
      expect(text).toContain('Browser without the Lookout extension (as last reported)');
      expect(text).toContain('2: LIB-01, LIB-02');
    }
    const clean = weeklyReport({ ...input, coverage: { devices: 40, silent: [], tampered: [], withoutExtension: [] } });
    expect(rows(clean, 'Coverage')).toEqual({
      'Computers enrolled': '40',
      'Sent nothing this week': 'none',
      'Monitoring stopped or tampered with': 'none',
      'Browser without the Lookout extension (as last reported)': 'none',
    });
  });

  it('names pupils with repeated alerts to the DSL only', () => {
    expect(rows(weeklyReport(input), 'Pupils with 3')).toEqual({ 'pupil.a': '3' });
    const forHead = weeklyReport({ ...input, forDsl: false });
    expect(JSON.stringify(forHead)).not.toContain('pupil.');
    expect(reportHtml({ title: forHead.title, heading: forHead.title, sections: forHead.sections })).not.toContain(
      'pupil.',
    );
  });
});
