import { expect, test, type ConsoleMessage } from '@playwright/test';
import { openWelcome } from './wizard-steps.js';

// A support call often starts with the browser's console open: loading the
// preview must not put a single error or warning there (a CSP directive
// Chromium ignores in a <meta> tag, for one, logs an error on every load).
test('opening the preview logs no console error or warning', async ({ page }) => {
  const logged: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') logged.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => logged.push(`pageerror: ${error.message}`));
  await openWelcome(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Join this server to your Kubernetes cluster' })).toBeVisible();
  expect(logged).toEqual([]);
});
