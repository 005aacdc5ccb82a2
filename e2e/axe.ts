/** axe-core over the page as it is now: the serious and critical WCAG 2.x A/AA violations, named. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Fluent UI's focus manager (tabster) brackets some groups with <i data-tabster-dummy> elements: focusable on
 * purpose, to hand focus on at once, and aria-hidden so screen readers skip them. axe reads that as
 * aria-hidden-focus; tabster's and Accessibility Insights' maintainers treat it as a false positive
 * (microsoft/tabster#288). Only those elements, only for that rule, are left out.
 */
function tabsterDummy(rule: string, html: string): boolean {
  return rule === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(html);
}

export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !tabsterDummy(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
