import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPublishedDigest } from '../download/checksum-file.js';
import { download } from '../download/download.js';
import { extractArchive } from '../archive/extract.js';
import { tarGz } from '../testing/archives.js';
import { sha256Hex, sha512Hex, startFileServer, type FileServer } from '../testing/file-server.js';
import { kubernetesArtifacts, withPublishedDigests } from './artifacts.js';
import { chooseNodeVersion, parseKubeVersion } from './version.js';

describe('artifacts for a version', () => {
  it('uses the pinned v1.9.1 node tarball with its CHANGELOG SHA-256, kubectl included', () => {
    const [tarball, ...rest] = kubernetesArtifacts('v1.9.1');
    expect(rest).toEqual([]);
    expect(tarball).toMatchObject({
      url: 'https://dl.k8s.io/release/v1.9.1/kubernetes-node-windows-amd64.tar.gz',
      sha256: '4408e6d741c6008044584c0d7235e608c596e836d51346ee773589d9b4589fdc',
      checksumSource: 'CHANGELOG-1.9.md',
      provides: ['kubelet.exe', 'kube-proxy.exe', 'kubectl.exe'],
      extract: {
        include: ['kubernetes/node/bin/kubelet.exe', 'kubernetes/node/bin/kube-proxy.exe', 'kubernetes/node/bin/kubectl.exe'],
        strip: 3,
      },
    });
  });

  it('uses the individual .exe files with their .sha512 for current versions, from a configurable base', () => {
    const artifacts = kubernetesArtifacts('1.30.2', { baseUrl: 'http://127.0.0.1:9/' });
    expect(artifacts.map((a) => a.url)).toEqual([
      'http://127.0.0.1:9/release/v1.30.2/bin/windows/amd64/kubelet.exe',
      'http://127.0.0.1:9/release/v1.30.2/bin/windows/amd64/kube-proxy.exe',
      'http://127.0.0.1:9/release/v1.30.2/bin/windows/amd64/kubectl.exe',
    ]);
    expect(artifacts.every((a) => a.publishedDigest === 'sha512' && !a.extract)).toBe(true);
  });

  it('adds kubectl separately when a newer node tarball lacks it', () => {
    const artifacts = kubernetesArtifacts('1.29.0', { layout: 'node-tarball' });
    expect(artifacts.map((a) => a.name)).toEqual(['nodeTarball', 'kubectl']);
    expect(artifacts[0]?.provides).toEqual(['kubelet.exe', 'kube-proxy.exe']);
    expect(artifacts[0]?.publishedDigest).toBe('sha256');
  });
});

describe('version skew', () => {
  it('matches the cluster by default, dropping a distribution suffix', () => {
    expect(chooseNodeVersion('v1.28.3+k3s1')).toEqual({ version: '1.28.3', problems: [] });
    expect(parseKubeVersion('v1.9.1-gke.0')).toEqual({ major: 1, minor: 9, patch: 1 });
  });

  it('refuses a node newer than the API server and one too many minors older', () => {
    expect(chooseNodeVersion('v1.27.4', '1.28.0').problems.map((p) => p.code)).toEqual(['SKEW_NODE_NEWER']);
    expect(chooseNodeVersion('v1.27.4', '1.24.0').problems.map((p) => p.code)).toEqual(['SKEW_NODE_TOO_OLD']);
    expect(chooseNodeVersion('v1.27.4', '1.25.9').problems).toEqual([]);
    // Three minors of skew are allowed from API server 1.28 on.
    expect(chooseNodeVersion('v1.30.0', '1.27.1').problems).toEqual([]);
    expect(chooseNodeVersion('v1.30.0', '1.26.1').problems[0]?.params).toMatchObject({ max: '3' });
    expect(chooseNodeVersion('v1.9.1', 'v1.9.3').problems.map((p) => [p.code, p.severity])).toEqual([['SKEW_PATCH_NEWER', 'warning']]);
    expect(chooseNodeVersion('garbage').problems[0]?.code).toBe('SKEW_BAD_VERSION');
  });
});

describe('against a loopback release origin', () => {
  let server: FileServer;
  let dir: string;
  beforeAll(async () => {
    server = await startFileServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-k8s-'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fetches the published .sha512 of each binary and downloads against it', async () => {
    for (const name of ['kubelet', 'kube-proxy', 'kubectl']) {
      const body = Buffer.from(`${name} 1.30.2`);
      server.files.set(`/release/v1.30.2/bin/windows/amd64/${name}.exe`, { body });
      server.files.set(`/release/v1.30.2/bin/windows/amd64/${name}.exe.sha512`, { body: Buffer.from(sha512Hex(body)) });
    }
    const artifacts = await withPublishedDigests(kubernetesArtifacts('1.30.2', { baseUrl: server.origin }), (url, algorithm) =>
      fetchPublishedDigest(url, algorithm),
    );
    for (const a of artifacts) {
      expect(a.sha512).toMatch(/^[0-9a-f]{128}$/);
      await download({ url: a.url, dest: path.join(dir, a.fileName), sha512: a.sha512 });
    }
    expect(fs.readFileSync(path.join(dir, 'kube-proxy.exe'), 'utf8')).toBe('kube-proxy 1.30.2');
  });

  it('downloads an old node tarball, verifies its SHA-256 and extracts the three binaries', async () => {
    const tarball = tarGz(
      ['kubelet', 'kube-proxy', 'kubectl', 'kubeadm'].map((b) => ({ name: `kubernetes/node/bin/${b}.exe`, body: `${b} 1.10.0` })),
    );
    server.files.set('/release/v1.10.0/kubernetes-node-windows-amd64.tar.gz', { body: tarball });
    server.files.set('/release/v1.10.0/kubernetes-node-windows-amd64.tar.gz.sha256', { body: Buffer.from(sha256Hex(tarball)) });
    const [artifact] = await withPublishedDigests(kubernetesArtifacts('1.10.0', { baseUrl: server.origin }), (url, algorithm) =>
      fetchPublishedDigest(url, algorithm),
    );
    const file = path.join(dir, artifact!.fileName);
    await download({ url: artifact!.url, dest: file, sha256: artifact!.sha256 });
    const result = await extractArchive(file, path.join(dir, 'k'), artifact!.extract);
    expect(result.files.sort()).toEqual(['kube-proxy.exe', 'kubectl.exe', 'kubelet.exe']);
  });
});
