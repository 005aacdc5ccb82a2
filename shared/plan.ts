/**
 * A plan: the ordered DAG of steps a join will run. Each step says exactly
 * which script it runs with which parameters, so support staff can read it
 * aloud before anything touches the machine.
 */
import { z } from 'zod';
import { STEP_IDS } from './steps.js';

export const StepIdSchema = z.enum(STEP_IDS);

export const DownloadSpecSchema = z.object({
  /** Stable name the step script receives its local path under, e.g. "nodeTarball". */
  name: z.string(),
  url: z.string(),
  /** Expected digest; a download without one is refused unless it gives noDigestReason. */
  sha256: z.string().optional(),
  sha512: z.string().optional(),
  /** The digest is published beside the file (<url>.sha512) and fetched before the file itself. */
  publishedChecksum: z.enum(['sha256', 'sha512']).optional(),
  /** Where the published digest is when it is not <url>.<algorithm> (containerd publishes <url>.sha256sum). */
  checksumUrl: z.string().optional(),
  /** Where the digest comes from, e.g. "CHANGELOG-1.9.md" or "<url>.sha512", for the plan view. */
  checksumSource: z.string().optional(),
  /**
   * For an archive with no stable digest of its own (GitHub regenerates a
   * commit's zip): the SHA-256 of each file inside it, by path below its top
   * folder. Every listed file must be there and match; under `completeUnder`
   * no other file may be.
   */
  archiveEntries: z.object({ sha256: z.record(z.string(), z.string()), completeUnder: z.array(z.string()) }).optional(),
  /** Why the file carries no digest at all; a download with neither a digest nor this reason is refused. */
  noDigestReason: z.string().optional(),
  /** File name inside the download cache. */
  fileName: z.string(),
});
export type DownloadSpec = z.infer<typeof DownloadSpecSchema>;

/**
 * A container image a step pulls: by digest where WinJoin can pin one,
 * otherwise the plan says why none exists (issue 19: every download carries
 * a digest or the reason it has none).
 */
export const ImageSpecSchema = z.object({
  /** What the image is for, e.g. "pauseBase". */
  name: z.string(),
  /** e.g. "registry.k8s.io/pause". */
  repository: z.string(),
  /** The tag pulled; absent when the node chooses it (pause-image: the tag of the host's build). */
  tag: z.string().optional(),
  /** sha256:<hex> the pull is pinned to. */
  digest: z.string().optional(),
  /** Where the digest is recorded, for the plan view and a later re-check. */
  digestSource: z.string().optional(),
  /** Why the image is pulled without a digest; an image with neither is a bug in the plan. */
  noDigestReason: z.string().optional(),
});
export type ImageSpec = z.infer<typeof ImageSpecSchema>;

/** repository:tag, or repository:<hostTag> when the node picks the tag (hostTag: how the caller's language says so). */
export function imageReference(image: Pick<ImageSpec, 'repository' | 'tag'>, hostTag: string): string {
  return `${image.repository}:${image.tag ?? `<${hostTag}>`}`;
}

export const PlannedStepSchema = z.object({
  id: StepIdSchema,
  titleKey: z.string(),
  /** Steps that must be done before this one starts. */
  needs: z.array(StepIdSchema),
  /** The step script, relative to electron/powershell/steps; "winjoin:<id>" for a step that runs in WinJoin's process. */
  script: z.string(),
  /**
   * "winjoin": the step runs inside WinJoin's process (electron/host/cluster-steps), not as
   * PowerShell on the node, because it needs the admin kubeconfig, which never reaches the node.
   */
  runsIn: z.enum(['winjoin']).optional(),
  /** Parameters passed to the script as JSON; secrets appear masked in previews. */
  params: z.record(z.string(), z.unknown()),
  /** Files fetched (and verified) by WinJoin before the script runs. */
  downloads: z.array(DownloadSpecSchema),
  /** Container images the step pulls (absent in plans saved before images were listed). */
  images: z.array(ImageSpecSchema).optional(),
  /** Whether the step changes the machine (and so has an undo in the docs). */
  changesMachine: z.boolean(),
  timeoutMs: z.number().int().positive(),
  /** Run even after an earlier failure (diagnostics). */
  always: z.boolean().default(false),
  /**
   * A log file, relative to the state directory, that the service this step
   * starts writes (kubelet.log). Its new lines join the live log, under this
   * step, from the step's start until the run ends.
   */
  followsLog: z.string().optional(),
});
export type PlannedStep = z.infer<typeof PlannedStepSchema>;

/** How every download of a run travels: the answers' proxy, an offline source, extra CA certificates. */
export const DownloadSettingsSchema = z.object({
  proxy: z.object({ http: z.string(), https: z.string(), noProxy: z.array(z.string()) }).nullable(),
  offlineSource: z.string().nullable(),
  extraCaFile: z.string().nullable(),
});
export type DownloadSettings = z.infer<typeof DownloadSettingsSchema>;

export const PlanSchema = z.object({
  recipe: z.string(),
  downloadSettings: DownloadSettingsSchema,
  /** sha256 of the canonical answers; a resumed run refuses answers that changed. */
  answersHash: z.string(),
  steps: z.array(PlannedStepSchema),
});
export type Plan = z.infer<typeof PlanSchema>;
