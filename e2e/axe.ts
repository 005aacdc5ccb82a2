/** axe-core over the page as it is now: the serious and critical WCAG 2.x A/AA violations, named. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

/**
 * axe-core as @axe-core/playwright (the declared dependency) resolves it. That package's AxeBuilder evaluated
 * all 650 kB of it into the page, and again into a blank page it opened for the results, on every scan: about
 * 5 s a scan on a loaded machine, against under 1 s for the scan itself. The wizard is one document (its
 * pages are client-side routes, and it has no frames), so here axe goes in once per document and each scan
 * is one axe.run over it, asking back only the violations.
 */
const AXE_SOURCE = fs.readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'),
  'utf8',
);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { html: string; target: unknown[] }[];
}

/**
 * Fluent UI's focus manager (tabster) brackets some groups with <i data-tabster-dummy> elements: focusable on
 * purpose, to hand focus on at once, and aria-hidden so screen readers skip them. axe reads that as
 * aria-hidden-focus; tabster's and Accessibility Insights' maintainers treat it as a false positive
 * (microsoft/tabster#288). Only those elements, only for that rule, are left out.
 */
function tabsterDummy(rule: string, html: string): boolean {
  return rule === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(html);
}

/**
 * Waits for the page's running transitions and other finite animations. A Fluent button that has just become
 * enabled fades from grey to its colours in 100 ms, and a scan taken mid-fade reads white text on a pale
 * blue as a contrast violation; infinite ones (spinners, an indeterminate progress bar) are left running.
 */
export function settled(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
}

export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  await settled(page);
  const violations = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ html, target }) => ({ html, target })),
    }));
  }, TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !tabsterDummy(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
