/**
 * The whole wizard against the rehearsal host: the real engine, step scripts,
 * pwsh and downloader, on a simulated Windows machine and cluster. The join
 * must end with the node Ready, as the guide promises. This spec starts its
 * own preview (scenario "happy") so the shared stand-in preview is untouched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { SCREENSHOTS } from './wizard-steps.js';

let preview: RunningPreview;
let stateDir: string;

test.beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-rehearsal-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario: 'happy' } }, { root, deps: defaultDeps() });
});

test.afterAll(async () => {
  await preview?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function next(page: import('@playwright/test').Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('joins the simulated machine to the simulated cluster: the node ends Ready', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(preview.server.url);
  await expect(page.getByText('Rehearsal: happy')).toBeVisible();
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await page.getByRole('button', { name: "Use the simulated cluster's kubeconfig" }).click();
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  // The button was disabled while the file was read: focus goes to the outcome, not to the page body.
  await expect(page.locator('.cluster-outcome')).toBeFocused();
  await next(page, 'Network');
  // The adapters the prerequisites found on the (simulated) machine are offered for the adapter field.
  await expect(page.getByText(/^Adapters found on this server: .*Ethernet/)).toBeVisible();
  await expect(page.locator('#detected-adapters option[value="Ethernet"]')).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Master IP address' }).fill('192.0.2.10');
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();

  await expect(page.getByText('The join finished successfully.').first()).toBeVisible({ timeout: 240_000 });
  await page.screenshot({ path: `${SCREENSHOTS}30-rehearsal-join.png`, fullPage: true });

  await next(page, 'Verify');
  await expect(page.getByText('Node ready', { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}31-rehearsal-verify.png`, fullPage: true });
  // Finish names the node the steps reported and says what to do next.
  await next(page, 'Finish');
  await expect(page.getByText(/^This server is now the node \S+ of the cluster\.$/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What next' })).toBeVisible();
  await expect(page.getByText('kubernetes.io/os: windows')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}32-rehearsal-finish.png`, fullPage: true });

  // The engine's own record agrees with the page: every step done, nothing failed.
  const state = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as { phase: string; steps: { status: string }[] };
  expect(state.phase).toBe('succeeded');
  expect(state.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
});
