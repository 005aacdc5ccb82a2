/**
 * A failed join on a support call, against the rehearsal host (real engine,
 * step scripts and downloader; simulated Windows and cluster): the failure
 * card names the specific cause with real values and the known problem by
 * id, in English and in Japanese; Retry is the primary action; the running
 * step's clock moves; a second failure says "attempt 2". One preview per
 * scenario, so each spec picks its own (docs/rehearsal.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { next } from './wizard-steps.js';

interface Case {
  scenario: string;
  step: string;
  stepJa: string;
  code: string;
  /** Real values the card must show, in both languages. */
  values: RegExp[];
  /** A fix the wizard can carry out, or the exact cluster-side command. */
  fix: RegExp;
  fixJa: RegExp;
  /** The card's link to the control that carries out the fix, and the field that gets focus there. */
  goTo?: { link: string; field: string };
}

const CASES: Case[] = [
  {
    scenario: 'corrupt-download',
    step: 'Install kubelet, kube-proxy and kubectl',
    stepJa: 'kubelet、kube-proxy、kubectl のインストール',
    code: 'KP-WJ-DOWNLOAD-CHECKSUM',
    values: [/kubectl\.exe|kubernetes-node-windows-amd64/, /[0-9a-f]{64}/],
    fix: /Network page > Advanced > Offline source \(answer file: downloads\.offlineSource\)/,
    fixJa: /\[詳細設定\] にある「オフライン ソース」/,
    goTo: { link: 'Go to Network: Offline source', field: 'Offline source' },
  },
  {
    scenario: 'no-pod-cidr',
    step: 'Start kubelet',
    stepJa: 'kubelet の起動',
    code: 'KP-T14-POD-CIDR-WAIT',
    values: [/Node [a-z0-9-]+ registered but never got a pod CIDR|ノード [a-z0-9-]+ は登録されましたが/],
    fix: /--allocate-node-cidrs=true --cluster-cidr=192\.168\.0\.0\/16.*kubectl get node [a-z0-9-]+ -o jsonpath/,
    fixJa: /--allocate-node-cidrs=true --cluster-cidr=192\.168\.0\.0\/16.*kubectl get node [a-z0-9-]+ -o jsonpath/,
  },
  {
    scenario: 'image-mismatch',
    step: 'Build the pause image',
    stepJa: 'pause イメージのビルド',
    code: 'KP-T8-IMAGE-OS-MISMATCH',
    values: [/17763/, /16299/],
    fix: /Use tag 1709 and start again/,
    fixJa: /タグ 1709 を使ってやり直す/,
    goTo: { link: 'Go to Network: Container base image tag', field: 'Container base image tag' },
  },
];

for (const c of CASES) {
  test.describe(c.scenario, () => {
    let preview: RunningPreview;
    let stateDir: string;
    test.beforeAll(async () => {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `winjoin-e2e-${c.scenario}-`));
      const root = path.resolve(import.meta.dirname, '..');
      preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario: c.scenario } }, { root, deps: defaultDeps() });
    });
    test.afterAll(async () => {
      await preview?.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    test(`${c.scenario}: the card shows the cause with real values, ${c.code} and a fix, in English and Japanese; Retry is primary and a second failure says attempt 2`, async ({
      page,
    }) => {
      test.setTimeout(900_000);
      await page.goto(preview.server.url);
      await expect(page.getByText(`Rehearsal: ${c.scenario}`)).toBeVisible();
      await next(page, 'Prerequisites');
      await next(page, 'Proxy');
      await next(page, 'Cluster access');
      await page.getByRole('button', { name: "Use the simulated cluster's kubeconfig" }).click();
      await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
      await next(page, 'Network');
      // No connection test ran: the master IP still comes from the kubeconfig, as the plan will use it.
      await expect(page.getByRole('textbox', { name: 'Master IP address' })).toHaveValue('192.0.2.10');
      await next(page, 'Review');
      await page.getByRole('button', { name: 'Start the join' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();

      // The running step's clock moves while it runs.
      const running = page.locator('.timeline-step.status-running .duration').first();
      const first = await running.textContent({ timeout: 60_000 });
      await expect
        .poll(async () => page.locator('.timeline-step.status-running .duration').first().textContent(), { timeout: 60_000 })
        .not.toBe(first);

      const status = page.getByRole('status').filter({ hasText: 'The join stopped at a failed step.' });
      await expect(status).toBeVisible({ timeout: 420_000 });
      // Focus lands on the status line that says so.
      await expect(status).toBeFocused();
      const card = page.getByRole('group', { name: `Why ${c.step} failed` });
      await expect(card).toContainText(`${c.step} failed (attempt 1):`);
      await expect(card).toContainText(c.code);
      for (const value of c.values) await expect(card).toContainText(value);
      await expect(card).toContainText(c.fix);
      await expect(card).not.toContainText('{{');
      await expect(card).not.toContainText('KP-WJ-SCRIPT-ERROR');
      // Retry is the primary action; Next is not.
      await expect(card.getByRole('button', { name: `Retry: ${c.step}` })).toHaveClass(/primary/);
      await expect(page.getByRole('button', { name: 'Next' })).not.toHaveClass(/primary/);
      await expect(page.getByRole('log')).not.toContainText('{{');
      await expect(page.getByRole('log')).not.toContainText(/: failed E_|: succeeded|unapproved verbs/);
      await page.screenshot({ path: `test-results/failure-${c.scenario}-en.png`, fullPage: true });

      // The ticket summary can be copied before any export (and says the bundle is still to come): the
      // one-line cause with the real values, then the node, the Windows build and the Kubernetes version.
      await page.getByRole('button', { name: 'Copy ticket summary' }).click();
      await expect(page.getByText(/^(Ticket summary copied\. Paste it into the ticket\.|Copying is not allowed here\. .*)$/)).toBeVisible();
      await expect(page.getByText('This summary names no support bundle yet', { exact: false })).toBeVisible();
      const ticket = page.getByRole('textbox', { name: 'Ticket summary' });
      await expect(ticket).toHaveValue(/^Node: win-rehearsal1; Windows build: \d{5}; Kubernetes: node v?1\.\d+\.\d+[^\n]*\.$/m);
      const cause = (await ticket.inputValue()).split('\n').find((line) => line.startsWith('Cause: ')) ?? '';
      expect(cause).toMatch(c.values[0]!);
      expect(cause).not.toContain('{{');
      // The bundle is named after the node, and the summary then names the file to attach.
      await page.getByRole('button', { name: 'Export support bundle' }).click();
      await expect(page.getByText(/^Support bundle written: .*winjoin-bundle-win-rehearsal1-\d{8}-\d{6}\.zip \(/)).toBeVisible({
        timeout: 60_000,
      });
      await expect(ticket).toHaveValue(/^Support bundle: winjoin-bundle-win-rehearsal1-\d{8}-\d{6}\.zip \(attached\)\.$/m);
      await expect(page.getByText('This summary names no support bundle yet', { exact: false })).toHaveCount(0);

      // The same card in Japanese: the engine's values, the id, the fix, and no English sentence from the engine.
      await page.getByRole('banner').getByLabel('Language').selectOption('ja');
      const cardJa = page.getByRole('group', { name: `[${c.stepJa}] が失敗した理由` });
      await expect(cardJa).toContainText(c.code);
      for (const value of c.values) await expect(cardJa).toContainText(value);
      await expect(cardJa).toContainText(c.fixJa);
      await expect(cardJa).not.toContainText(/ the | is | was | did not /);
      await page.screenshot({ path: `test-results/failure-${c.scenario}-ja.png`, fullPage: true });
      await page.getByRole('banner').getByLabel('言語').selectOption('en');

      // Retry: the scenario's fault is still there, so it fails again, and the card says which attempt.
      await card.getByRole('button', { name: `Retry: ${c.step}` }).click();
      await expect(page.getByRole('group', { name: `Why ${c.step} failed` })).toContainText(`${c.step} failed (attempt 2):`, {
        timeout: 300_000,
      });

      // The fix is a wizard control: the card's link opens its page with focus on it (Advanced opened).
      if (c.goTo) {
        await page
          .getByRole('group', { name: `Why ${c.step} failed` })
          .getByRole('link', { name: c.goTo.link })
          .click();
        await expect(page.getByRole('textbox', { name: c.goTo.field })).toBeFocused();
      }
    });
  });
}
