import { expect, test } from '@playwright/test';
import { fillNetwork, next, openWelcome, SCREENSHOTS, uploadKubeconfig } from './wizard-steps.js';

// Runs last (workers: 1, files in name order): it starts a join in the shared state directory.
test('starts the join from Review and follows it to Finish', async ({ page }) => {
  await openWelcome(page);
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await uploadKubeconfig(page);
  await next(page, 'Network');
  await fillNetwork(page);
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();
  await expect(page.getByText('The join finished successfully.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('log')).toContainText('line 0');
  await page.getByLabel('Level').selectOption('error');
  await expect(page.getByText('0 lines shown.')).toBeVisible();
  await page.getByLabel('Level').selectOption('all');
  await page.screenshot({ path: `${SCREENSHOTS}09-join.png`, fullPage: true });
  await next(page, 'Verify');
  await page.screenshot({ path: `${SCREENSHOTS}10-verify.png`, fullPage: true });
  await next(page, 'Finish');
  await page.screenshot({ path: `${SCREENSHOTS}11-finish.png`, fullPage: true });
});
