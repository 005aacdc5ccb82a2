/**
 * Expected digests as people and dl.k8s.io write them: bare hex (what the
 * .sha256/.sha512 files hold), "hex  filename" (sha256sum output), or with
 * an "sha512:" prefix; any case.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { WinJoinError } from '../../../shared/errors.js';

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface ExpectedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

export function parseDigest(text: string, algorithm: DigestAlgorithm): ExpectedDigest {
  const token = (text.trim().split(/\s+/)[0] ?? '').replace(/^(sha256|sha512)[:=]/i, '').toLowerCase();
  if (token.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(token)) {
    throw new WinJoinError('E_INVALID_REQUEST', `Not a ${algorithm.toUpperCase()} digest: "${text.trim().slice(0, 140)}"`, { algorithm });
  }
  return { algorithm, hex: token };
}

export function expectedFrom(options: { sha256?: string | null; sha512?: string | null }): ExpectedDigest | null {
  if (options.sha256 && options.sha512) {
    throw new WinJoinError('E_INVALID_REQUEST', 'Give either a SHA-256 or a SHA-512 digest, not both.');
  }
  if (options.sha512) return parseDigest(options.sha512, 'sha512');
  if (options.sha256) return parseDigest(options.sha256, 'sha256');
  return null;
}

export function newHash(expected: ExpectedDigest | null): Hash {
  return createHash(expected?.algorithm ?? 'sha256');
}

/** Feeds the first `length` bytes of a file into the hash (the part kept from an interrupted attempt). */
export async function hashFilePrefix(hash: Hash, file: string, length: number): Promise<void> {
  if (length <= 0) return;
  const stream = fs.createReadStream(file, { start: 0, end: length - 1, highWaterMark: 1 << 20 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
}

export async function hashFile(file: string, algorithm: DigestAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function checksumMismatch(file: string, expected: ExpectedDigest, actual: string): WinJoinError {
  const name = expected.algorithm.toUpperCase().replace('SHA', 'SHA-');
  return new WinJoinError(
    'E_DOWNLOAD_CHECKSUM',
    `${file} does not match its ${name} checksum: expected ${expected.hex}, got ${actual}. The file was discarded.`,
    { file, algorithm: expected.algorithm, expected: expected.hex, actual },
  );
}
