import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadSettings, DownloadSpec, PlannedStep } from '../../shared/plan.js';
import type { JournalEvent } from '../../shared/events.js';
import { NSSM_2_24_ZIP } from '../host/download/pinned-digests.js';
import { zip } from '../host/rehearsal/archives.js';
import { sha256Hex, sha512Hex, startFileServer, type FileServer } from '../host/testing/file-server.js';
import { nssmDownload } from '../join/recipes/docker-sdn.js';
import { resolveOrigins } from '../join/recipes/download-origins.js';
import { createStepDownloads } from './step-downloads.js';

let server: FileServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-stepdl-'));
  dirs.push(d);
  return d;
}

const online: DownloadSettings = { proxy: null, offlineSource: null, extraCaFile: null };

async function prepare(downloads: DownloadSpec[], settings: DownloadSettings = online, stateDir = tmp()) {
  const step = { id: 'scripts', downloads } as unknown as PlannedStep;
  const events: unknown[] = [];
  const paths = await createStepDownloads({ retryDelayMs: 1 })({
    runId: 'r',
    step,
    attempt: 1,
    stateDir,
    signal: new AbortController().signal,
    downloadSettings: settings,
    facts: {},
    emit: (event) => events.push(event as JournalEvent),
  });
  return { paths, stateDir, events };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('step downloads: every file verified or explained', () => {
  it('refuses a download that carries neither a digest nor a reason why none exists, before fetching anything', async () => {
    server.files.set('/tool.zip', { body: Buffer.from('anything') });
    const spec: DownloadSpec = { name: 'tool', url: server.url('/tool.zip'), fileName: 'tool.zip', checksumSource: 'none published' };
    const refused = await failure(prepare([spec]));
    expect(refused.code).toBe('E_INTERNAL');
    expect(server.count('/tool.zip')).toBe(0);
    // With the reason said, it is taken (and the log says nothing checked it).
    const { paths, events } = await prepare([{ ...spec, noDigestReason: 'the origin publishes none' }]);
    expect(fs.readFileSync(paths.tool!, 'utf8')).toBe('anything');
    expect(JSON.stringify(events)).toContain('no digest exists to check');
  });

  it('offline: nssm is checked against the digest WinJoin pins, not against a .sha256 planted beside it in the offline folder', async () => {
    const offline = tmp();
    const planted = Buffer.from('a planted nssm zip');
    fs.writeFileSync(path.join(offline, 'nssm-2.24.zip'), planted);
    fs.writeFileSync(path.join(offline, 'nssm-2.24.zip.sha256'), `${sha256Hex(planted)}  nssm-2.24.zip\n`);
    const spec = nssmDownload(resolveOrigins(undefined));
    expect(spec.sha256).toBe(NSSM_2_24_ZIP.sha256);
    const refused = await failure(prepare([spec], { ...online, offlineSource: offline }));
    expect(refused.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(refused.message).toContain(NSSM_2_24_ZIP.sha256);
  });
});

describe('step downloads: offline, only digests WinJoin ships', () => {
  it('refuses a file whose digest is published only on the network, without asking the network or trusting the folder', async () => {
    const offline = tmp();
    const kubelet = Buffer.from('MZ kubelet from the offline folder');
    fs.writeFileSync(path.join(offline, 'kubelet.exe'), kubelet);
    fs.writeFileSync(path.join(offline, 'kubelet.exe.sha512'), sha512Hex(kubelet));
    server.files.set('/v1.23.5/kubelet.exe.sha512', { body: Buffer.from(sha512Hex(kubelet)) });
    const spec: DownloadSpec = {
      name: 'kubelet',
      url: server.url('/v1.23.5/kubelet.exe'),
      publishedChecksum: 'sha512',
      checksumSource: server.url('/v1.23.5/kubelet.exe.sha512'),
      fileName: 'kubelet-v1.23.5.exe',
    };
    const stateDir = tmp();
    const refused = (await failure(prepare([spec], { ...online, offlineSource: offline }, stateDir))) as unknown as {
      code: string;
      params: Record<string, string>;
    };
    expect(refused.code).toBe('E_INVALID_ANSWERS');
    expect(refused.params).toMatchObject({ field: 'kubernetesVersion', value: '1.23.5', file: 'kubelet-v1.23.5.exe' });
    expect(server.count('/v1.23.5/kubelet.exe.sha512')).toBe(0);
    expect(fs.readdirSync(stateDir, { recursive: true }).filter((f) => String(f).endsWith('.exe'))).toEqual([]);
    // Online, the same plan fetches the published digest and checks the file against it.
    server.files.set('/v1.23.5/kubelet.exe', { body: kubelet });
    const { paths } = await prepare([spec]);
    expect(fs.readFileSync(paths.kubelet!)).toEqual(kubelet);
  });
});

describe('step downloads: an archive pinned by its files', () => {
  const files = { 'Kubernetes/windows/start.ps1': Buffer.from('start'), 'Kubernetes/WebServer.yaml': Buffer.from('kind: Pod') };
  const spec = (): DownloadSpec => ({
    name: 'sdnArchive',
    url: server.url('/sdn.zip'),
    fileName: 'sdn.zip',
    archiveEntries: {
      sha256: Object.fromEntries(Object.entries(files).map(([name, data]) => [name, sha256Hex(data)])),
      completeUnder: ['Kubernetes/windows/'],
    },
  });
  const serve = async (entries: Record<string, Buffer>) =>
    server.files.set('/sdn.zip', { body: await zip(Object.entries(entries).map(([name, data]) => ({ name: `SDN-abc/${name}`, data }))) });

  it('takes the archive when every pinned file is there and matches (other folders may hold anything)', async () => {
    await serve({ ...files, 'Kubernetes/linux/other.sh': Buffer.from('not installed') });
    const { paths } = await prepare([spec()]);
    expect(fs.existsSync(paths.sdnArchive!)).toBe(true);
  });

  it('offline: checks the archive from the offline folder file by file, whatever digest file lies beside it', async () => {
    const offline = tmp();
    const tampered = await zip([{ name: 'SDN-abc/Kubernetes/windows/start.ps1', data: Buffer.from('evil') }]);
    fs.writeFileSync(path.join(offline, 'sdn.zip'), tampered);
    fs.writeFileSync(path.join(offline, 'sdn.zip.sha256'), sha256Hex(tampered));
    const refused = await failure(prepare([spec()], { ...online, offlineSource: offline }));
    expect(refused.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(server.count('/sdn.zip')).toBe(0);
  });

  it.each([
    ['a changed file', { ...files, 'Kubernetes/windows/start.ps1': Buffer.from('start; evil') }, 'start.ps1'],
    ['an extra file where every file is installed', { ...files, 'Kubernetes/windows/powershell.exe': Buffer.from('MZ') }, 'powershell.exe'],
    ['a pinned file in another case', { ...files, 'kubernetes/webserver.yaml': Buffer.from('kind: Evil') }, 'webserver.yaml'],
    ['a missing file', { 'Kubernetes/windows/start.ps1': files['Kubernetes/windows/start.ps1'] }, 'WebServer.yaml'],
  ])('refuses %s and removes the archive', async (_, entries, named) => {
    await serve(entries);
    const stateDir = tmp();
    const refused = await failure(prepare([spec()], online, stateDir));
    expect(refused.code).toBe('E_DOWNLOAD_CHECKSUM');
    expect(refused.message).toContain(named);
    expect(fs.readdirSync(stateDir, { recursive: true }).filter((f) => String(f).endsWith('sdn.zip'))).toEqual([]);
  });
});
