// Stand-in kubeadm.exe: `version`, `join` and `reset` as kubeadm does them on
// Windows. join runs the preflight checks that can fail on this machine, the
// real token discovery against the simulated API server (discovery.mjs), reads
// kubeadm-config and kubelet-config with the bootstrap token, writes
// C:\etc\kubernetes\bootstrap-kubelet.conf, pki\ca.crt,
// C:\var\lib\kubelet\config.yaml and kubeadm-flags.env, starts the kubelet
// service and waits (bounded, like kubeadm's TLS bootstrap timeout) until
// kubelet.conf exists and the node has registered. Errors go to stderr in
// kubeadm's words; progress to stdout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { VERSION, apiClient, httpsJson, klog, machinePath, readJson, rehearsalFile, resolveAddress, sleep } from './common.mjs';
import { discover } from './discovery.mjs';

const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** kubeadm's TLS-bootstrap timeout (simulated seconds). */
const BOOTSTRAP_TIMEOUT = 240;
/** How long kubeadm retries discovery while the API server does not answer. */
const DISCOVERY_TIMEOUT = 300;

class Fatal extends Error {}

function say(line) {
  process.stdout.write(`${line}\n`);
}

function parseArgs(argv) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (['force', 'discovery-token-unsafe-skip-ca-verification'].includes(arg.slice(2))) flags[arg.slice(2)] = 'true';
    else flags[arg.slice(2)] = argv[++i] ?? '';
  }
  return { positional, flags };
}

/** C:\etc\kubernetes\<name> on the simulated machine. */
const kubeDir = (...parts) => path.join(machinePath('C:\\etc\\kubernetes'), ...parts);
const kubeletDir = (...parts) => path.join(machinePath('C:\\var\\lib\\kubelet'), ...parts);

function machine() {
  return readJson(rehearsalFile('machine.json'), {});
}

/** Runs a cmdlet of the simulated host, as kubeadm talks to the service control manager. */
function simulatedHost(command) {
  const pwsh = process.env.WINJOIN_REHEARSAL_PWSH || 'pwsh';
  const result = spawnSync(
    pwsh,
    ['-NoProfile', '-NonInteractive', '-Command', `Import-Module $env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking; ${command}`],
    { encoding: 'utf8' },
  );
  return { code: result.status ?? 1, text: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function preflight({ criSocket }) {
  say('[preflight] Running pre-flight checks');
  const m = machine();
  const errors = [];
  const warnings = [];
  if (!m.elevated) errors.push('[ERROR IsPrivilegedUser]: user is not running as administrator');
  if (fs.existsSync(kubeDir('kubelet.conf')))
    errors.push('[ERROR FileAvailable-\\etc\\kubernetes\\kubelet.conf]: \\etc\\kubernetes\\kubelet.conf already exists');
  if (fs.existsSync(kubeDir('bootstrap-kubelet.conf')))
    errors.push(
      '[ERROR FileAvailable-\\etc\\kubernetes\\bootstrap-kubelet.conf]: \\etc\\kubernetes\\bootstrap-kubelet.conf already exists',
    );
  if (fs.existsSync(kubeDir('pki', 'ca.crt')))
    errors.push('[ERROR FileAvailable-\\etc\\kubernetes\\pki\\ca.crt]: \\etc\\kubernetes\\pki\\ca.crt already exists');
  if (!containerdAnswers(m)) {
    errors.push(
      `[ERROR CRI]: container runtime is not running: output: time="${new Date().toISOString()}" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"${criSocket}\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: open \\\\\\\\.\\\\pipe\\\\containerd-containerd: The system cannot find the file specified.\\""\n, error: exit status 1`,
    );
  }
  const services = m.services ?? {};
  if (!Object.keys(services).some((k) => k.toLowerCase() === 'kubelet'))
    warnings.push(
      '[WARNING Service-Kubelet]: couldn\'t get status of service "kubelet": The specified service does not exist as an installed service.',
    );
  for (const w of warnings) process.stderr.write(`\t${w}\n`);
  if (errors.length) {
    throw new Fatal(
      `error execution phase preflight: [preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}`).join('\n')}\n[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``,
    );
  }
}

/** Whether containerd's service runs and its pipe is open (what crictl info would say). */
function containerdAnswers(m) {
  const key = Object.keys(m.services ?? {}).find((k) => k.toLowerCase() === 'containerd');
  if (!key || m.services[key].status !== 'Running') return false;
  const readyAt = m.containerd?.pipeReadyAt;
  return !readyAt || Date.parse(readyAt) <= Date.now();
}

async function discoverWithRetry(options) {
  for (let waited = 0; ; waited += 5) {
    try {
      return await discover(options);
    } catch (error) {
      if (!error.retry || waited >= DISCOVERY_TIMEOUT) {
        throw new Fatal(`error execution phase preflight: couldn't validate the identity of the API Server: ${error.message}`, {
          cause: error,
        });
      }
      klog('W', `token.go:234] [discovery] Failed to request cluster-info, will try again: ${error.message}`);
      await sleep(5);
    }
  }
}

function bootstrapKubeconfig(server, caPem, token) {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    `    server: ${server}`,
    '  name: kubernetes',
    'contexts:',
    '- context:',
    '    cluster: kubernetes',
    '    user: tls-bootstrap-token-user',
    '  name: tls-bootstrap-token-user@kubernetes',
    'current-context: tls-bootstrap-token-user@kubernetes',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: tls-bootstrap-token-user',
    '  user:',
    `    token: ${token}`,
    '',
  ].join('\n');
}

async function join({ positional, flags }) {
  const endpoint = positional[1];
  const token = flags.token ?? flags['discovery-token'] ?? '';
  const criSocket = flags['cri-socket'] ?? 'npipe:////./pipe/containerd-containerd';
  const nodeName = flags['node-name'] ?? String(machine().hostName ?? '').toLowerCase();
  const pins = flags['discovery-token-ca-cert-hash'] ? [flags['discovery-token-ca-cert-hash']] : [];
  if (!endpoint) throw new Fatal('discovery.bootstrapToken.apiServerEndpoint: Invalid value: "": the API server endpoint is required');
  const tokenMatch = TOKEN.exec(token);
  if (!tokenMatch) throw new Fatal(`discovery.bootstrapToken.token: Invalid value: "": the bootstrap token is invalid`);
  if (!/^npipe:\/\//.test(criSocket)) throw new Fatal(`nodeRegistration.criSocket: Invalid value: "${criSocket}": path is not absolute`);
  if (!NODE_NAME.test(nodeName) || nodeName.length > 253) {
    throw new Fatal(
      `nodeRegistration.name: Invalid value: "${nodeName}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  }
  if (!pins.length && flags['discovery-token-unsafe-skip-ca-verification'] !== 'true') {
    throw new Fatal(
      'discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue',
    );
  }
  preflight({ criSocket });
  const [, tokenId, tokenSecret] = tokenMatch;
  const index = endpoint.lastIndexOf(':');
  const hostname = endpoint.slice(0, index).replace(/^\[|\]$/g, '');
  // The port the node dials (6443), which the rehearsal's network map forwards to the loopback listener.
  const port = Number(endpoint.slice(index + 1));
  const target = resolveAddress(hostname, port);
  const { caPem, server } = await discoverWithRetry({ target, hostname, port, tokenId, tokenSecret, pins });
  say('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  const get = (pathname) => httpsJson({ target, hostname, pathname, ca: caPem, token });
  const kubeadmConfig = await get('/api/v1/namespaces/kube-system/configmaps/kubeadm-config');
  if (kubeadmConfig.status !== 200) {
    throw new Fatal(
      `error execution phase preflight: unable to fetch the kubeadm-config ConfigMap: failed to get config map: ${kubeadmConfig.json?.message ?? kubeadmConfig.text.trim()}`,
    );
  }
  say("[preflight] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.");
  const kubeletConfig = await get('/api/v1/namespaces/kube-system/configmaps/kubelet-config');
  const kubelet = kubeletConfig.json?.data?.kubelet;
  if (kubeletConfig.status !== 200 || typeof kubelet !== 'string') {
    throw new Fatal(
      `error execution phase kubelet-start: failed to get config map: ${kubeletConfig.json?.message ?? 'configmaps "kubelet-config" has no kubelet key'}`,
    );
  }
  const existing = await get(`/api/v1/nodes/${nodeName}`);
  const ready = (existing.json?.status?.conditions ?? []).find((c) => c.type === 'Ready')?.status === 'True';
  if (existing.status === 200 && ready) {
    throw new Fatal(
      `error execution phase kubelet-start: a Node with name "${nodeName}" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`,
    );
  }

  fs.mkdirSync(kubeDir('pki'), { recursive: true });
  fs.mkdirSync(kubeDir('manifests'), { recursive: true });
  fs.writeFileSync(kubeDir('pki', 'ca.crt'), caPem);
  say('[kubelet-start] Writing kubelet configuration to file "\\var\\lib\\kubelet\\config.yaml"');
  fs.mkdirSync(kubeletDir(), { recursive: true });
  fs.writeFileSync(kubeletDir('config.yaml'), kubelet);
  say('[kubelet-start] Writing kubelet environment file with flags to file "\\var\\lib\\kubelet\\kubeadm-flags.env"');
  const hostName = String(machine().hostName ?? '').toLowerCase();
  const kubeletArgs = [`--container-runtime-endpoint=${criSocket}`, ...(nodeName !== hostName ? [`--hostname-override=${nodeName}`] : [])];
  fs.writeFileSync(kubeletDir('kubeadm-flags.env'), `KUBELET_KUBEADM_ARGS="${kubeletArgs.join(' ')}"\n`);
  fs.writeFileSync(kubeDir('bootstrap-kubelet.conf'), bootstrapKubeconfig(server, caPem, token), { mode: 0o600 });
  say('[kubelet-start] Starting the kubelet');
  const started = simulatedHost('Start-Service -Name kubelet');
  if (started.code !== 0) throw new Fatal(`error execution phase kubelet-start: failed to start the kubelet service: ${started.text}`);
  say('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap');
  await waitForNode(nodeName);
  fs.rmSync(kubeDir('bootstrap-kubelet.conf'), { force: true });
  say('');
  say('This node has joined the cluster:');
  say('* Certificate signing request was sent to apiserver and a response was received.');
  say('* The Kubelet was informed of the new secure connection details.');
  say('');
  say("Run 'kubectl get nodes' on the control-plane to see this node join the cluster.");
}

async function waitForNode(nodeName) {
  // Simulated seconds, but never less than a minute of real time: starting the service and kubelet costs real
  // process start-ups, which the rehearsal clock does not shorten.
  const scale = Number(readJson(rehearsalFile('clock.json'), { scale: 1 }).scale) || 1;
  const deadline = Date.now() + Math.max(BOOTSTRAP_TIMEOUT * scale * 1000, 60_000);
  while (Date.now() <= deadline) {
    if (fs.existsSync(kubeDir('kubelet.conf'))) {
      try {
        const node = await apiClient(kubeDir('kubelet.conf'))('GET', `/api/v1/nodes/${nodeName}`);
        if (node.status === 200) return;
      } catch {
        // kubelet.conf written but the API not reached yet: keep waiting, as kubeadm does.
      }
    }
    await sleep(2);
  }
  throw new Fatal(
    [
      '[kubelet-check] The kubelet is not running or healthy.',
      "[kubelet-check] It seems like the kubelet isn't running or healthy.",
      '[kubelet-check] The HTTP call equal to \'curl -sSL http://localhost:10248/healthz\' failed with error: Get "http://localhost:10248/healthz": dial tcp [::1]:10248: connectex: No connection could be made because the target machine actively refused it.',
      'error execution phase kubelet-start: timed out waiting for the condition',
    ].join('\n'),
  );
}

function reset({ flags }) {
  if (flags.force !== 'true' && flags.f !== 'true') {
    throw new Fatal('[reset] Are you sure you want to proceed? [y/N]: aborted reset operation (no terminal: pass --force)');
  }
  say('[preflight] Running pre-flight checks');
  say('[reset] Stopping the kubelet service');
  if (Object.keys(machine().services ?? {}).some((k) => k.toLowerCase() === 'kubelet')) simulatedHost('Stop-Service -Name kubelet -Force');
  say('[reset] Deleting contents of directories: [\\etc\\kubernetes\\manifests \\var\\lib\\kubelet \\etc\\kubernetes\\pki]');
  for (const dir of [kubeDir('manifests'), kubeletDir(), kubeDir('pki')]) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  const files = ['admin.conf', 'super-admin.conf', 'kubelet.conf', 'bootstrap-kubelet.conf', 'controller-manager.conf', 'scheduler.conf'];
  say(`[reset] Deleting files: [${files.map((f) => `\\etc\\kubernetes\\${f}`).join(' ')}]`);
  for (const file of files) fs.rmSync(kubeDir(file), { force: true });
  say('');
  say('The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d');
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const command = parsed.positional[0];
  if (command === 'version') {
    if (parsed.flags.o === 'short' || parsed.flags.output === 'short' || process.argv.includes('short')) say(`v${VERSION}`);
    else {
      const [major, minor] = VERSION.split('.');
      say(
        `kubeadm version: &version.Info{Major:"${major}", Minor:"${minor}", GitVersion:"v${VERSION}", GoVersion:"go1.24", Compiler:"gc", Platform:"windows/amd64"}`,
      );
    }
    return;
  }
  if (command === 'join') return join(parsed);
  if (command === 'reset') return reset(parsed);
  throw new Fatal(`unknown command "${command ?? ''}" for "kubeadm"\nRun 'kubeadm --help' for usage.`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.message}\nTo see the stack trace of this error execute with --v=5 or higher\n`);
    process.exit(1);
  },
);
