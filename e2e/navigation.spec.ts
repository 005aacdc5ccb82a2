import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  expectFirstStepAsPowerShell,
  fillNetwork,
  fillProxy,
  KUBECONFIG,
  next,
  openWelcome,
  reviewSetting,
  SCREENSHOTS,
} from './wizard-steps.js';

fs.mkdirSync(SCREENSHOTS, { recursive: true });

test('walks Welcome to Review and back, keeping every answer', async ({ page }) => {
  await openWelcome(page);
  await page.screenshot({ path: `${SCREENSHOTS}01-welcome.png`, fullPage: true });

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prerequisites' })).toBeVisible();
  // The checks run as the page opens: nothing is pressed, and the button then offers to run them again.
  await expect(page.getByText(/\d+ passed, \d+ warnings, \d+ failed\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run the checks again' })).toBeEnabled();
  // The checks are a grid: Tab enters it at its first column header, the arrow keys move from cell to cell.
  const grid = page.getByRole('grid', { name: 'Prerequisite checks' });
  await page.getByRole('button', { name: 'Run the checks again' }).focus();
  await page.keyboard.press('Tab');
  await expect(grid.getByRole('columnheader', { name: 'Status' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('columnheader', { name: 'Check' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('row').nth(1).getByRole('gridcell').nth(1)).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}02-prerequisites.png`, fullPage: true });

  await next(page, 'Proxy');
  await fillProxy(page);
  // With a user name the password goes into the proxy URL: the answer file saved below must not hold it.
  await page.getByRole('textbox', { name: 'User name' }).fill('ops');
  await page.screenshot({ path: `${SCREENSHOTS}03-proxy.png`, fullPage: true });

  await next(page, 'Cluster access');
  // A disabled Next says why, next to it and as its accessible description.
  const blockedNext = page.getByRole('button', { name: 'Next' });
  await expect(blockedNext).toBeDisabled();
  await expect(page.getByText('Next is available once you choose a kubeconfig file.')).toBeVisible();
  await expect(blockedNext).toHaveAccessibleDescription('Next is available once you choose a kubeconfig file.');
  // As a user does: the Choose button, then the file in the browser's chooser. An empty file is refused
  // before reading; focus goes to the outcome that says why.
  const choose = async (name: string, content: string) => {
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.drop-zone > button').first().click();
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
  };
  await choose('empty.conf', '');
  await expect(page.locator('.cluster-outcome')).toBeFocused();
  await choose('admin.conf', KUBECONFIG);
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  // The controls were disabled while the file was read: focus lands on the outcome (read out), not on the body.
  await expect(page.locator('.cluster-outcome')).toBeFocused();
  const context = page.getByLabel('Context');
  await context.focus();
  await context.selectOption('kubernetes-admin@kubernetes');
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  await expect(page.locator('.cluster-outcome')).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}04-cluster.png`, fullPage: true });

  await next(page, 'Network');
  // Without a connection test, the master's address comes from the kubeconfig's server.
  const masterIp = page.getByRole('textbox', { name: 'Master IP address' });
  await expect(masterIp).toHaveValue('10.1.2.3');
  // The adapters the prerequisites found are offered for the adapter field (a combobox: pick one or type).
  await expect(page.getByText('Adapters found on this server: Ethernet, Ethernet 2.', { exact: false })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Network adapter' })).toHaveAttribute('list', 'detected-adapters');
  expect(
    await page.locator('#detected-adapters option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
  ).toEqual(['Ethernet', 'Ethernet 2']);
  // Emptied, the field blocks Next, and Next says which field, visibly and as its description.
  await masterIp.fill('');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  const reason = /^Next is available once these are correct: .*Master IP address.*\.$/;
  await expect(page.locator('#next-blocked')).toHaveText(reason);
  await expect(page.getByRole('button', { name: 'Next' })).toHaveAccessibleDescription(reason);
  await fillNetwork(page);
  await expect(page.locator('#next-blocked')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}05-network.png`, fullPage: true });

  await next(page, 'Review');
  // The settings the join will use, one row each, before the steps.
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible();
  await expect(reviewSetting(page, 'Master IP address')).toHaveText('10.1.2.3');
  await expect(reviewSetting(page, 'Cluster (pod) CIDR')).toHaveText('192.168.0.0/16');
  await expect(reviewSetting(page, 'Service CIDR')).toHaveText('11.0.0.0/16');
  // The proxy's user name and password are masked in the summary.
  await expect(reviewSetting(page, 'Proxy')).toHaveText(/^http:\/\/\*\*\*@proxy\.corp:8080\/?$/);
  await expect(reviewSetting(page, 'Node name')).toHaveText("This computer's name, in lower case");
  await expect(reviewSetting(page, 'Install directory')).toHaveText('C:\\k');
  // Each step reads as the PowerShell line WinJoin runs, not as a parameter dump.
  await expectFirstStepAsPowerShell(page, / -Lines 3 -SleepMs 30$/);
  await expect(page.getByText('PowerShell (from the WinJoin powershell folder, elevated)').first()).toBeVisible();
  // The proxy password is never shown, not even in the plan's parameters.
  await expect(page.getByText('s3cret')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}06-review.png`, fullPage: true });

  // The preview saves only the state directory's copy: no "include passwords" choice, and the
  // password is replaced by an environment variable the page names.
  await expect(page.getByRole('checkbox', { name: 'Include passwords in the file' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save answer file' }).click();
  const saved = page.getByText(/^Answer file saved: /);
  await expect(saved).toBeVisible();
  await expect(page.getByText('WINJOIN_PROXY_URL')).toBeVisible();
  const file = /saved: (.+\.json)$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  const content = fs.readFileSync(file, 'utf8');
  expect(content).not.toContain('s3cret');
  expect(JSON.parse(content).proxy.http).toEqual({ fromEnv: 'WINJOIN_PROXY_URL' });

  // Back through the pages: what was typed is still there.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('textbox', { name: 'Master IP address' })).toHaveValue('10.1.2.3');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('textbox', { name: 'HTTP proxy' })).toHaveValue('http://proxy.corp:8080');
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join this server to your Kubernetes cluster' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back' })).toBeDisabled();

  // The browser's own back and forward move between pages too.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Prerequisites' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Join this server to your Kubernetes cluster' })).toBeVisible();

  // The step list jumps straight to a page already reachable.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
});

test('speaks Japanese when chosen, and remembers it', async ({ page }) => {
  await openWelcome(page);
  await page.getByRole('banner').getByLabel('Language').selectOption('ja');
  await expect(page.getByRole('heading', { level: 1, name: 'このサーバーを Kubernetes クラスターに参加させます' })).toBeVisible();
  await expect(page.getByRole('button', { name: '開始' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.screenshot({ path: `${SCREENSHOTS}07-welcome-ja.png`, fullPage: true });

  await page.reload();
  await expect(page.getByRole('navigation', { name: 'ウィザードの手順' })).toBeVisible();
  await page.getByRole('button', { name: '開始' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '前提条件' })).toBeVisible();
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('radio', { name: 'プロキシ経由' }).check();
  const http = page.getByRole('textbox', { name: 'HTTP プロキシ' });
  await http.fill('ftp://proxy:21');
  await http.blur();
  await expect(page.getByText('HTTP プロキシ は http:// または https:// で始まる必要があります', { exact: false })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}08-proxy-ja.png`, fullPage: true });

  // Back to English for the specs that follow.
  await page.getByRole('banner').getByLabel('言語').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Proxy' })).toBeVisible();
});

test('follows the system dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openWelcome(page);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // Fluent's webDarkTheme background (colorNeutralBackground1, #292929).
  expect(background).toBe('rgb(41, 41, 41)');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByText(/\d+ passed/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}13-prerequisites-dark.png`, fullPage: true });
});
