/**
 * The modern wizard once in Japanese, with the join command pasted from the
 * control plane (a token made there and the right CA hash): against the
 * containerd-kubeadm rehearsal, from Welcome to a Ready node in Verify, each
 * page free of English sentences.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { caCertHash } from '../electron/host/bootstrap/ca-pin.js';
import { createBootstrapToken, formatBootstrapToken } from '../electron/host/bootstrap/token.js';
import { formatClock } from '../shared/i18n/clock.js';
import { clusterAccess } from '../electron/host/cluster/access.js';
import { createClusterClient } from '../electron/host/cluster/client.js';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { seriousViolations } from './axe.js';
import { englishSentences } from './japanese-text.js';
import { SCREENSHOTS } from './wizard-steps.js';

test.use({ locale: 'ja-JP', actionTimeout: 30_000 });

let preview: RunningPreview;
let stateDir: string;
test.beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-modern-ja-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview(
    { port: 0, stateDir, rehearsal: { scenario: 'happy', recipe: 'containerd-kubeadm' } },
    { root, deps: defaultDeps() },
  );
});
test.afterAll(async () => {
  await preview?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function nextJa(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  expect(await englishSentences(page), heading).toEqual([]);
}

test('joins through the modern wizard in Japanese with a pasted join command: the node ends Ready', async ({ page }) => {
  test.setTimeout(420_000);
  // As the admin would on the control plane: `kubeadm token create --print-join-command`.
  const admin = await createClusterClient(clusterAccess(path.join(stateDir, 'rehearsal', 'loopback.kubeconfig')));
  const { token, expires } = await createBootstrapToken(admin);
  await admin.close();
  const hash = caCertHash(fs.readFileSync(path.join(stateDir, 'rehearsal', 'pki', 'ca.crt'), 'utf8'));
  const command = `kubeadm join 192.0.2.10:6443 --token ${formatBootstrapToken(token)} --discovery-token-ca-cert-hash ${hash}`;

  await page.goto(preview.server.url);
  await expect(page.getByRole('heading', { level: 1, name: 'このサーバーを Kubernetes クラスターに参加させます' })).toBeVisible();
  await nextJa(page, '前提条件');
  await nextJa(page, 'プロキシ');
  await nextJa(page, 'クラスターへの接続');
  await page.getByRole('button', { name: 'シミュレーション クラスターの kubeconfig を使う' }).click();
  await expect(page.getByText('この kubeconfig は使用できます。')).toBeVisible();
  await page.getByRole('button', { name: '接続をテスト' }).click();
  await expect(page.getByRole('radio', { name: /containerd と kubeadm join/ })).toBeChecked();
  await page.getByRole('radio', { name: 'コントロール プレーンの join コマンドを貼り付ける' }).check();
  await page.getByRole('textbox', { name: 'join コマンド' }).fill(command);
  await expect(page.getByLabel('ブートストラップ トークン', { exact: true })).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'クラスターを確認' }).click();
  await page.getByRole('button', { name: /^適用: / }).click();
  await expect(page.getByText('クラスターはこのノードを受け入れる準備ができています。')).toBeVisible();
  // The page reads the pasted token's end from its Secret and says it as a clock time.
  await expect(page.getByText(`トークン ${token.id} は ${formatClock(expires, 'ja')} まで有効です。`, { exact: false })).toBeVisible();
  await expect(page.getByText('貼り付けたハッシュはクラスターの CA と一致しています。')).toBeVisible();
  expect(await englishSentences(page)).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}50-modern-cluster-ja.png`, fullPage: true });

  await nextJa(page, 'ネットワーク');
  await nextJa(page, '確認');
  await expect(page.getByText(`貼り付け済み（トークン ID ${token.id}、シークレット部分は表示しません）`)).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain(token.secret);
  await page.getByRole('button', { name: '参加を開始' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '参加' })).toBeVisible();
  await expect(page.getByText('参加処理が正常に完了しました。').first()).toBeVisible({ timeout: 300_000 });
  await page.screenshot({ path: `${SCREENSHOTS}51-modern-join-ja.png`, fullPage: true });
  await nextJa(page, '動作確認');
  await expect(
    page.getByText('問題なし: このノードの Pod からの DNS 名前解決 — kubernetes.default.svc.cluster.local は 11.0.0.1 に解決されます。'),
  ).toBeVisible();
  await expect(
    page.getByText('問題なし: このノードの Pod からの Service への接続 — Service default/kubernetes は 11.0.0.1:443 で応答します。'),
  ).toBeVisible();
  expect(await englishSentences(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}52-modern-verify-ja.png`, fullPage: true });
  await nextJa(page, '完了');
  await expect(page.getByText(/^このサーバーはクラスターのノード( \S+ )?になりました。$/)).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain(token.secret);
});
