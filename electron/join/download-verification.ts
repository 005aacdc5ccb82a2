/**
 * How a planned download is verified, or why it cannot be. Every download
 * must answer: a file that runs as SYSTEM is never taken on trust silently.
 */
import type { DownloadSpec } from '../../shared/plan.js';

export type DownloadVerification =
  | { kind: 'digest'; algorithm: 'sha256' | 'sha512' }
  | { kind: 'published'; algorithm: 'sha256' | 'sha512' }
  | { kind: 'archive-entries'; files: number }
  | { kind: 'none'; reason: string };

export function verificationOf(spec: DownloadSpec): DownloadVerification | null {
  if (spec.sha256) return { kind: 'digest', algorithm: 'sha256' };
  if (spec.sha512) return { kind: 'digest', algorithm: 'sha512' };
  if (spec.publishedChecksum) return { kind: 'published', algorithm: spec.publishedChecksum };
  if (spec.archiveEntries && Object.keys(spec.archiveEntries.sha256).length > 0)
    return { kind: 'archive-entries', files: Object.keys(spec.archiveEntries.sha256).length };
  if (spec.noDigestReason) return { kind: 'none', reason: spec.noDigestReason };
  return null;
}
