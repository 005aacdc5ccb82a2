/**
 * The wizard for today's clusters against the containerd-kubeadm rehearsal
 * (a simulated kubeadm cluster with Calico): the recipe proposed from the
 * cluster, the join credentials (created, or a pasted join command checked
 * before Start), and Cluster readiness with Apply. Starts its own preview
 * per test, so each scenario's simulated cluster is fresh.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startPreview, type RunningPreview } from '../electron/preview/main.js';
import { createBootstrapToken, formatBootstrapToken } from '../electron/host/bootstrap/token.js';
import { clusterAccess } from '../electron/host/cluster/access.js';
import { createClusterClient } from '../electron/host/cluster/client.js';
import { readSnapshot } from '../electron/host/rehearsal/show.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import { seriousViolations } from './axe.js';
import { expectFirstStepAsPowerShell, reviewSetting, SCREENSHOTS } from './wizard-steps.js';

let preview: RunningPreview | null = null;
let stateDir: string;

async function open(page: Page, scenario: string): Promise<void> {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-modern-'));
  const root = path.resolve(import.meta.dirname, '..');
  preview = await startPreview({ port: 0, stateDir, rehearsal: { scenario, recipe: 'containerd-kubeadm' } }, { root, deps: defaultDeps() });
  await page.goto(preview.server.url);
  await expect(page.getByText(`Rehearsal: ${scenario}`)).toBeVisible();
}

test.afterEach(async () => {
  await preview?.close();
  preview = null;
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function next(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Welcome to Cluster access with the simulated kubeconfig, then the connection test. */
async function toTestedCluster(page: Page): Promise<void> {
  await next(page, 'Prerequisites');
  await next(page, 'Proxy');
  await next(page, 'Cluster access');
  await page.getByRole('button', { name: "Use the simulated cluster's kubeconfig" }).click();
  await expect(page.getByText('WinJoin can use this kubeconfig.')).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected to the API server.')).toBeVisible();
}

test('proposes containerd-kubeadm for a current cluster and checks it ready, creating no token before Start', async ({ page }) => {
  await open(page, 'happy');
  await toTestedCluster(page);
  // The probe's nodes, as a table named by its heading, one row each with its column headers.
  const nodes = page.getByRole('table', { name: 'Nodes' });
  await expect(nodes.getByRole('columnheader')).toHaveText(['Name', 'OS', 'Pod CIDR', 'Status']);
  await expect(nodes.getByRole('row').filter({ hasText: 'control-plane-1' }).getByRole('cell')).toHaveText([
    'control-plane-1',
    'linux',
    '192.168.0.0/24',
    'Ready',
  ]);
  const recipe = page.getByRole('radiogroup', { name: 'How WinJoin joins this cluster' });
  await expect(recipe.getByRole('radio', { name: /containerd and kubeadm join/ })).toBeChecked();
  // The 2018 guide cannot join a 1.24+ cluster: offered, disabled, with the reason.
  await expect(recipe.getByRole('radio', { name: /Docker and the Microsoft SDN scripts/ })).toBeDisabled();
  await expect(recipe.getByText(/no longer runs Docker-based nodes/)).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Create a bootstrap token for me' })).toBeChecked();

  await page.getByRole('button', { name: 'Check the cluster' }).click();
  // A fresh kubeadm cluster has no kube-proxy for Windows nodes: WinJoin offers to create it, and only on Apply.
  const readiness = page.getByRole('table', { name: 'Cluster readiness checks' });
  const kubeProxy = readiness.getByRole('row').filter({ has: page.getByText('kube-proxy for Windows nodes', { exact: true }) });
  await expect(kubeProxy.getByRole('cell').first()).toHaveText('Failed');
  await expect(page.getByText(/WinJoin can fix each failed check/)).toBeVisible();
  await kubeProxy.getByRole('button', { name: 'Apply: kube-proxy for Windows nodes' }).click();
  await expect(page.getByText('The cluster is ready for this node.')).toBeVisible();
  // The token's lifetime as the clock time it would end if the join started now.
  await expect(page.getByText(/WinJoin creates the token when the join starts.*valid until about \d{1,2}:\d{2}/)).toBeVisible();
  await expect(page.getByText(/valid for 2 hours \(until about \d{1,2}:\d{2}/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}40-modern-cluster-ready.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // Checking created nothing in the cluster: the token is made when the join starts.
  const cluster = JSON.parse(fs.readFileSync(path.join(stateDir, 'rehearsal', 'cluster.json'), 'utf8')) as {
    objects?: Record<string, { metadata: { name: string } }[]>;
  };
  expect((cluster.objects?.['v1/secrets'] ?? []).filter((s) => s.metadata.name.startsWith('bootstrap-token-'))).toEqual([]);

  await next(page, 'Network');
  await expect(page.getByRole('textbox', { name: 'Master IP address' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Calico (VXLAN)' })).toBeChecked();
  // The ranges the cluster was set up with, read from kubeadm-config and said so.
  await expect(page.getByRole('textbox', { name: 'Service CIDR' })).toHaveValue('11.0.0.0/16');
  await expect(page.getByText(/kubeadm configuration \(ConfigMap kubeadm-config\)/).first()).toBeVisible();
  // The picture of the cluster, with its text alternative, follows the fields.
  const diagram = page.getByRole('figure', { name: /The cluster as WinJoin sees it/ });
  await expect(diagram.getByText(/^Node control-plane-1 \(linux\), pod range 192\.168\.0\.0\/24\.$/)).toBeAttached();
  await expect(diagram.getByText('Services: 11.0.0.0/16').first()).toBeAttached();
  await page.getByRole('textbox', { name: 'Service CIDR' }).fill('10.96.0.0/12');
  await expect(diagram.getByText('Services: 10.96.0.0/12').first()).toBeAttached();
  await page.getByRole('textbox', { name: 'Service CIDR' }).fill('11.0.0.0/16');
  await page.screenshot({ path: `${SCREENSHOTS}46-modern-network.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await next(page, 'Review');
  await expect(page.getByText('Created by WinJoin when the join starts, valid for 2 hours')).toBeVisible();
  // The containerd-kubeadm settings summary: the join's endpoint and credentials in words, the ranges, where it installs.
  await expect(reviewSetting(page, 'Recipe')).toHaveText("containerd and kubeadm join (today's SIG Windows way)");
  await expect(reviewSetting(page, 'API server endpoint')).toHaveText("The kubeconfig's server");
  await expect(reviewSetting(page, 'Service CIDR')).toHaveText('11.0.0.0/16');
  await expect(reviewSetting(page, 'Proxy')).toHaveText('None (direct connection)');
  await expect(reviewSetting(page, 'Node name')).toHaveText("This computer's name, in lower case");
  await expect(reviewSetting(page, 'Install directory')).toHaveText('C:\\k');
  await expectFirstStepAsPowerShell(page, / -InstallDir 'C:\\k'/);
  await page.screenshot({ path: `${SCREENSHOTS}41-modern-review.png`, fullPage: true });
});

test('a cluster without the Calico Windows settings: Apply fixes them after showing the change, the join with a token WinJoin creates ends Ready, and the reset leaves the machine clean', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await open(page, 'calico-no-windows');
  await toTestedCluster(page);
  await page.getByRole('button', { name: 'Check the cluster' }).click();
  const check = page
    .getByRole('table', { name: 'Cluster readiness checks' })
    .getByRole('row')
    .filter({ has: page.getByText('Calico Installation for Windows', { exact: true }) });
  await expect(check.getByRole('cell').first()).toHaveText('Failed');
  await check.getByText(/Show the change/).click();
  await expect(check.locator('pre')).toContainText('"windowsDataplane": "HNS"');
  await page.screenshot({ path: `${SCREENSHOTS}44-modern-calico-failing.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await check.getByRole('button', { name: /^Apply: / }).click();
  await expect(page.getByText(/^Applied: Calico Installation for Windows/)).toBeVisible();
  await expect(check.getByRole('cell').first()).toHaveText('Passed');
  await page.screenshot({ path: `${SCREENSHOTS}45-modern-calico-applied.png`, fullPage: true });
  await page.getByRole('button', { name: 'Apply: kube-proxy for Windows nodes' }).click();
  await expect(page.getByText('The cluster is ready for this node.')).toBeVisible();
  await next(page, 'Network');
  await next(page, 'Review');
  await page.getByRole('button', { name: 'Start the join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Join' })).toBeVisible();
  await expect(page.getByText('The join finished successfully.').first()).toBeVisible({ timeout: 300_000 });
  await page.screenshot({ path: `${SCREENSHOTS}47-modern-join.png`, fullPage: true });

  await next(page, 'Verify');
  for (const step of ['Wait until the node is Ready', 'Check the network']) await expect(page.getByText(step).first()).toBeVisible();
  // From a pod on this node: the cluster DNS and the kubernetes Service's ClusterIP.
  await expect(
    page.getByText('Passed: DNS from a pod on this node — kubernetes.default.svc.cluster.local resolves to 11.0.0.1.'),
  ).toBeVisible();
  await expect(
    page.getByText('Passed: Service reachability from a pod on this node — The Service default/kubernetes answers at 11.0.0.1:443.'),
  ).toBeVisible();
  // And the sample web server's pod at its pod IP (the pod network, no kube-proxy).
  await expect(
    page.getByText(
      /^Passed: Pod-to-pod reachability from a pod on this node — The pod winjoin-webserver-\S+ on \S+ answers at 192\.168\.\d+\.\d+:80\.$/,
    ),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}48-modern-verify.png`, fullPage: true });
  await next(page, 'Finish');
  await expect(page.getByText(/^This server is now the node \S+ of the cluster\.$/)).toBeVisible();
  await expect(page.getByText(/then runs kubeadm reset/)).toBeVisible();

  // The reset, from the first page, confirmation first.
  await page.getByRole('link', { name: /Welcome/ }).click();
  await page.getByRole('button', { name: 'Remove this node from the cluster' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Remove the node' }).click();
  await expect(page.getByText('The node was removed and the join undone on this machine.')).toBeVisible({ timeout: 180_000 });
  await page.screenshot({ path: `${SCREENSHOTS}49-modern-reset.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  // The rehearsed machine and cluster afterwards: no node, no services, firewall rule or Calico network of the join.
  const machine = await readSnapshot(stateDir);
  expect(machine.nodes.map((n) => n.name)).toEqual(['control-plane-1']);
  expect(machine.services.filter((svc) => ['kubelet', 'containerd'].includes(svc.name))).toEqual([]);
  expect(machine.firewallRules.filter((r) => r.localPort === '10250')).toEqual([]);
  expect(machine.hnsNetworks.filter((n) => n.name === 'Calico')).toEqual([]);
});

test('a pasted join command is split into masked fields, and a wrong CA hash is named before Start', async ({ page }) => {
  await open(page, 'happy');
  await toTestedCluster(page);
  // As the admin would on the control plane: `kubeadm token create --print-join-command`.
  const admin = await createClusterClient(clusterAccess(path.join(stateDir, 'rehearsal', 'loopback.kubeconfig')));
  const { token: created } = await createBootstrapToken(admin);
  await admin.close();
  const token = formatBootstrapToken(created);
  await page.getByRole('radio', { name: 'Paste the join command from the control plane' }).check();
  const command = page.getByRole('textbox', { name: 'Join command' });
  await command.fill('kubeadm join 192.0.2.10:6443 --token abcdef.0123456789abcdef --control-plane --certificate-key 00');
  await expect(page.getByText(/This is the command that joins another control-plane node/)).toBeVisible();
  await command.fill(`kubeadm join 192.0.2.10:6443 --token ${token} \\\n  --discovery-token-ca-cert-hash sha256:${'0'.repeat(64)}`);
  await expect(command).toHaveValue('');
  const tokenField = page.getByLabel('Bootstrap token', { exact: true });
  await expect(tokenField).toHaveAttribute('type', 'password');
  await expect(tokenField).toHaveValue(token);
  await expect(page.getByRole('textbox', { name: 'API server endpoint' })).toHaveValue('192.0.2.10:6443');
  await page.screenshot({ path: `${SCREENSHOTS}42-modern-pasted.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Check the cluster' }).click();
  await expect(page.getByText(/The CA certificate hash does not match the cluster/)).toBeVisible();
  await expect(page.getByText('The cluster is not ready.', { exact: false })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}43-modern-wrong-hash.png`, fullPage: true });
  // The token never reaches the page's text.
  expect(await page.locator('body').innerText()).not.toContain(created.secret);
});
