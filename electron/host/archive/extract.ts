/** Extracts a .tar.gz/.tgz or .zip by its name. */
import { WinJoinError } from '../../../shared/errors.js';
import { extractTarGz } from './tar-gz.js';
import type { ExtractOptions, ExtractResult } from './types.js';
import { extractZip } from './zip.js';

export type { ExtractOptions, ExtractResult } from './types.js';

export async function extractArchive(file: string, destDir: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return extractTarGz(file, destDir, options);
  if (lower.endsWith('.zip')) return extractZip(file, destDir, options);
  throw new WinJoinError('E_INVALID_REQUEST', `Not an archive WinJoin extracts (.tar.gz, .tgz, .zip): ${file}`, { file });
}
