/**
 * .tar.gz extraction (the Kubernetes node tarball). Two passes: list and
 * check every entry, then extract only the selected ones, so a hostile
 * archive leaves nothing behind.
 */
import fs from 'node:fs';
import * as tar from 'tar';
import { WinJoinError } from '../../../shared/errors.js';
import { checkEntry, normalizeEntryName, selects, type EntryKind } from './entry-safety.js';
import { missingFrom, stripName, type ExtractOptions, type ExtractResult } from './types.js';

function kindOf(type: string): EntryKind | null {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
    case 'GNUDumpDir':
      return 'dir';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    case 'CharacterDevice':
    case 'BlockDevice':
    case 'FIFO':
      return 'other';
    default:
      // Header-only records (pax, long names) are folded into the next entry by the parser.
      return null;
  }
}

function broken(file: string, error: unknown): WinJoinError {
  const reason = (error as Error).message;
  return new WinJoinError('E_ARCHIVE_UNSAFE', `${file} cannot be read as a .tar.gz archive: ${reason}`, { file, entry: '', reason });
}

export async function extractTarGz(file: string, destDir: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  let problem: unknown = null;
  const seen = new Set<string>();
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const kind = kindOf(entry.type);
        if (kind === null || problem) return;
        try {
          checkEntry(file, { name: entry.path, kind, linkTarget: entry.linkpath });
          seen.add(normalizeEntryName(entry.path));
        } catch (error) {
          problem = error;
        }
      },
    });
  } catch (error) {
    throw broken(file, error);
  }
  if (problem) throw problem;

  fs.mkdirSync(destDir, { recursive: true });
  const files: string[] = [];
  try {
    await tar.x({
      file,
      cwd: destDir,
      strict: true,
      strip: options.strip,
      filter: (entryPath, entry) => {
        if (!selects(options.include, entryPath)) return false;
        const out = stripName(normalizeEntryName(entryPath), options.strip);
        if ('type' in entry && kindOf(entry.type) === 'file' && out) files.push(out);
        return true;
      },
    });
  } catch (error) {
    throw broken(file, error);
  }
  return { files, missing: missingFrom(options.include, seen), skipped: [] };
}
