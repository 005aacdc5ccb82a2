/**
 * A recipe writes its steps as drafts (id, dependencies, parameters,
 * downloads, limits) and turns them into planned steps here, so both recipes
 * name titles and scripts the same way.
 */
import type { DownloadSpec, ImageSpec, PlannedStep } from '../../../shared/plan.js';
import { stepTitleKey, type StepId } from '../../../shared/steps.js';

export interface StepDraft {
  id: StepId;
  needs: StepId[];
  params: Record<string, unknown>;
  downloads?: DownloadSpec[];
  images?: ImageSpec[];
  changesMachine: boolean;
  timeoutMs: number;
  always?: boolean;
  followsLog?: string;
  /** Runs in WinJoin's process with the cluster client (see PlannedStep.runsIn). */
  runsIn?: 'winjoin';
}

/** scriptDir: the recipe's folder under electron/powershell/steps ("" for docker-sdn, whose scripts sit at the top). */
export function plannedStep(draft: StepDraft, scriptDir = ''): PlannedStep {
  return {
    id: draft.id,
    titleKey: stepTitleKey(draft.id),
    needs: draft.needs,
    script: draft.runsIn ? `winjoin:${draft.id}` : scriptDir ? `${scriptDir}/${draft.id}.ps1` : `${draft.id}.ps1`,
    ...(draft.runsIn ? { runsIn: draft.runsIn } : {}),
    params: draft.params,
    downloads: draft.downloads ?? [],
    ...(draft.images ? { images: draft.images } : {}),
    changesMachine: draft.changesMachine,
    timeoutMs: draft.timeoutMs,
    always: draft.always ?? false,
    ...(draft.followsLog ? { followsLog: draft.followsLog } : {}),
  };
}
