/** Moves through the wizard the way a user does (labels and roles, not CSS), shared by the specs. */
import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

export function previewUrl(): string {
  const url = process.env.WINJOIN_PREVIEW_URL;
  if (!url) throw new Error('WINJOIN_PREVIEW_URL is not set; run through e2e/playwright.config.ts');
  return url;
}

/** A token-auth kubeconfig naming `server`; the specs never reach it (the stand-in host, or a refused port). */
export function kubeconfigFor(server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster: { server: ${server} }
users:
- name: kubernetes-admin
  user: { token: not-a-real-token }
contexts:
- name: kubernetes-admin@kubernetes
  context: { cluster: kubernetes, user: kubernetes-admin }
current-context: kubernetes-admin@kubernetes
`;
}

export const KUBECONFIG = kubeconfigFor('https://10.1.2.3:6443');

export async function next(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

export async function openWelcome(page: Page): Promise<void> {
  await page.goto(previewUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Join this server to your Kubernetes cluster' })).toBeVisible();
}

export async function fillProxy(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'Through a proxy' }).check();
  const http = page.getByRole('textbox', { name: 'HTTP proxy' });
  await http.fill('proxy.corp');
  await http.blur();
  await expect(page.getByText('HTTP proxy is not a URL')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await http.fill('http://proxy.corp:8080');
  await expect(page.getByText('HTTP proxy is not a URL')).toHaveCount(0);
  await page.getByLabel('Password', { exact: true }).fill('s3cret');
}

export async function uploadKubeconfig(page: Page): Promise<void> {
  await page
    .getByLabel('Choose the kubeconfig file')
    .setInputFiles({ name: 'admin.conf', mimeType: 'text/plain', buffer: Buffer.from(KUBECONFIG) });
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
}

/** The value the Review page's settings summary shows for a label (one <dt>/<dd> pair per setting). */
export function reviewSetting(page: Page, label: string): Locator {
  return page
    .locator('dl.summary > div')
    .filter({ has: page.locator('dt').getByText(label, { exact: true }) })
    .locator('dd');
}

/**
 * Opens the Review page's first step: it reads as one PowerShell line to paste (the script and its
 * parameters), never as the JSON the script receives.
 */
export async function expectFirstStepAsPowerShell(page: Page, parameter: RegExp): Promise<void> {
  const firstStep = page.locator('.plan summary').first();
  await firstStep.click();
  const line = page.locator('.plan details[open] pre').first();
  await expect(line).toHaveText(/^& '\.\\steps\\[\w\\.-]+\.ps1'( -\w+(:\$(true|false)| \S.*?))*$/s);
  await expect(line).toContainText(parameter);
  await expect(page.locator('.plan')).not.toContainText(/"\w+": /);
}

export async function fillNetwork(page: Page): Promise<void> {
  await expect(page.getByRole('textbox', { name: 'Cluster (pod) CIDR' })).toHaveValue('192.168.0.0/16');
  await page.getByRole('textbox', { name: 'Master IP address' }).fill('10.1.2.3');
}

/**
 * The stand-in host's switches (see preview-deps.ts), set by each spec that
 * starts a join so it does not depend on what an earlier spec left behind.
 */
export function standInMachine({ routesFail, dockerRestarts }: { routesFail: boolean; dockerRestarts: boolean }): void {
  const fail = process.env.WINJOIN_E2E_FAIL_MARKER ?? '';
  const restart = process.env.WINJOIN_E2E_RESTART_MARKER ?? '';
  // No step waits for a spec that is looking at the running join (layout.spec holds one that way).
  fs.rmSync(process.env.WINJOIN_E2E_HOLD_MARKER ?? '', { force: true });
  if (routesFail) fs.writeFileSync(fail, 'no adapter');
  else fs.rmSync(fail, { force: true });
  if (dockerRestarts) fs.rmSync(restart, { force: true });
  else fs.writeFileSync(restart, 'no restart pending');
}

/** Welcome to Review with a kubeconfig and master IP, then Start: the Join page. */
export async function startJoin(page: Page): Promise<void> {
  await openWelcome(page);
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await uploadKubeconfig(page);
  await next(page, 'Network');
  await fillNetwork(page);
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();
}
