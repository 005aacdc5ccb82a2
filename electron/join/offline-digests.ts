/**
 * Offline (downloads.offlineSource), a file can be vouched for only by a
 * digest WinJoin ships (electron/host/download/pinned-digests.ts): not by the
 * network, which an air-gapped site does not have and which the user chose
 * not to use, and not by a checksum file in the offline folder, whose author
 * would otherwise vouch for their own files. A download whose digest the plan
 * would fetch from beside it (publishedChecksum) has no such digest, so the
 * plan is refused, naming the answer that chose that file's version and the
 * fix: the admin's own digest in downloads.digests (answer-digests.ts, applied
 * before this check), another version, or going online. The step downloader refuses the same case again for a plan saved by an
 * older WinJoin (step-downloads.ts).
 */
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import type { DownloadSpec, PlannedStep } from '../../shared/plan.js';
import { PINNED_NODE_TARBALLS } from '../host/download/pinned-digests.js';

/** i18n keys of the refusal: another version would do (docker-sdn's pinned node files), or only going online would. */
export const OFFLINE_DIGEST_KEYS = { otherVersion: 'policy.offline.otherVersion', online: 'policy.offline.online' } as const;

/** The answer that decides which release a download fetches (and so which digest it needs). */
function versionFieldOf(spec: DownloadSpec): 'containerd.version' | 'kubernetesVersion' {
  return spec.name === 'containerdTarball' ? 'containerd.version' : 'kubernetesVersion';
}

/** True when the plan would have to fetch this file's digest from the network. */
export function needsPublishedDigest(spec: DownloadSpec): boolean {
  return Boolean(spec.publishedChecksum && !spec.sha256 && !spec.sha512);
}

/**
 * The refusal for one file, with the field, its value and the fix, in the policy.* shape the CLI translates.
 * recipe: null when only a saved plan is at hand (the step downloader); the version then comes from the file name.
 */
export function offlineDigestRefusal(spec: DownloadSpec, recipe: string | null, value?: string): WinJoinError {
  const field = versionFieldOf(spec);
  const version = value ?? /\d+\.\d+\.\d+/.exec(spec.fileName)?.[0] ?? spec.fileName;
  const pinned = Object.keys(PINNED_NODE_TARBALLS).join(', ');
  const otherVersion = recipe === 'docker-sdn' && field === 'kubernetesVersion';
  const own = `Read its digest on a connected machine and enter it in the answer file as downloads.digests.${spec.fileName} (sha256:...)`;
  const fix = otherVersion
    ? `${own}, set kubernetesVersion to a version whose files WinJoin pins (${pinned}), or clear downloads.offlineSource to download online.`
    : `${own}, or clear downloads.offlineSource to download online: WinJoin pins no digest for this file at any version.`;
  const key = otherVersion ? OFFLINE_DIGEST_KEYS.otherVersion : OFFLINE_DIGEST_KEYS.online;
  return new WinJoinError(
    'E_INVALID_ANSWERS',
    `Offline (downloads.offlineSource), WinJoin checks each file against a digest it ships, and it ships none for ${spec.fileName} (${field} ${version}): its digest is published only beside the file, on the network. ${fix}`,
    { field, value: version, file: spec.fileName, pinned, key },
  );
}

/** Refuses an offline plan that holds a file no shipped digest vouches for. */
export function assertOfflineDigests(answers: Answers, steps: PlannedStep[]): void {
  if (!answers.downloads.offlineSource) return;
  for (const step of steps) {
    const unpinned = step.downloads.find(needsPublishedDigest);
    if (!unpinned) continue;
    const value = versionFieldOf(unpinned) === 'containerd.version' ? answers.containerd.version : answers.kubernetesVersion;
    throw offlineDigestRefusal(unpinned, answers.recipe, value);
  }
}
