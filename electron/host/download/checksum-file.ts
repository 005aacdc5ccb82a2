/**
 * The digests dl.k8s.io publishes next to each file (<url>.sha256,
 * <url>.sha512: bare hex). Fetched through the same proxy, CA and retry
 * rules as the file itself, and always from that origin: never from an
 * offline source, whose author would otherwise vouch for their own files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DigestAlgorithm, ExpectedDigest } from './digest.js';
import { parseDigest } from './digest.js';
import { download, type DownloadOptions } from './download.js';
import { WinJoinError } from '../../../shared/errors.js';
import { displayUrl } from '../net/failure.js';

export type ChecksumFetchOptions = Omit<DownloadOptions, 'url' | 'dest' | 'sha256' | 'sha512' | 'onProgress'>;

const MAX_CHECKSUM_FILE = 64 * 1024;

/**
 * Fetches <url>.<algorithm> (or checksumUrl, for a project that names it
 * otherwise) and returns the digest it holds: bare hex, or sha256sum's
 * "<hex>  <file>" line.
 */
export async function fetchPublishedDigest(
  url: string,
  algorithm: DigestAlgorithm,
  options: ChecksumFetchOptions = {},
  checksumUrl = `${url}.${algorithm}`,
): Promise<ExpectedDigest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-sum-'));
  try {
    const fileName = options.fileName ? `${options.fileName}.${algorithm}` : undefined;
    const result = await download({
      ...options,
      offlineSource: null,
      url: checksumUrl,
      dest: path.join(dir, `file.${algorithm}`),
      fileName,
    });
    if (result.bytes > MAX_CHECKSUM_FILE)
      throw new WinJoinError('E_DOWNLOAD_CHECKSUM', `${displayUrl(checksumUrl)} is too large to be a checksum file.`);
    const text = fs.readFileSync(result.file, 'utf8');
    try {
      return parseDigest(text, algorithm);
    } catch {
      throw new WinJoinError('E_DOWNLOAD_CHECKSUM', `${displayUrl(checksumUrl)} does not hold a ${algorithm} digest.`, {
        file: path.basename(new URL(url).pathname),
        expected: '',
        actual: '',
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
