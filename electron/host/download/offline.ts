/**
 * Offline source: the same files the network would give, from a folder or a
 * zip the administrator carried in. A file is found by the longest tail of
 * the URL's path that exists (release/v1.30.0/bin/windows/amd64/kubelet.exe,
 * then v1.30.0/..., down to kubelet.exe), so one folder can hold several
 * versions side by side and a flat folder still works.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { WinJoinError } from '../../../shared/errors.js';
import { displayUrl } from '../net/failure.js';

export interface OfflineFile {
  /** Where it was found, for the log: "<source>!<entry>" or a path. */
  location: string;
  size: number;
  open(): Promise<Readable>;
  close(): void;
}

export function candidateNames(url: string, fileName?: string): string[] {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const names = segments.map((_, i) => segments.slice(i).join('/'));
  if (fileName && !names.includes(fileName)) names.push(fileName);
  return names;
}

function fromFolder(folder: string, names: string[]): OfflineFile | null {
  const root = path.resolve(folder);
  for (const name of names) {
    const file = path.resolve(root, name);
    // A crafted URL path must not read outside the offline folder.
    if (!file.startsWith(root + path.sep)) continue;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile()) {
      return { location: file, size: stat.size, open: async () => fs.createReadStream(file, { highWaterMark: 1 << 20 }), close: () => {} };
    }
  }
  return null;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

async function fromZip(file: string, names: string[]): Promise<OfflineFile | null> {
  const zip = await openZip(file);
  const wanted = new Map(names.map((n, rank) => [n.toLowerCase(), rank]));
  let best: { entry: yauzl.Entry; rank: number } | null = null;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      // Entries may sit under a top folder (offline/v1.30.0/...); match on tails of the entry path.
      const parts = entry.fileName.split('/');
      for (let i = 0; i < parts.length; i++) {
        const rank = wanted.get(parts.slice(i).join('/').toLowerCase());
        if (rank !== undefined && !entry.fileName.endsWith('/') && (!best || rank < best.rank)) best = { entry, rank };
      }
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  const found = best as { entry: yauzl.Entry; rank: number } | null;
  if (!found) {
    zip.close();
    return null;
  }
  return {
    location: `${file}!${found.entry.fileName}`,
    size: found.entry.uncompressedSize,
    open: () =>
      new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(found.entry, (error, stream) => (error ? reject(error) : resolve(stream))),
      ),
    close: () => zip.close(),
  };
}

export async function findOffline(source: string, url: string, fileName?: string): Promise<OfflineFile> {
  const names = candidateNames(url, fileName);
  let found: OfflineFile | null;
  try {
    found = fs.statSync(source).isDirectory() ? fromFolder(source, names) : await fromZip(source, names);
  } catch (error) {
    throw new WinJoinError('E_DOWNLOAD_NETWORK', `The offline source ${source} cannot be read: ${(error as Error).message}`, {
      file: names.at(-1) ?? '',
      reason: (error as Error).message,
    });
  }
  if (!found) {
    const name = names.at(-1) ?? url;
    throw new WinJoinError('E_DOWNLOAD_HTTP', `The offline source ${source} has no ${name} (looked for ${displayUrl(url)}).`, {
      status: '404',
      file: name,
      url: displayUrl(url),
    });
  }
  return found;
}
