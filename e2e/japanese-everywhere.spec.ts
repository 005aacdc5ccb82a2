/**
 * A Japanese Windows: the wizard opens in Japanese without being asked
 * (the browser's languages stand in for the OS display language), and every
 * page of a whole rehearsal join, engine text included, reads as Japanese:
 * no ASCII-only English sentence outside commands, paths, ids and technical
 * names (code, pre, the raw script transcript in the log, the rehearsal's
 * scenario id). Pages open at their top.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { englishSentences } from './japanese-text.js';

// A missing control fails at once rather than at the end of the whole walk's timeout.
test.use({ locale: 'ja-JP', actionTimeout: 30_000 });

let preview: RunningPreview;
let stateDir: string;
test.beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-ja-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario: 'happy' } }, { root, deps: defaultDeps() });
});
test.afterAll(async () => {
  await preview?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function checkPage(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  // Opened at its top, not at the last page's scroll position.
  expect(await page.locator('main').evaluate((m) => m.scrollTop)).toBe(0);
  expect(await englishSentences(page), heading).toEqual([]);
}

async function nextJa(page: Page, heading: string): Promise<void> {
  // Scroll the page down first, so a page that kept the scroll position would fail checkPage.
  await page.locator('main').evaluate((m) => m.scrollTo(0, m.scrollHeight));
  await page.getByRole('button', { name: '次へ' }).click();
  await checkPage(page, heading);
}

test('opens in Japanese under a Japanese locale, and every page of a join reads as Japanese', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(preview.server.url);
  await checkPage(page, 'このサーバーを Kubernetes クラスターに参加させます');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.getByRole('button', { name: '開始', exact: true }).click();
  await checkPage(page, '前提条件');
  // The checks run when the page opens; their details come from the scripts as keys, in Japanese.
  await expect(page.getByText('問題なし').first()).toBeVisible({ timeout: 120_000 });
  await checkPage(page, '前提条件');
  await nextJa(page, 'プロキシ');
  await nextJa(page, 'クラスターへの接続');
  await page.getByRole('button', { name: /シミュレーション クラスターの kubeconfig/ }).click();
  await expect(page.getByText('この kubeconfig は使用できます。')).toBeVisible();
  await checkPage(page, 'クラスターへの接続');
  await nextJa(page, 'ネットワーク');
  await nextJa(page, '確認');
  await expect(page.getByText('この計画ではサーバーが再起動される場合があります')).toBeVisible();
  await page.getByRole('button', { name: '参加を開始' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '参加' })).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: '参加処理が正常に完了しました。' });
  await expect(status).toBeVisible({ timeout: 300_000 });
  await expect(status).toBeFocused();
  await checkPage(page, '参加');
  await expect(page.getByRole('log')).not.toContainText(/succeeded|: pass|: done/);
  await nextJa(page, '動作確認');
  await nextJa(page, '完了');
});
