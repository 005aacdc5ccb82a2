/**
 * The modern recipe's restart in the wizard, against the containerd-kubeadm
 * rehearsal (scenario needs-restart): Review warns which step may restart the
 * server, the Join page's restart card names the Windows features step, and
 * the join resumed after the simulated restart ends with the node Ready.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { seriousViolations } from './axe.js';
import { SCREENSHOTS } from './wizard-steps.js';

let preview: RunningPreview;
let stateDir: string;
test.beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-modern-restart-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview(
    { port: 0, stateDir, rehearsal: { scenario: 'needs-restart', recipe: 'containerd-kubeadm' } },
    { root, deps: defaultDeps() },
  );
});
test.afterAll(async () => {
  await preview?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function next(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('Windows features ask for a restart: Review warns, the card names the step, and the resumed join ends Ready', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(preview.server.url);
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await page.getByRole('button', { name: "Use the simulated cluster's kubeconfig" }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('button', { name: 'Check the cluster' }).click();
  await page.getByRole('button', { name: 'Apply: kube-proxy for Windows nodes' }).click();
  await expect(page.getByText('The cluster is ready for this node.')).toBeVisible();
  await next(page, 'Network');
  await next(page, 'Review');
  await expect(page.getByText(/This plan may restart the server: \[Install the Containers feature\]/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Start the join' }).click();

  // The question opens by itself; once answered, the card beside the log says what the answer led to.
  const question = page.getByRole('dialog', { name: 'Windows must restart' });
  await expect(question).toBeVisible({ timeout: 120_000 });
  await expect(question).toContainText('Why: [Install the Containers feature] installed the Containers feature');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}53-modern-restart.png`, fullPage: true });
  await question.getByRole('button', { name: 'Later' }).click();
  const card = page.getByRole('region', { name: 'Windows must restart' });
  await expect(card).toContainText('Why: [Install the Containers feature] installed the Containers feature');
  await card.getByRole('button', { name: 'Resume the join' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The join finished successfully.' })).toBeVisible({ timeout: 300_000 });
  await next(page, 'Verify');
  expect(await seriousViolations(page)).toEqual([]);
  await next(page, 'Finish');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}54-modern-finish.png`, fullPage: true });
});
