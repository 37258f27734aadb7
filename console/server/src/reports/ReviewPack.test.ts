import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { reportPdf } from './ReportDocument.js';
import { reviewPack, type ReviewPackInput } from './ReviewPack.js';

const input: ReviewPackInput = {
  schoolName: 'Hillside Academy',
  timeZone: 'Europe/London',
  from: new Date('2025-09-01T00:00:00Z'),
  to: new Date('2026-08-31T23:00:00Z'),
  roles: {
    dsl: ['Dee Lead'],
    deputies: ['Dep Uty'],
    seniorLeader: 'Sam Head',
    governor: null,
    itLead: ['Tech Nician'],
  },
  policies: [
    {
      name: 'Whole school',
      appliesTo: ['Hillside Academy'],
      blockedCategories: ['adult', 'gambling'],
      allowList: ['bbc.co.uk'],
      blockList: [],
      changes: [{ at: new Date('2026-01-10T09:30:00Z'), by: 'tech', reason: 'gambling added after a breach' }],
    },
  ],
  incidents: {
    total: 42,
    byCategory: [{ categoryName: 'Bullying', count: 30 }],
    byOutcome: [{ outcome: 'Pastoral support', count: 12 }],
    concerns: 5,
    medianHoursToReview: 1.5,
    breaches: 310,
  },
  monitoring: { devices: 120, keywordLibraries: ['Starter library'], ocr: true, acceptableUseShown: true },
  checks: [
    {
      at: new Date('2026-07-01T10:00:00Z'),
      by: 'tech',
      hostname: 'IT1-01',
      what: 'blocks gambling',
      passed: true,
      detail: 'The test address was blocked.',
    },
  ],
  generatedBy: 'dsl.lead',
  generatedAt: new Date('2026-09-01T08:00:00Z'),
};

describe('the annual review pack', () => {
  it('takes each DfE standard in turn with the evidence held, and says what is missing', async () => {
    const pdf = await reportPdf(reviewPack(input));
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, ' ');
    for (const expected of [
      'Hillside Academy: annual filtering and monitoring review',
      'Standard 1: roles and responsibilities',
      'To do: record the governor',
      'Dee Lead',
      'Standard 2: the provision is reviewed at least once a year',
      'PASSED: blocks gambling',
      'Standard 3: filtering blocks harmful',
      'gambling added after a breach',
      'Filtering breaches (pages blocked) in the period: 310',
      'Standard 4: monitoring meets',
      'on-screen text',
      'Median time to first review',
      '1.5 hours',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
