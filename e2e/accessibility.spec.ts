import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { fillNetwork, next, openWelcome, uploadKubeconfig } from './wizard-steps.js';

test('pages reachable without a cluster have no serious accessibility violations', async ({ page }) => {
  // Seven axe runs over Fluent's deeper DOM and atomic CSS take several seconds each on a loaded machine.
  test.setTimeout(120_000);
  const seen: Record<string, string[]> = {};
  await openWelcome(page);
  seen.welcome = await seriousViolations(page);
  await next(page, 'Prerequisites');
  seen.prerequisites = await seriousViolations(page);
  await next(page, 'Proxy');
  await page.getByRole('radio', { name: 'Through a proxy' }).check();
  const http = page.getByRole('textbox', { name: 'HTTP proxy' });
  await http.fill('not a url');
  await http.blur();
  seen.proxy = await seriousViolations(page);
  await http.fill('');
  await page.getByRole('radio', { name: 'Directly (no proxy)' }).check();
  await next(page, 'Cluster access');
  seen.cluster = await seriousViolations(page);
  await uploadKubeconfig(page);
  seen.clusterInspected = await seriousViolations(page);
  await next(page, 'Network');
  seen.network = await seriousViolations(page);
  await fillNetwork(page);
  await next(page, 'Review');
  await expect(page.locator('.plan summary').first()).toBeVisible();
  seen.review = await seriousViolations(page);
  expect(seen).toEqual({ welcome: [], prerequisites: [], proxy: [], cluster: [], clusterInspected: [], network: [], review: [] });
});

test('the wizard can be driven from the keyboard alone', async ({ page }) => {
  await openWelcome(page);
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Prerequisites' })).toBeVisible();
  // Focus moves to the new page's content, so the next Tab starts there.
  await expect(page.locator('main')).toBeFocused();
});

test('the axe scan reports what it finds: a button without a name is a critical violation', async ({ page }) => {
  await openWelcome(page);
  expect(await seriousViolations(page)).toEqual([]);
  await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('button'), { id: 'nameless' })));
  expect(await seriousViolations(page)).toEqual([expect.stringMatching(/^button-name: .*\(#nameless\)$/)]);
});
