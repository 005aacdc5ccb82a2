/**
 * .zip extraction (the pinned Microsoft/SDN archive, nssm, Docker). Names
 * are read raw so that unsafe ones can be reported by name rather than as a
 * parser error; symlinks are never created from a zip (Windows needs a
 * privilege for them and none of our archives needs one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { WinJoinError } from '../../../shared/errors.js';
import { checkEntry, normalizeEntryName, selects, type EntryKind } from './entry-safety.js';
import { missingFrom, stripName, type ExtractOptions, type ExtractResult } from './types.js';

interface ZipItem {
  entry: yauzl.Entry;
  name: string;
  kind: EntryKind;
}

const UTF8_NAMES = 0x800;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Without the UTF-8 flag names are CP437; latin1 keeps the ASCII that the safety checks look at.
  return raw.toString(entry.generalPurposeBitFlag & UTF8_NAMES ? 'utf8' : 'latin1');
}

function kindOf(entry: yauzl.Entry, name: string): EntryKind {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  if (madeByUnix && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'symlink';
  return name.endsWith('/') || name.endsWith('\\') ? 'dir' : 'file';
}

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await readStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').slice(0, 4096);
}

async function listChecked(zip: yauzl.ZipFile, file: string): Promise<ZipItem[]> {
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  const items: ZipItem[] = [];
  for (const entry of entries) {
    const name = entryName(entry);
    const kind = kindOf(entry, name);
    checkEntry(file, { name, kind, linkTarget: kind === 'symlink' ? await readSmall(zip, entry) : undefined });
    items.push({ entry, name, kind });
  }
  return items;
}

export async function extractZip(file: string, destDir: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(file);
  } catch (error) {
    const reason = (error as Error).message;
    throw new WinJoinError('E_ARCHIVE_UNSAFE', `${file} cannot be read as a zip archive: ${reason}`, { file, entry: '', reason });
  }
  try {
    const items = await listChecked(zip, file);
    const root = path.resolve(destDir);
    fs.mkdirSync(root, { recursive: true });
    const result: ExtractResult = { files: [], missing: [], skipped: [] };
    for (const item of items) {
      if (!selects(options.include, item.name)) continue;
      const out = stripName(normalizeEntryName(item.name), options.strip);
      if (!out) continue;
      const target = path.resolve(root, out);
      if (!target.startsWith(root + path.sep)) continue;
      if (item.kind === 'dir') {
        fs.mkdirSync(target, { recursive: true });
      } else if (item.kind === 'symlink') {
        result.skipped.push({ entry: item.name, reason: 'symlink' });
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        await pipeline(await readStream(zip, item.entry), fs.createWriteStream(target));
        result.files.push(out);
      }
    }
    result.missing = missingFrom(options.include, new Set(items.map((i) => normalizeEntryName(i.name))));
    return result;
  } finally {
    zip.close();
  }
}
