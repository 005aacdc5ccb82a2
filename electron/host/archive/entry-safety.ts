/**
 * Whether an archive entry stays inside the folder it is extracted to.
 * Checked for every entry before anything is written, so a hostile archive
 * is refused whole instead of half-extracted.
 */
import path from 'node:path';
import { WinJoinError } from '../../../shared/errors.js';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

function unsafe(archive: string, entry: string, why: string): WinJoinError {
  return new WinJoinError(
    'E_ARCHIVE_UNSAFE',
    `${path.basename(archive)} holds an unsafe entry "${entry}": ${why}. Nothing was extracted.`,
    {
      file: path.basename(archive),
      entry,
      reason: why,
    },
  );
}

/** "a\\b/./c/" -> "a/b/c"; Windows separators count, since the files land on Windows. */
export function normalizeEntryName(name: string): string {
  return path.posix
    .normalize(name.replace(/\\/g, '/'))
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}

function isAbsolute(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n);
}

function escapes(name: string): boolean {
  return name.replace(/\\/g, '/').split('/').includes('..');
}

export function checkEntry(archive: string, entry: { name: string; kind: EntryKind; linkTarget?: string }): void {
  const { name, kind, linkTarget } = entry;
  if (isAbsolute(name)) throw unsafe(archive, name, 'absolute path');
  if (escapes(name)) throw unsafe(archive, name, '".." in the path');
  if (kind === 'other') throw unsafe(archive, name, 'device, FIFO or other special file');
  if (kind === 'symlink' || kind === 'hardlink') {
    const target = linkTarget ?? '';
    if (isAbsolute(target)) throw unsafe(archive, name, `link to an absolute path (${target})`);
    // A symlink resolves from its own folder; a tar hard link names another entry from the archive root.
    const base = kind === 'symlink' ? path.posix.dirname(normalizeEntryName(name)) : '.';
    const resolved = path.posix.normalize(path.posix.join(base, target.replace(/\\/g, '/')));
    if (resolved === '..' || resolved.startsWith('../')) throw unsafe(archive, name, `link that leaves the target folder (${target})`);
  }
}

/**
 * Which entries a step wants: exact paths, or folders ending in "/" whose
 * contents all count. No list means everything.
 */
export function selects(include: readonly string[] | undefined, name: string): boolean {
  if (!include || include.length === 0) return true;
  const n = normalizeEntryName(name);
  return include.some((want) => (want.endsWith('/') ? n.startsWith(want) || `${n}/` === want : n === normalizeEntryName(want)));
}
