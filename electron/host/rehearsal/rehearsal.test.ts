import { createHash } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDN_COMMIT } from '../../join/recipes/docker-sdn.js';
import { mapStepParams, showWindowsPaths, toRehearsalPath } from './paths.js';
import { randomSerial } from './pki.js';
import { scenarioFaults, scenariosFor, SCENARIO_NAMES } from './scenarios.js';
import { startRehearsal, type RehearsalHandle } from './start-rehearsal.js';

function pem(kubeconfig: string, field: string): string {
  const match = new RegExp(`${field}-data: (\\S+)`).exec(fs.readFileSync(kubeconfig, 'utf8'));
  return Buffer.from(match![1]!, 'base64').toString('utf8');
}

function api(
  handle: RehearsalHandle,
  method: string,
  urlPath: string,
  options: { withCert?: boolean; body?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const url = new URL(/server: (\S+)/.exec(fs.readFileSync(handle.loopbackKubeconfigPath, 'utf8'))![1]!);
  const cfg = handle.loopbackKubeconfigPath;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: urlPath,
        ca: pem(cfg, 'certificate-authority'),
        ...(options.withCert === false ? {} : { cert: pem(cfg, 'client-certificate'), key: pem(cfg, 'client-key') }),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
      },
    );
    req.on('error', reject);
    if (options.body) req.end(JSON.stringify(options.body));
    else req.end();
  });
}

describe('rehearsal (happy)', () => {
  let dir: string;
  let handle: RehearsalHandle;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-rehearsal-'));
    handle = await startRehearsal({ stateDir: dir, scenario: 'happy' });
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the configured version only to clients with a certificate', async () => {
    const ok = await api(handle, 'GET', '/version');
    expect(ok.json).toMatchObject({ gitVersion: 'v1.9.1' });
    await expect(api(handle, 'GET', '/version', { withCert: false })).rejects.toThrow();
  });

  it('has the Linux master with its pod CIDR and kube-dns at the DNS service IP', async () => {
    const nodes = (await api(handle, 'GET', '/api/v1/nodes')).json as {
      items: { metadata: { name: string }; spec: { podCIDR: string } }[];
    };
    expect(nodes.items.map((n) => [n.metadata.name, n.spec.podCIDR])).toEqual([['kube-master', '192.168.0.0/24']]);
    const dns = (await api(handle, 'GET', '/api/v1/namespaces/kube-system/services/kube-dns')).json as { spec: { clusterIP: string } };
    expect(dns.spec.clusterIP).toBe('11.0.0.10');
  });

  it('allocates the next /24 to a node that registers, and keeps it in state on disk', async () => {
    const created = await api(handle, 'POST', '/api/v1/nodes', {
      body: { metadata: { name: 'win-a', labels: { 'beta.kubernetes.io/os': 'windows' } } },
    });
    expect(created.status).toBe(201);
    expect((created.json as { spec: { podCIDR: string } }).spec.podCIDR).toBe('192.168.1.0/24');
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'rehearsal', 'cluster.json'), 'utf8')) as {
      nodes: { metadata: { name: string } }[];
    };
    expect(onDisk.nodes.map((n) => n.metadata.name)).toContain('win-a');
  });

  it('serves downloads whose published digests match their bytes', async () => {
    const tar = `${handle.origins.kubernetesRelease}/release/v1.9.1/kubernetes-node-windows-amd64.tar.gz`;
    const bytes = Buffer.from(await (await fetch(tar)).arrayBuffer());
    expect(await (await fetch(`${tar}.sha256`)).text()).toBe(createHash('sha256').update(bytes).digest('hex'));
    const kubectl = `${handle.origins.kubernetesRelease}/release/v1.10.3/bin/windows/amd64/kubectl.exe`;
    const exe = Buffer.from(await (await fetch(kubectl)).arrayBuffer());
    expect(await (await fetch(`${kubectl}.sha512`)).text()).toBe(createHash('sha512').update(exe).digest('hex'));
    expect(exe.toString()).toContain("'1.10.3'");
    expect((await fetch(`${handle.origins.sdnArchive}/${SDN_COMMIT}.zip`)).status).toBe(200);
    expect((await fetch(`${handle.origins.sdnArchive}/master.zip`)).status).toBe(404);
  });

  it('shows the simulated machine and cluster, labelled as simulated', async () => {
    const snapshot = await handle.show();
    expect(snapshot).toMatchObject({ simulated: true, scenario: 'happy', osBuild: 16299, hostName: 'WIN-REHEARSAL1' });
    expect(snapshot.services.map((s) => s.name)).toEqual(['hns']);
    expect(snapshot.nodes.map((n) => n.name)).toContain('kube-master');
  });

  it('points the answers at the simulated cluster and the step params into the rehearsal dir', () => {
    expect(handle.answersOverrides).toMatchObject({
      cluster: { kubeconfigPath: handle.kubeconfigPath },
      network: { masterIp: '192.0.2.10' },
    });
    expect(fs.readFileSync(handle.kubeconfigPath, 'utf8')).toContain('server: https://192.0.2.10:6443');
    const mapped = handle.mapStepParams({ installDir: 'C:\\k', dockerDir: 'C:\\Program Files\\Docker', waitSeconds: 5 });
    expect(mapped).toEqual({
      installDir: path.join(dir, 'rehearsal', 'machine', 'C', 'k'),
      dockerDir: path.join(dir, 'rehearsal', 'machine', 'C', 'Program Files', 'Docker'),
      waitSeconds: 5,
    });
  });
});

describe('certificate serials', () => {
  it('are random, positive and within the 20 bytes X.509 allows', () => {
    const serials = Array.from({ length: 200 }, randomSerial);
    expect(new Set(serials).size).toBe(200);
    for (const serial of serials) {
      expect(serial).toMatch(/^0x[0-7][0-9a-f]{31}$/);
    }
  });
});

describe('scenario switches', () => {
  it('no-pod-cidr: a registering node gets no pod CIDR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-rehearsal-'));
    const handle = await startRehearsal({ stateDir: dir, scenario: 'no-pod-cidr' });
    try {
      const created = await api(handle, 'POST', '/api/v1/nodes', { body: { metadata: { name: 'win-b' } } });
      expect((created.json as { spec: { podCIDR?: string } }).spec.podCIDR).toBeUndefined();
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('corrupt-download: kubectl.exe differs from its digest; proxy-required: only the proxy reaches the origin', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-rehearsal-'));
    const corrupt = await startRehearsal({ stateDir: dir, scenario: 'corrupt-download' });
    try {
      const url = `${corrupt.origins.kubernetesRelease}/release/v1.9.1/bin/windows/amd64/kubectl.exe`;
      const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(await (await fetch(`${url}.sha512`)).text()).not.toBe(createHash('sha512').update(bytes).digest('hex'));
      // The pinned 1.9.1 join takes kubectl.exe from the node tarball, which must arrive damaged too.
      const tarball = `${corrupt.origins.kubernetesRelease}/release/v1.9.1/kubernetes-node-windows-amd64.tar.gz`;
      const tarBytes = Buffer.from(await (await fetch(tarball)).arrayBuffer());
      expect(await (await fetch(`${tarball}.sha256`)).text()).not.toBe(createHash('sha256').update(tarBytes).digest('hex'));
      const nssm = `${corrupt.origins.nssm}/nssm-2.24.zip`;
      const nssmBytes = Buffer.from(await (await fetch(nssm)).arrayBuffer());
      expect(await (await fetch(`${nssm}.sha256`)).text()).toBe(createHash('sha256').update(nssmBytes).digest('hex'));
    } finally {
      await corrupt.close();
    }
    const proxied = await startRehearsal({ stateDir: dir, scenario: 'proxy-required' });
    try {
      const url = `${proxied.origins.nssm}/nssm-2.24.zip`;
      await expect(fetch(url)).rejects.toThrow();
      // undici's own fetch: Node's global fetch bundles an older undici whose handlers undici 8's ProxyAgent refuses.
      const { ProxyAgent, fetch: undiciFetch } = await import('undici');
      const proxy = (proxied.answersOverrides.proxy as { http: string }).http;
      const viaProxy = await undiciFetch(url, { dispatcher: new ProxyAgent(proxy) });
      expect(viaProxy.status).toBe(200);
      expect((await proxied.show()).scenario).toBe('proxy-required');
    } finally {
      await proxied.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every scenario resolves to switches, and only the named faults differ from happy', () => {
    const happy = scenarioFaults('happy');
    for (const name of SCENARIO_NAMES.filter((n) => n !== 'happy')) expect(scenarioFaults(name)).not.toEqual(happy);
    expect(scenarioFaults('log-flood').kubeletLogLines).toBe(1_000_000);
  });

  it('offers proxy-blocks-registry for containerd-kubeadm only: a proxy that refuses the registries but not the downloads', () => {
    expect(scenariosFor('containerd-kubeadm')).toContain('proxy-blocks-registry');
    expect(scenariosFor('docker-sdn')).not.toContain('proxy-blocks-registry');
    expect(scenarioFaults('proxy-blocks-registry')).toMatchObject({
      requireProxy: true,
      proxyDeniedHosts: ['registry-1.docker.io', 'quay.io'],
    });
  });

  it('maps Windows paths only', () => {
    expect(toRehearsalPath('/r/machine', 'C:\\k\\config')).toBe('/r/machine/C/k/config');
    expect(mapStepParams('/r/machine', { a: ['/tmp/x', 'd:\\y'], b: true })).toEqual({ a: ['/tmp/x', '/r/machine/D/y'], b: true });
  });

  it('shows what a step printed with the Windows paths its mapped paths stand for', () => {
    const show = (text: string) => showWindowsPaths('/r/machine', text);
    expect(show('kubeconfig written to /r/machine/C/k/config')).toBe('kubeconfig written to C:\\k\\config');
    expect(show('/r/machine/C/k added to the machine PATH')).toBe('C:\\k added to the machine PATH');
    expect(
      show("wrote /r/machine/C/Program Files/containerd/config.toml (CNI /r/machine/C/opt/cni/bin, '/r/machine/C/etc/cni/net.d')"),
    ).toBe("wrote C:\\Program Files\\containerd\\config.toml (CNI C:\\opt\\cni\\bin, 'C:\\etc\\cni\\net.d')");
    expect(show('/r/machine/C')).toBe('C:\\');
    // Real paths outside the simulated machine (the state dir) stay as they are.
    expect(show('Diagnostics are available at /r/state/diagnostics and /r/machines/C/x')).toBe(
      'Diagnostics are available at /r/state/diagnostics and /r/machines/C/x',
    );
  });
});
