/**
 * Cancel on a support call: pressing Cancel during a join against the
 * rehearsal host asks first (what stops, that the server may be left
 * half-changed, that the join can be resumed), "Keep running" really keeps it
 * running, a confirmed cancel stops it with Resume as the page's primary
 * action (Next is not), and Resume carries the same join on to the end.
 * Starts its own preview (scenario "happy") so the shared stand-in preview is
 * untouched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';

// A missing control fails at once rather than at the end of the whole join's timeout.
test.use({ actionTimeout: 30_000 });

let preview: RunningPreview;
let stateDir: string;

test.beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-cancel-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario: 'happy' } }, { root, deps: defaultDeps() });
});

test.afterAll(async () => {
  await preview?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function next(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

interface SavedState {
  phase: string;
  runId: string;
  steps: { id: string; status: string }[];
}
const savedState = (): SavedState => JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as SavedState;

test('Cancel asks first, a cancelled join offers Resume as the primary action, and Resume finishes the join', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(preview.server.url);
  await expect(page.getByText('Rehearsal: happy')).toBeVisible();
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await page.getByRole('button', { name: "Use the simulated cluster's kubeconfig" }).click();
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  await next(page, 'Network');
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: /^The join/ });
  await expect(status).toHaveText('The join is running.');
  const timeline = page.locator('.timeline');
  await expect(timeline.getByText('Running', { exact: true })).toBeVisible({ timeout: 60_000 });

  // One click does not stop an install: a dialog says what stops, what may be left, and that resume is possible.
  const cancel = page.getByRole('button', { name: 'Cancel the join' });
  await cancel.click();
  const dialog = page.getByRole('alertdialog', { name: 'Cancel the join?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('The running step stops where it is');
  await expect(dialog).toContainText('may be left half-changed');
  await expect(dialog).toContainText('You can resume the join from this page later');
  // The safe choice has focus, so Enter on a stray key press keeps the join going.
  const keep = dialog.getByRole('button', { name: 'Keep running' });
  await expect(keep).toBeFocused();
  await keep.click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText('The join is running.');

  await cancel.click();
  await dialog.getByRole('button', { name: 'Cancel the join' }).click();
  await expect(status).toHaveText(/^The join was cancelled\./, { timeout: 60_000 });
  // Focus lands on the status line, so a screen reader announces the cancel.
  await expect(status).toBeFocused();
  await expect(timeline.getByText('Cancelled', { exact: true })).toBeVisible();
  const cancelled = savedState();
  expect(cancelled.phase).toBe('cancelled');
  expect(cancelled.steps.some((s) => s.status === 'cancelled')).toBe(true);

  // Resume is the primary action; Next (to pages about a join that did not finish) is not.
  const resume = page.getByRole('button', { name: 'Resume the join' });
  await expect(resume).toHaveClass(/\bprimary\b/);
  await expect(page.getByRole('button', { name: 'Next' })).not.toHaveClass(/\bprimary\b/);
  await expect(page.locator('button.primary')).toHaveCount(1);

  await resume.click();
  await expect(status).toHaveText('The join is running.');
  // The Resume button is gone with the cancelled state; focus goes to the status line, not the page body.
  await expect(status).toBeFocused();
  await expect(page.getByRole('button', { name: 'Resume the join' })).toHaveCount(0);
  await expect(status).toHaveText('The join finished successfully.', { timeout: 300_000 });
  await expect(status).toBeFocused();

  // The same join went on (same run), and every step is done or skipped: nothing was left cancelled.
  const finished = savedState();
  expect(finished.phase).toBe('succeeded');
  expect(finished.runId).toBe(cancelled.runId);
  expect(finished.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
});
