/**
 * The stand-in kubeadm.exe's discovery against a containerd-kubeadm
 * rehearsal's cluster: it trusts cluster-info only with the right token
 * secret (JWS) and CA pin, and says what is wrong in kubeadm's words before it
 * writes anything. Also: the containerd-kubeadm downloads carry the digests
 * the recipe verifies.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINERD_VERSION } from '../../../shared/answers.js';
import { containerdDownload, crictlDownload, kubeBinaryDownloads } from '../../join/recipes/containerd-kubeadm.js';
import { caCertHash } from '../bootstrap/ca-pin.js';
import { bootstrapTokenSecret } from '../bootstrap/token.js';
import { KUBEADM_WORLD_SERVER_VERSION } from './kubeadm-world.js';
import { rehearsalLayout } from './paths.js';
import { nodeStandIn } from './standin-binaries.js';
import { startRehearsal, type RehearsalHandle } from './start-rehearsal.js';

const run = promisify(execFile);
const VERSION = KUBEADM_WORLD_SERVER_VERSION.replace(/^v/, '');
const TOKEN = { id: 'abcdef', secret: '0123456789abcdef' };

let dir: string;
let handle: RehearsalHandle;
let kubeadm: string;
let rightPin: string;

function apiPost(urlPath: string, body: unknown): Promise<number> {
  const layout = rehearsalLayout(dir);
  const server = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(layout.loopbackKubeconfig, 'utf8'))!;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: Number(server[1]),
        method: 'POST',
        path: urlPath,
        ca: fs.readFileSync(path.join(layout.pkiDir, 'ca.crt')),
        cert: fs.readFileSync(path.join(layout.pkiDir, 'admin.crt')),
        key: fs.readFileSync(path.join(layout.pkiDir, 'admin.key')),
        servername: '192.0.2.10',
        checkServerIdentity: () => undefined,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function join(token: string, pin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['join', '192.0.2.10:6443', '--token', token, '--discovery-token-ca-cert-hash', pin];
  const env = { ...process.env, WINJOIN_REHEARSAL_DIR: rehearsalLayout(dir).root };
  try {
    const { stdout, stderr } = await run(
      kubeadm,
      [...args, '--cri-socket', 'npipe:////./pipe/containerd-containerd', '--node-name', 'win-a'],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-kubeadm-standin-'));
  handle = await startRehearsal({ stateDir: dir, scenario: 'happy', recipe: 'containerd-kubeadm' });
  const layout = rehearsalLayout(dir);
  // containerd answers on its pipe, so kubeadm's CRI preflight check passes and discovery is what is tested.
  const machine = JSON.parse(fs.readFileSync(layout.machineState, 'utf8'));
  machine.services.containerd = {
    name: 'containerd',
    displayName: 'Containerd',
    status: 'Running',
    startType: 'Automatic',
    kind: 'containerd',
  };
  fs.writeFileSync(layout.machineState, JSON.stringify(machine));
  kubeadm = path.join(layout.machineRoot, 'C', 'k', 'kubeadm.exe');
  fs.mkdirSync(path.dirname(kubeadm), { recursive: true });
  fs.writeFileSync(kubeadm, nodeStandIn('kubeadm', VERSION), { mode: 0o755 });
  const expires = new Date(Date.now() + 3_600_000);
  expect(await apiPost('/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret(TOKEN, expires))).toBe(201);
  rightPin = caCertHash(fs.readFileSync(path.join(layout.pkiDir, 'ca.crt'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stand-in kubeadm discovery', () => {
  const bootstrapConf = () => path.join(rehearsalLayout(dir).machineRoot, 'C', 'etc', 'kubernetes', 'bootstrap-kubelet.conf');

  it('refuses a CA pin of another key, naming the key it found, and writes nothing', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const result = await join(`${TOKEN.id}.${TOKEN.secret}`, wrong);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${rightPin}" are pinned`,
    );
    expect(result.stdout).not.toContain('[kubelet-start]');
    expect(fs.existsSync(bootstrapConf())).toBe(false);
  });

  it('refuses a token id cluster-info carries no signature for (T22)', async () => {
    const result = await join('zzzzzz.0123456789abcdef', rightPin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('token id "zzzzzz" is invalid for this cluster or it has expired');
  });

  it('refuses a signature that does not verify with the token secret', async () => {
    const result = await join(`${TOKEN.id}.ffffffffffffffff`, rightPin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("failed to verify JWS signature of received cluster info object, can't trust this API Server");
  });

  it('reset --force empties what join wrote and says CNI is left; without --force it does nothing', async () => {
    const etc = path.join(rehearsalLayout(dir).machineRoot, 'C', 'etc', 'kubernetes');
    fs.mkdirSync(path.join(etc, 'pki'), { recursive: true });
    fs.writeFileSync(path.join(etc, 'kubelet.conf'), 'x');
    fs.writeFileSync(path.join(etc, 'pki', 'ca.crt'), 'x');
    const env = { ...process.env, WINJOIN_REHEARSAL_DIR: rehearsalLayout(dir).root };
    await expect(run(kubeadm, ['reset'], { env })).rejects.toMatchObject({ code: 1 });
    expect(fs.existsSync(path.join(etc, 'kubelet.conf'))).toBe(true);
    const { stdout } = await run(kubeadm, ['reset', '--force', '--cri-socket', 'npipe:////./pipe/containerd-containerd'], { env });
    expect(stdout).toContain('The reset process does not clean CNI configuration');
    expect(fs.existsSync(path.join(etc, 'kubelet.conf'))).toBe(false);
    expect(fs.readdirSync(path.join(etc, 'pki'))).toEqual([]);
  });

  it('reports its version as kubeadm does', async () => {
    const env = { ...process.env, WINJOIN_REHEARSAL_DIR: rehearsalLayout(dir).root };
    expect((await run(kubeadm, ['version', '-o', 'short'], { env })).stdout).toBe(`${KUBEADM_WORLD_SERVER_VERSION}\n`);
  });
});

describe('containerd-kubeadm downloads on the simulated origin', () => {
  it('serve containerd, crictl and the kube binaries with the digests the recipe verifies', async () => {
    const specs = [
      containerdDownload(handle.origins, DEFAULT_CONTAINERD_VERSION),
      crictlDownload(handle.origins, VERSION),
      ...kubeBinaryDownloads(handle.origins, VERSION),
    ];
    for (const spec of specs) {
      const response = await fetch(spec.url);
      expect(response.status, spec.url).toBe(200);
      const digest = createHash('sha256')
        .update(Buffer.from(await response.arrayBuffer()))
        .digest('hex');
      const published = await (await fetch(spec.checksumUrl ?? spec.checksumSource!)).text();
      // containerd's .sha256sum is "<hex>  <file>"; dl.k8s.io's and cri-tools' .sha256 the bare hex.
      expect(published.split(/\s+/)[0], spec.url).toBe(digest);
    }
  });
});

describe('the stand-ins talking to the simulated API server', () => {
  it('make every request through the one helper in common.mjs (kubeadm discovery, TLS bootstrap, kubectl alike)', () => {
    for (const name of ['kubeadm', 'kubelet', 'kubectl'] as const)
      expect(
        nodeStandIn(name, '1.35.1')
          .toString('utf8')
          .match(/https\.request\(/g),
        name,
      ).toHaveLength(1);
  });
});
