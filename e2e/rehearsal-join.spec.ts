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
import { expectFirstStepAsPowerShell, reviewSetting, SCREENSHOTS } from './wizard-steps.js';

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
  // The checks run as the page opens; a check that needs no action is not a warning ("Fix: Nothing to do"),
  // and on this Windows Server the Containers feature's fix never says to run WinJoin on Windows Server.
  await expect(page.getByText(/^\d+ passed, \d+ warnings, 0 failed\.$/)).toBeVisible({ timeout: 60_000 });
  // The checks' grid: a row per check, its status in words in the first cell.
  const checks = page.getByRole('grid', { name: 'Prerequisite checks' });
  const status = (check: string) =>
    checks
      .getByRole('row')
      .filter({ has: page.getByText(check, { exact: true }) })
      .getByRole('gridcell')
      .first();
  await expect(status('Containers feature')).toHaveText('Passed');
  await expect(status('Docker')).toHaveText('Passed');
  // The rehearsal maps C:\k to a folder of its own: that is no reason for an install-directory warning.
  await expect(status('Install directory')).toHaveText('Passed');
  await expect(checks).not.toContainText('Nothing to do');
  await expect(checks).not.toContainText(/Run (WinJoin|it) on (a )?Windows Server|not Windows Server/i);
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
  // Prefilled from the kubeconfig as the plan will use it: the simulated master, never the loopback listener behind it.
  await expect(page.getByRole('textbox', { name: 'Master IP address' })).toHaveValue('192.0.2.10');
  await next(page, 'Review');
  // The settings summary and the steps as PowerShell lines, for the real docker-sdn plan.
  await expect(reviewSetting(page, 'Master IP address')).toHaveText('192.0.2.10');
  await expect(reviewSetting(page, 'Cluster (pod) CIDR')).toHaveText('192.168.0.0/16');
  await expect(reviewSetting(page, 'Service CIDR')).toHaveText('11.0.0.0/16');
  await expect(reviewSetting(page, 'Proxy')).toHaveText('None (direct connection)');
  await expect(reviewSetting(page, 'Install directory')).toHaveText('C:\\k');
  await expectFirstStepAsPowerShell(page, / -InstallDir 'C:\\k'/);
  // The plan's master is the one the page showed (downloads still come from the rehearsal's loopback mirror).
  await expect(page.locator('.plan')).toContainText("-MasterIp '192.0.2.10'");
  await expect(page.locator('.plan')).not.toContainText("-MasterIp '127.0.0.1'");
  // The pause image's base goes by the tag of the host's build, which the node chooses (no lasting digest, issue 19).
  await expect(page.locator('.plan')).toContainText("mcr.microsoft.com/windows/servercore:<tag of this host's build>");
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();

  await expect(page.getByText('The join finished successfully.').first()).toBeVisible({ timeout: 240_000 });
  // The live log shows what runs on a real server: no warning made by the simulation itself.
  const log = page.getByRole('log');
  await expect(log).not.toContainText('unapproved verbs');
  await expect(log).not.toContainText('needs patched scripts');
  await page.screenshot({ path: `${SCREENSHOTS}30-rehearsal-join.png`, fullPage: true });

  await next(page, 'Verify');
  await expect(page.getByText('Node ready', { exact: false }).first()).toBeVisible();
  // A group that holds a warning is never labelled plain "Passed" (here: port mapping's one-Pod-per-node warning).
  const groups = page.locator('.check-list > .check');
  await expect(groups.filter({ hasText: 'Warning:' }).first()).toBeVisible();
  for (const group of await groups.filter({ hasText: 'Warning:' }).all())
    await expect(group.locator('.status-label').first()).toHaveText('Passed with warnings');
  await page.screenshot({ path: `${SCREENSHOTS}31-rehearsal-verify.png`, fullPage: true });
  // Finish names the node the steps reported and says what to do next.
  await next(page, 'Finish');
  await expect(page.getByText(/^This server is now the node win-rehearsal1 of the cluster\.$/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What next' })).toBeVisible();
  const nextSteps = page.locator('.next-steps');
  // Scheduling Windows workloads, seeing the node, where things live, how to undo.
  await expect(nextSteps).toContainText('nodeSelector: { kubernetes.io/os: windows }');
  await expect(nextSteps).toContainText('kubectl get node win-rehearsal1 -o wide');
  await expect(nextSteps).toContainText('Kubernetes binaries and scripts on this server: C:\\k');
  await expect(nextSteps).toContainText('run winjoin reset');
  await expect(page.getByText('Logs and state are kept in:')).toBeVisible();
  // Close says what it does; in the browser preview it cannot close the tab, and says so when pressed.
  const close = page.getByRole('button', { name: 'Close WinJoin' });
  await expect(close).toHaveAccessibleDescription(/close the tab yourself/);
  await close.click();
  await expect(page.getByRole('status').filter({ hasText: 'This is the browser preview: close this tab to leave.' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}32-rehearsal-finish.png`, fullPage: true });

  // The engine's own record agrees with the page: every step done, nothing failed.
  const state = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as { phase: string; steps: { status: string }[] };
  expect(state.phase).toBe('succeeded');
  expect(state.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
});
