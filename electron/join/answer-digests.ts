/**
 * downloads.digests: the admin's own digest for a file WinJoin pins none for
 * (containerd, crictl, the kube binaries of containerd-kubeadm, a docker-sdn
 * node tarball past the pinned releases, the Docker zip that has none). Read on a connected machine from the
 * published checksum, it is what lets an air-gapped site use such a file:
 * offline, a digest in the offline folder would let the folder's author vouch
 * for their own files (offline-digests.ts). The answers are the admin's input,
 * kept in the protected state directory, as trusted as the version they pin.
 * Online, the admin's digest replaces the published one, so nothing is fetched
 * to vouch for the file. A digest for a file WinJoin already pins, or for a file
 * the plan does not download, is refused: the first would override WinJoin's
 * pin, the second is a typo that would leave the real file unpinned.
 */
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import type { DownloadSpec, PlannedStep } from '../../shared/plan.js';

export const ANSWER_DIGEST_SOURCE = 'downloads.digests in the answers';

/** i18n keys of the refusals (policy.* shape the CLI and the Review page translate). */
export const ANSWER_DIGEST_KEYS = { unknownFile: 'policy.answerDigest.unknownFile', pinned: 'policy.answerDigest.pinned' } as const;

/** True when WinJoin vouches for the file itself (a pinned digest, or pinned digests of the files inside). */
function pinnedByWinJoin(spec: DownloadSpec): boolean {
  return Boolean(spec.sha256 || spec.sha512 || (spec.archiveEntries && Object.keys(spec.archiveEntries.sha256).length > 0));
}

function pinnedBy(spec: DownloadSpec, digest: string): DownloadSpec {
  const [algorithm, hex] = digest.split(':') as ['sha256' | 'sha512', string];
  const { publishedChecksum: _published, checksumUrl: _url, noDigestReason: _none, ...rest } = spec;
  return { ...rest, [algorithm]: hex.toLowerCase(), checksumSource: ANSWER_DIGEST_SOURCE };
}

/** The steps with the admin's digests in place of published ones; refuses a digest that names no such file or a pinned one. */
export function withAnswerDigests(answers: Answers, steps: PlannedStep[]): PlannedStep[] {
  const digests = answers.downloads.digests;
  const names = Object.keys(digests);
  if (names.length === 0) return steps;
  const specs = steps.flatMap((step) => step.downloads);
  for (const name of names) {
    const field = `downloads.digests.${name}`;
    const spec = specs.find((s) => s.fileName === name);
    if (!spec) {
      const files = specs.filter((s) => !pinnedByWinJoin(s)).map((s) => s.fileName);
      throw new WinJoinError(
        'E_INVALID_ANSWERS',
        `${field}: this plan downloads no file named ${name}. Use a file name that winjoin plan prints${files.length ? ` (${files.join(', ')})` : ''}, or remove the entry.`,
        { field, value: name, files: files.join(', ') || '-', key: ANSWER_DIGEST_KEYS.unknownFile },
      );
    }
    if (pinnedByWinJoin(spec))
      throw new WinJoinError(
        'E_INVALID_ANSWERS',
        `${field}: WinJoin already pins the digest of ${name} (${spec.checksumSource ?? 'its manifest'}). Remove the entry.`,
        { field, value: name, source: spec.checksumSource ?? '-', key: ANSWER_DIGEST_KEYS.pinned },
      );
  }
  const own = (spec: DownloadSpec): DownloadSpec => {
    const digest = digests[spec.fileName];
    return digest ? pinnedBy(spec, digest) : spec;
  };
  return steps.map((step) => ({ ...step, downloads: step.downloads.map(own) }));
}
