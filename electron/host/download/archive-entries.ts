/**
 * Checks the files inside a downloaded zip against per-file SHA-256 digests,
 * for archives whose own bytes are not stable (GitHub regenerates a commit's
 * archive, so only its content can be pinned). Paths are taken below the
 * archive's top folder, as the step scripts read them. Matching ignores case,
 * because the step's lookups and the Windows file system do: a
 * "kubernetes/webserver.yaml" must not slip past a check made for
 * "Kubernetes/WebServer.yaml". A file listed twice is checked each time.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { WinJoinError } from '../../../shared/errors.js';

export interface ArchiveEntryDigests {
  sha256: Record<string, string>;
  /** Folders (with their trailing slash) in which every file must be listed. */
  completeUnder: string[];
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function refused(archive: string, entry: string, why: string, expected = '', actual = ''): WinJoinError {
  return new WinJoinError('E_DOWNLOAD_CHECKSUM', `${archive}: ${entry} ${why}. The archive was not used.`, {
    file: `${archive}!${entry}`,
    expected,
    actual,
  });
}

/** Resolves when every listed file is present and matches and no unlisted file sits in a complete folder; throws E_DOWNLOAD_CHECKSUM otherwise. */
export async function verifyArchiveEntries(file: string, label: string, expected: ArchiveEntryDigests): Promise<void> {
  const listed = new Map(Object.entries(expected.sha256).map(([name, hex]) => [name.toLowerCase(), { name, hex: hex.toLowerCase() }]));
  const complete = expected.completeUnder.map((folder) => folder.toLowerCase());
  const seen = new Set<string>();
  const zip = await openZip(file);
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      const name = entry.fileName.replace(/\\/g, '/');
      const slash = name.indexOf('/');
      if (slash < 0 || name.endsWith('/')) continue;
      const inner = name.slice(slash + 1);
      const key = inner.toLowerCase();
      const want = listed.get(key);
      if (!want) {
        if (complete.some((folder) => key.startsWith(folder))) throw refused(label, inner, 'is not one of the files WinJoin pinned');
        continue;
      }
      const actual = await sha256Of(await openEntry(zip, entry));
      if (actual !== want.hex) throw refused(label, inner, `does not match its pinned SHA-256`, want.hex, actual);
      seen.add(key);
    }
  } finally {
    zip.close();
  }
  const missing = [...listed.values()].filter((want) => !seen.has(want.name.toLowerCase()));
  if (missing.length > 0) throw refused(label, missing.map((m) => m.name).join(', '), 'is missing');
}
