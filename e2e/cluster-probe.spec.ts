import { expect, test } from '@playwright/test';
import { kubeconfigFor, next, openWelcome, SCREENSHOTS } from './wizard-steps.js';

// Nothing listens on port 1 of loopback: the connection is refused at once.
const UNREACHABLE = kubeconfigFor('https://127.0.0.1:1');

test('Test connection turns an unreachable API server into its cause and fix, never a stack trace', async ({ page }) => {
  test.skip(process.env.WINJOIN_E2E_HOST === 'rehearsal', 'a rehearsal probes its simulated cluster instead of the file');
  await openWelcome(page);
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await page
    .getByLabel('Choose the kubeconfig file')
    .setInputFiles({ name: 'admin.conf', mimeType: 'text/plain', buffer: Buffer.from(UNREACHABLE) });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText("The cluster's API server could not be reached at https://127.0.0.1:1")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Check that this server can reach the API server', { exact: false })).toBeVisible();
  // The button was disabled while the test ran; focus lands on the outcome (read out), not on the page body.
  await expect(page.locator('.probe-outcome')).toBeFocused();
  await expect(page.locator('main')).not.toContainText(/\bat .+:\d+:\d+\)|ECONNREFUSED|Error:/);
  await page.screenshot({ path: `${SCREENSHOTS}21-cluster-probe-error.png`, fullPage: true });
});
