/**
 * A join whose proxy password was typed in the wizard stops for a restart;
 * WinJoin restarts (here: a second preview process on the same state
 * directory, which never had the password). Welcome's Resume then asks for
 * the password again, checks it as typed, and the join finishes with it.
 * Its own previews, so the restart is a real new process state, not the
 * shared preview's memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { seriousViolations } from './axe.js';
import { standInDeps } from './preview-deps.js';
import { fillNetwork, fillProxy, next, SCREENSHOTS, uploadKubeconfig } from './wizard-steps.js';

const root = path.resolve(import.meta.dirname, '..');
let stateDir: string;
const previews: RunningPreview[] = [];

/** One WinJoin process on the state directory; the stand-in's docker step asks for one restart. */
async function openPreview(): Promise<RunningPreview> {
  const deps = standInDeps(undefined, path.join(stateDir, 'docker-restarted'));
  const preview = await startPreview({ port: 0, stateDir, rehearsal: null }, { root, deps });
  previews.push(preview);
  return preview;
}

test.beforeAll(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-typed-'));
});
test.afterAll(async () => {
  for (const preview of previews.splice(0)) await preview.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('after a restart, Welcome asks for the proxy password typed in the wizard and resumes with it', async ({ page }) => {
  test.skip(process.env.WINJOIN_E2E_HOST === 'rehearsal', 'the restart is scripted by the stand-in host');
  test.setTimeout(240_000);
  const first = await openPreview();
  await page.goto(first.server.url);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await next(page, 'Proxy');
  await fillProxy(page);
  await page.getByRole('textbox', { name: 'User name' }).fill('ops');
  await next(page, 'Cluster access');
  await uploadKubeconfig(page);
  await next(page, 'Network');
  await fillNetwork(page);
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('dialog', { name: 'Windows must restart' })).toBeVisible({ timeout: 30_000 });

  // The restart: this WinJoin ends, a new one starts on the same state directory.
  await previews.splice(0)[0]!.close();
  const second = await openPreview();
  await page.goto(second.server.url);

  // The Join page's restart card asks for it too, once its Resume finds the password gone.
  await page.getByRole('button', { name: 'Open the Join page' }).click();
  const restartCard = page.getByRole('region', { name: 'Windows must restart' });
  await page.getByRole('dialog', { name: 'Windows must restart' }).getByRole('button', { name: 'Later' }).click();
  await restartCard.getByRole('button', { name: 'Resume the join' }).click();
  await expect(restartCard.getByLabel('Password for the proxy http://ops:***@proxy.corp:8080')).toBeVisible();
  await expect(restartCard.getByRole('button', { name: 'Resume the join' })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: 'Welcome' }).click();
  const card = page.getByRole('region', { name: 'An unfinished join was found' });
  await card.getByRole('button', { name: 'Resume the join' }).click();
  const password = card.getByLabel('Password for the proxy http://ops:***@proxy.corp:8080');
  await expect(password).toBeVisible();
  await expect(password).toHaveAttribute('type', 'password');
  // Nothing typed: the form says what is missing and sends nothing.
  await card.getByRole('button', { name: 'Resume with this password' }).click();
  await expect(card.getByText(/^Type the password for /)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await password.fill('s3cret');
  await expect(card.getByText(/^Type the password for /)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}18-welcome-retype-password.png`, fullPage: true });
  await card.getByRole('button', { name: 'Resume with this password' }).click();
  // The page's status, not the log line of the same words.
  await expect(page.getByRole('status').filter({ hasText: 'The join finished successfully.' })).toBeVisible({ timeout: 30_000 });

  // The password went to the join, never to a file.
  for (const entry of fs.readdirSync(stateDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    expect(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').includes('s3cret'), entry.name).toBe(false);
  }
});
