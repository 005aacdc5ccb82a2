import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import { WinJoinError } from '../../../shared/errors.js';
import { tarGz, zip, type TarEntry, type ZipEntry } from '../testing/archives.js';
import { extractArchive } from './extract.js';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(name: string, bytes: Buffer): { file: string; out: string } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-archive-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return { file, out: path.join(dir, 'out') };
}

async function refused(promise: Promise<unknown>): Promise<WinJoinError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WinJoinError);
  expect((error as WinJoinError).code).toBe('E_ARCHIVE_UNSAFE');
  return error as WinJoinError;
}

const nodeTarball: TarEntry[] = [
  { name: 'kubernetes/', type: 'dir' },
  { name: 'kubernetes/node/bin/', type: 'dir' },
  { name: 'kubernetes/node/bin/kubelet.exe', body: 'kubelet' },
  { name: 'kubernetes/node/bin/kube-proxy.exe', body: 'kube-proxy' },
  { name: 'kubernetes/node/bin/kubectl.exe', body: 'kubectl' },
  { name: 'kubernetes/node/bin/kubeadm.exe', body: 'kubeadm' },
  { name: 'kubernetes/LICENSES', body: 'licenses' },
];

describe('tar.gz', () => {
  it('extracts only the entries a step asks for, stripping the leading folders, and names what is missing', async () => {
    const { file, out } = setup('kubernetes-node-windows-amd64.tar.gz', tarGz(nodeTarball));
    const result = await extractArchive(file, out, {
      include: [
        'kubernetes/node/bin/kubelet.exe',
        'kubernetes/node/bin/kube-proxy.exe',
        'kubernetes/node/bin/kubectl.exe',
        'kubernetes/node/bin/wincni.exe',
      ],
      strip: 3,
    });
    expect(result.files.sort()).toEqual(['kube-proxy.exe', 'kubectl.exe', 'kubelet.exe']);
    expect(result.missing).toEqual(['kubernetes/node/bin/wincni.exe']);
    expect(fs.readdirSync(out).sort()).toEqual(['kube-proxy.exe', 'kubectl.exe', 'kubelet.exe']);
    expect(fs.readFileSync(path.join(out, 'kubelet.exe'), 'utf8')).toBe('kubelet');
  });

  it('extracts a folder prefix from an archive made by the tar library', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-archive-'));
    fs.mkdirSync(path.join(dir, 'src', 'kubernetes', 'node', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'kubernetes', 'node', 'bin', 'kubelet.exe'), 'k');
    fs.writeFileSync(path.join(dir, 'src', 'kubernetes', 'README'), 'r');
    const file = path.join(dir, 'node.tgz');
    await tar.c({ gzip: true, file, cwd: path.join(dir, 'src') }, ['kubernetes']);
    const result = await extractArchive(file, path.join(dir, 'out'), { include: ['kubernetes/node/'] });
    expect(result.files).toEqual(['kubernetes/node/bin/kubelet.exe']);
    expect(fs.existsSync(path.join(dir, 'out', 'kubernetes', 'README'))).toBe(false);
  });

  const hostile: [string, TarEntry, string][] = [
    ['a ../ path', { name: 'kubernetes/../../evil.exe', body: 'x' }, 'kubernetes/../../evil.exe'],
    ['an absolute path', { name: '/etc/evil', body: 'x' }, '/etc/evil'],
    ['a drive path', { name: 'C:/Windows/evil.exe', body: 'x' }, 'C:/Windows/evil.exe'],
    ['a backslash ..', { name: 'kubernetes\\..\\..\\evil.exe', body: 'x' }, 'kubernetes\\..\\..\\evil.exe'],
    [
      'a symlink that leaves',
      { name: 'kubernetes/node/bin/link', type: 'symlink', linkname: '../../../../outside' },
      'kubernetes/node/bin/link',
    ],
    ['an absolute symlink', { name: 'kubernetes/etc', type: 'symlink', linkname: '/etc' }, 'kubernetes/etc'],
    ['a hard link that leaves', { name: 'kubernetes/passwd', type: 'link', linkname: '../etc/passwd' }, 'kubernetes/passwd'],
  ];
  for (const [label, entry, named] of hostile) {
    it(`refuses the whole archive for ${label}, naming the entry, and writes nothing`, async () => {
      const { file, out } = setup('node.tar.gz', tarGz([...nodeTarball, entry]));
      const error = await refused(extractArchive(file, out, { include: ['kubernetes/node/bin/kubelet.exe'] }));
      expect(error.params.entry).toBe(named);
      expect(error.message).toContain(named);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(dir)).toEqual(['node.tar.gz']);
    });
  }

  it('keeps a symlink that stays inside the target', async () => {
    const { file, out } = setup(
      'node.tar.gz',
      tarGz([...nodeTarball, { name: 'kubernetes/node/bin/kubelet', type: 'symlink', linkname: 'kubelet.exe' }]),
    );
    await extractArchive(file, out, { include: ['kubernetes/node/bin/'], strip: 3 });
    expect(fs.readlinkSync(path.join(out, 'kubelet'))).toBe('kubelet.exe');
  });

  it('reports a file that is not a tar.gz', async () => {
    const { file, out } = setup('broken.tar.gz', Buffer.from('not gzip at all'));
    const error = await refused(extractArchive(file, out));
    expect(error.message).toContain('cannot be read');
  });
});

describe('zip', () => {
  const sdn: ZipEntry[] = [
    { name: 'SDN-5b4fbfe/' },
    { name: 'SDN-5b4fbfe/Kubernetes/windows/start-kubelet.ps1', body: 'kubelet script' },
    { name: 'SDN-5b4fbfe/Kubernetes/windows/cni/wincni.exe', body: 'cni' },
    { name: 'SDN-5b4fbfe/Kubernetes/linux/start-kubelet.sh', body: 'linux' },
  ];

  it('extracts a folder of the SDN archive with its prefix stripped', async () => {
    const { file, out } = setup('sdn.zip', zip(sdn));
    const result = await extractArchive(file, out, { include: ['SDN-5b4fbfe/Kubernetes/windows/'], strip: 3 });
    expect(result.files.sort()).toEqual(['cni/wincni.exe', 'start-kubelet.ps1']);
    expect(fs.readFileSync(path.join(out, 'cni', 'wincni.exe'), 'utf8')).toBe('cni');
    expect(fs.existsSync(path.join(out, 'start-kubelet.sh'))).toBe(false);
  });

  const hostile: [string, ZipEntry][] = [
    ['a ../ path', { name: '../evil.ps1', body: 'x' }],
    ['an absolute path', { name: '/tmp/evil.ps1', body: 'x' }],
    ['a drive path', { name: 'C:\\Windows\\evil.ps1', body: 'x' }],
    ['a symlink that leaves', { name: 'SDN-5b4fbfe/Kubernetes/windows/hns.psm1', symlinkTo: '../../../../../etc/passwd' }],
  ];
  for (const [label, entry] of hostile) {
    it(`refuses the whole archive for ${label}, naming the entry`, async () => {
      const { file, out } = setup('sdn.zip', zip([...sdn, entry]));
      const error = await refused(extractArchive(file, out));
      expect(error.params.entry).toBe(entry.name);
      expect(fs.existsSync(out)).toBe(false);
    });
  }

  it('skips a symlink that stays inside instead of creating it', async () => {
    const { file, out } = setup(
      'sdn.zip',
      zip([...sdn, { name: 'SDN-5b4fbfe/Kubernetes/windows/alias.ps1', symlinkTo: 'start-kubelet.ps1' }]),
    );
    const result = await extractArchive(file, out, { include: ['SDN-5b4fbfe/Kubernetes/windows/'], strip: 3 });
    expect(result.skipped).toEqual([{ entry: 'SDN-5b4fbfe/Kubernetes/windows/alias.ps1', reason: 'symlink' }]);
    expect(fs.existsSync(path.join(out, 'alias.ps1'))).toBe(false);
  });
});
