/**
 * A rehearsal downloads stand-ins, not the real files, so WinJoin's pinned
 * digests cannot match them. The rehearsal hands in the stand-ins' own
 * digests; this swaps them in for the pinned ones and says so in the plan,
 * so a rehearsal still verifies every file the way a real run does and its
 * plan never passes a simulated digest off as the published one.
 */
import type { DownloadSpec, PlannedStep } from '../../shared/plan.js';
import type { StandInPins } from './types.js';

export const STAND_IN_SOURCE = 'rehearsal stand-in (SIMULATED)';

function pinned(spec: DownloadSpec, pins: StandInPins): DownloadSpec {
  const sha256 = pins.sha256[spec.name];
  if (spec.sha256 && sha256) return { ...spec, sha256, checksumSource: STAND_IN_SOURCE };
  const entries = pins.archiveEntries[spec.name];
  if (spec.archiveEntries && entries)
    return { ...spec, archiveEntries: { ...spec.archiveEntries, sha256: entries }, checksumSource: STAND_IN_SOURCE };
  return spec;
}

export function withStandInPins(steps: PlannedStep[], pins: StandInPins | undefined): PlannedStep[] {
  if (!pins) return steps;
  return steps.map((step) => ({ ...step, downloads: step.downloads.map((spec) => pinned(spec, pins)) }));
}
