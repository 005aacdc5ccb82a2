/**
 * Fetches a step's files before its script runs: each DownloadSpec through the
 * run's proxy, offline source and extra CAs, verified against its pinned or
 * published digest, into the state directory's download cache. Progress goes
 * to the journal as step.progress, so the Join page shows a progress bar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WinJoinError } from '../../shared/errors.js';
import type { DownloadSpec } from '../../shared/plan.js';
import { verifyArchiveEntries } from '../host/download/archive-entries.js';
import { fetchPublishedDigest } from '../host/download/checksum-file.js';
import { download } from '../host/download/download.js';
import type { SystemProxyResolver } from '../host/net/proxy-route.js';
import { verificationOf } from '../join/download-verification.js';
import { needsPublishedDigest, offlineDigestRefusal } from '../join/offline-digests.js';
import { STATE_FILES } from '../join/state-dir.js';
import type { StepContext } from '../join/types.js';

export interface StepDownloadOptions {
  /** Filled by the Electron shell from the system proxy settings. */
  resolveSystemProxy?: SystemProxyResolver;
  /** First backoff delay between retries (tests shorten it). */
  retryDelayMs?: number;
}

export function createStepDownloads(options: StepDownloadOptions = {}) {
  return async function prepareDownloads(context: StepContext): Promise<Record<string, string>> {
    const { downloadSettings: settings, step, signal } = context;
    const cache = path.join(context.stateDir, STATE_FILES.downloads);
    const common = {
      proxy: settings.proxy,
      caFile: settings.extraCaFile,
      offlineSource: settings.offlineSource,
      signal,
      resolveSystemProxy: options.resolveSystemProxy,
      retryDelayMs: options.retryDelayMs,
    };
    const paths: Record<string, string> = {};
    // Refused before anything is fetched: a plan that names a file without saying how it is verified is a bug, not a choice.
    for (const spec of step.downloads) {
      // Offline, only a digest WinJoin ships counts; a plan saved by an older WinJoin may still expect one from the network.
      if (settings.offlineSource && needsPublishedDigest(spec)) throw offlineDigestRefusal(spec, null);
      if (!verificationOf(spec))
        throw new WinJoinError(
          'E_INTERNAL',
          `The plan names ${spec.fileName} without a digest or a reason why none exists; it is not downloaded.`,
        );
    }
    for (const [index, spec] of step.downloads.entries()) {
      const digest = await expectedDigest(spec, common);
      const label = spec.fileName;
      const result = await download({
        ...common,
        ...digest,
        url: spec.url,
        dest: path.join(cache, spec.fileName),
        fileName: spec.fileName,
        onProgress(progress) {
          const share = 100 / step.downloads.length;
          const within = progress.total ? progress.bytes / progress.total : 0;
          context.emit({
            type: 'step.progress',
            stepId: step.id,
            percent: Math.min(100, index * share + within * share),
            message: label,
            bytes: progress.bytes,
            totalBytes: progress.total,
            bytesPerSecond: progress.rate,
            etaSeconds: progress.etaSeconds,
          });
        },
      });
      if (spec.archiveEntries) {
        try {
          await verifyArchiveEntries(result.file, label, spec.archiveEntries);
        } catch (error) {
          fs.rmSync(result.file, { force: true });
          throw error;
        }
      }
      const checked = spec.archiveEntries
        ? ', each file checked against its pinned SHA-256'
        : spec.noDigestReason
          ? ', no digest exists to check'
          : '';
      context.emit({
        type: 'step.output',
        stepId: step.id,
        stream: 'stdout',
        line: `Downloaded ${label} (${result.bytes} bytes, ${result.algorithm} ${result.digest}${result.source === 'network' ? '' : `, from ${result.source}`}${checked})`,
      });
      paths[spec.name] = result.file;
    }
    return paths;
  };
}

async function expectedDigest(
  spec: DownloadSpec,
  common: Parameters<typeof fetchPublishedDigest>[2],
): Promise<{ sha256?: string; sha512?: string }> {
  if (spec.sha256 || spec.sha512) return { sha256: spec.sha256, sha512: spec.sha512 };
  if (!spec.publishedChecksum) return {};
  const published = await fetchPublishedDigest(spec.url, spec.publishedChecksum, { ...common, fileName: spec.fileName }, spec.checksumUrl);
  return { [published.algorithm]: published.hex };
}
