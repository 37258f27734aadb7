import type { RecordSection, ReportDocument } from './ReportDocument.js';

/** Who holds each role the DfE standard names (from the settings page; staff accounts where they have one). */
export interface ReviewRoles {
  dsl: readonly string[];
  deputies: readonly string[];
  seniorLeader: string | null;
  governor: string | null;
  itLead: readonly string[];
}

/** A policy as the pack shows it: what it blocks or allows, why, and how it changed in the year. */
export interface ReviewPolicy {
  name: string;
  appliesTo: readonly string[];
  blockedCategories: readonly string[];
  allowList: readonly string[];
  blockList: readonly string[];
  changes: readonly { at: Date; by: string; reason: string }[];
}

/** One recorded check: a PC asked to prove that a category is blocked, or that a test phrase raises an alert. */
export interface ReviewCheck {
  at: Date;
  by: string;
  hostname: string;
  what: string;
  passed: boolean;
  detail: string;
}

export interface ReviewPackInput {
  schoolName: string;
  timeZone: string;
  from: Date;
  to: Date;
  roles: ReviewRoles;
  policies: readonly ReviewPolicy[];
  incidents: {
    total: number;
    byCategory: readonly { categoryName: string; count: number }[];
    byOutcome: readonly { outcome: string; count: number }[];
    concerns: number;
    medianHoursToReview: number | null;
    breaches: number;
  };
  monitoring: { devices: number; keywordLibraries: readonly string[]; ocr: boolean; acceptableUseShown: boolean };
  checks: readonly ReviewCheck[];
  generatedBy: string;
  generatedAt: Date;
}

/**
 * The annual review pack: each of the DfE's filtering and monitoring standards in turn, with the evidence Lookout
 * holds for it, for the senior leader, DSL, IT lead and governor who review the provision together.
 */
export function reviewPack(input: ReviewPackInput): ReportDocument {
  const day = (d: Date) =>
    d.toLocaleDateString('en-GB', { timeZone: input.timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  const moment = (d: Date) =>
    d.toLocaleString('en-GB', {
      timeZone: input.timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  const names = (list: readonly string[]) => (list.length ? list.join(', ') : 'not recorded');
  const { roles, incidents } = input;
  const missingRoles = [
    roles.dsl.length ? null : 'DSL',
    roles.seniorLeader ? null : 'senior leader',
    roles.governor ? null : 'governor',
    roles.itLead.length ? null : 'IT lead',
  ].filter((r): r is string => r !== null);

  const sections: RecordSection[] = [
    {
      heading: 'Standard 1: roles and responsibilities are identified and assigned',
      paragraphs: [
        missingRoles.length
          ? `To do: record the ${missingRoles.join(', ')} in the console's settings.`
          : 'Every role the standard names is assigned.',
      ],
      rows: [
        ['Designated safeguarding lead', names(roles.dsl)],
        ['Deputies', names(roles.deputies)],
        ['Senior leader responsible', roles.seniorLeader ?? 'not recorded'],
        ['Governor responsible', roles.governor ?? 'not recorded'],
        ['IT service / technicians', names(roles.itLead)],
      ],
    },
    {
      heading: 'Standard 2: the provision is reviewed at least once a year',
      paragraphs: [
        `This pack covers ${day(input.from)} to ${day(input.to)}. ${input.checks.length} checks were recorded in that time.`,
      ],
      rows: input.checks.length
        ? input.checks.map((c) => [
            `${moment(c.at)} ${c.hostname}`,
            `${c.passed ? 'PASSED' : 'FAILED'}: ${c.what}. ${c.detail} (by ${c.by})`,
          ])
        : [['Checks', 'none recorded: run a check from the console before the review']],
    },
    {
      heading:
        'Standard 3: filtering blocks harmful and inappropriate content without unreasonably impacting teaching and learning',
      paragraphs: [
        `Filtering breaches (pages blocked) in the period: ${incidents.breaches}.`,
        ...(input.checks.some((c) => c.what.startsWith('blocks') && !c.passed)
          ? ['A blocked category was found reachable in a check: see standard 2.']
          : []),
      ],
      rows: input.policies.flatMap((p) => [
        [`Policy "${p.name}"`, `applies to ${names(p.appliesTo)}`],
        ['Blocked categories', names(p.blockedCategories)],
        ['Always allowed', names(p.allowList)],
        ['Always blocked', names(p.blockList)],
        ...p.changes.map((c): [string, string] => [
          `Changed ${moment(c.at)}`,
          `by ${c.by}: ${c.reason || 'no reason recorded'}`,
        ]),
      ]),
    },
    {
      heading: 'Standard 4: monitoring meets the safeguarding needs of the school',
      paragraphs: [
        `${input.monitoring.devices} computers are monitored. Typed text, window titles${input.monitoring.ocr ? ', on-screen text' : ''} and pages are matched against: ${names(input.monitoring.keywordLibraries)}.`,
        input.monitoring.acceptableUseShown
          ? 'Users are told they are monitored: the acceptable-use notice is shown at sign-in.'
          : 'To do: switch on the acceptable-use notice, so users are told they are monitored.',
      ],
      rows: [
        ['Alerts and concerns in the period', String(incidents.total)],
        ['Of which concerns reported', String(incidents.concerns)],
        [
          'Median time to first review',
          incidents.medianHoursToReview === null ? '—' : `${incidents.medianHoursToReview.toFixed(1)} hours`,
        ],
        ...incidents.byCategory.map((c): [string, string] => [`Category: ${c.categoryName}`, String(c.count)]),
        ...incidents.byOutcome.map((o): [string, string] => [`Outcome: ${o.outcome}`, String(o.count)]),
      ],
    },
    {
      heading: 'Sign-off',
      paragraphs: ['Reviewed by the senior leader, the DSL, the IT lead and the governor responsible.'],
      rows: [
        ['Senior leader', 'signature and date: ____________________'],
        ['DSL', 'signature and date: ____________________'],
        ['IT lead', 'signature and date: ____________________'],
        ['Governor', 'signature and date: ____________________'],
      ],
    },
  ];
  return {
    title: `${input.schoolName || 'Lookout'}: annual filtering and monitoring review`,
    heading: `${input.schoolName || 'Lookout'}: annual filtering and monitoring review`,
    subheading: `${day(input.from)} to ${day(input.to)}. Generated by ${input.generatedBy} on ${moment(input.generatedAt)}.`,
    sections,
  };
}
