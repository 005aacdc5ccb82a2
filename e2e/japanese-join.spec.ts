import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { KUBECONFIG, openWelcome, SCREENSHOTS, standInMachine } from './wizard-steps.js';

async function nextJa(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('the whole join in Japanese: every page speaks Japanese through to Finish', async ({ page }) => {
  test.skip(process.env.WINJOIN_E2E_HOST === 'rehearsal', 'the outcome is scripted by the stand-in host');
  standInMachine({ routesFail: false, dockerRestarts: false });
  await openWelcome(page);
  await page.getByRole('banner').getByLabel('Language').selectOption('ja');
  await page.getByRole('button', { name: '開始', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '前提条件' })).toBeVisible();
  await nextJa(page, 'プロキシ');
  await nextJa(page, 'クラスターへの接続');
  // The file chooser speaks Japanese too (the browser's own input would say "Choose File / No file chosen").
  await expect(page.getByText('ファイルはまだ選択されていません。')).toBeVisible();
  await page
    .getByLabel('kubeconfig ファイルを選択')
    .setInputFiles({ name: 'admin.conf', mimeType: 'text/plain', buffer: Buffer.from(KUBECONFIG) });
  await expect(page.getByText('この kubeconfig は使用できます。')).toBeVisible();
  await expect(page.getByText('選択したファイル: admin.conf')).toBeVisible();
  await expect(page.getByText(/Choose File|No file chosen/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: '接続をテスト' })).toBeVisible();
  await nextJa(page, 'ネットワーク');
  await page.getByRole('textbox', { name: 'マスターの IP アドレス' }).fill('10.1.2.3');
  await nextJa(page, '確認');
  await page.getByRole('button', { name: '参加を開始' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '参加' })).toBeVisible();
  await expect(page.getByText('参加処理が正常に完了しました。').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 2, name: '手順' })).toBeVisible();
  await expect(page.getByText('完了', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}18-join-ja.png`, fullPage: true });

  await nextJa(page, '動作確認');
  await page.screenshot({ path: `${SCREENSHOTS}19-verify-ja.png`, fullPage: true });
  await nextJa(page, '完了');
  await expect(page.getByText(/^このサーバーはクラスターのノード( \S+ )?になりました。$/)).toBeVisible();
  await page.getByRole('button', { name: 'サポート バンドルをエクスポート' }).click();
  await expect(page.getByText(/サポート バンドルをエクスポートしました: .+\.zip/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}20-finish-ja.png`, fullPage: true });

  // Back to English for the specs that follow in this browser profile.
  await page.getByRole('banner').getByLabel('言語').selectOption('en');
});
