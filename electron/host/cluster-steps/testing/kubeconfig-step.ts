/** The docker-sdn "kubeconfig" step as the plan holds it (run in WinJoin's process), in a context that keeps its output lines. */
import type { NewJournalEvent } from '../../../../shared/events.js';
import type { PlannedStep } from '../../../../shared/plan.js';
import type { StepContext } from '../../../join/types.js';

export function kubeconfigStepContext(params: Record<string, unknown>, stateDir = '/state'): { context: StepContext; lines: string[] } {
  const lines: string[] = [];
  const step: PlannedStep = {
    id: 'kubeconfig',
    titleKey: 'steps.kubeconfig.title',
    needs: [],
    script: 'winjoin:kubeconfig',
    runsIn: 'winjoin',
    params,
    downloads: [],
    changesMachine: true,
    timeoutMs: 60_000,
    always: false,
  };
  const context: StepContext = {
    runId: 'r',
    step,
    attempt: 1,
    stateDir,
    signal: new AbortController().signal,
    downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
    facts: {},
    emit: (event: NewJournalEvent) => {
      if (event.type === 'step.output') lines.push(event.line);
    },
  };
  return { context, lines };
}
