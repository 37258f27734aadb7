import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0–2.2, levels A and AA: what the console promises (issue 12). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the page as it is now; each violation as "rule: what is wrong (where)". */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help} (${n.target.join(' ')})`),
  );
}

/** Collects Content-Security-Policy violations and page errors for the life of the page. */
export function recordPageProblems(page: Page): string[] {
  const problems: string[] = [];
  // Where each violation came from (the console's message does not say).
  void page.addInitScript(() => {
    (
      globalThis as unknown as { document: { addEventListener(t: string, f: (e: unknown) => void): void } }
    ).document.addEventListener('securitypolicyviolation', (e) => {
      const v = e as { violatedDirective: string; sourceFile: string; lineNumber: number; sample: string };
      console.log(`CSP report: ${v.violatedDirective} at ${v.sourceFile}:${v.lineNumber} «${v.sample}»`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to|CSP report/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
