import { z } from 'zod';

/**
 * Zod's messages where the shared schemas give none, worded for the person filling in the form (the schemas'
 * own messages, such as a password's "at least 12 characters", win).
 */
z.config({
  // Zod compiles object parsers with new Function() where it may; the CSP (no 'unsafe-eval') forbids it, and the
  // probe alone is reported as a violation.
  jitless: true,
  customError: (issue) => {
    if (issue.code === 'too_small' && issue.origin === 'string')
      return issue.minimum === 1 ? 'required' : `at least ${String(issue.minimum)} characters`;
    if (issue.code === 'too_big' && issue.origin === 'string') return `at most ${String(issue.maximum)} characters`;
    if (issue.code === 'too_small' && issue.origin === 'number') return `at least ${String(issue.minimum)}`;
    if (issue.code === 'too_big' && issue.origin === 'number') return `at most ${String(issue.maximum)}`;
    if (issue.code === 'invalid_type' && issue.expected === 'number') return 'a whole number';
    return undefined;
  },
});
