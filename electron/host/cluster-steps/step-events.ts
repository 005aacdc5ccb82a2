/** What the steps run inside WinJoin say on the journal: a check with its detail key, a line of output. */
import type { StepContext } from '../../join/types.js';

/** A check as the PowerShell steps report it; a failing or warning one points at the recipe's fix (checks.<id>.fixKubeadm). */
export function emitCheck(
  context: StepContext,
  checkId: string,
  status: 'pass' | 'warn' | 'fail',
  detailKey: string,
  params: Record<string, string>,
  detail: string,
): void {
  context.emit({
    type: 'step.check',
    stepId: context.step.id,
    checkId,
    status,
    detail,
    detailKey: `checkDetails.${checkId}.${detailKey}`,
    detailParams: params,
    ...(status === 'pass' ? {} : { fixKey: `checks.${checkId}.fixKubeadm` }),
  });
}

export function emitLine(context: StepContext, text: string): void {
  context.emit({ type: 'step.output', stepId: context.step.id, stream: 'stdout', line: text });
}
