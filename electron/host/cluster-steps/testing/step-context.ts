/**
 * A step that runs in WinJoin's process (runsIn 'winjoin') as the plan holds
 * it, in a context that keeps what the step emits: the fixture of the cluster
 * step tests.
 */
import type { NewJournalEvent } from '../../../../shared/events.js';
import type { PlannedStep } from '../../../../shared/plan.js';
import type { StepId } from '../../../../shared/steps.js';
import type { StepContext } from '../../../join/types.js';

export interface WinJoinStepFixture {
  context: StepContext;
  /** Everything the step emitted, in order. */
  events: NewJournalEvent[];
  /** Its output lines alone. */
  lines: string[];
}

export function winjoinStepContext(
  id: StepId,
  params: Record<string, unknown>,
  options: { stateDir?: string; runId?: string; facts?: StepContext['facts'] } = {},
): WinJoinStepFixture {
  const events: NewJournalEvent[] = [];
  const lines: string[] = [];
  const step: PlannedStep = {
    id,
    titleKey: `steps.${id}.title`,
    needs: [],
    script: `winjoin:${id}`,
    runsIn: 'winjoin',
    params,
    downloads: [],
    changesMachine: true,
    timeoutMs: 60_000,
    always: false,
  };
  const context: StepContext = {
    runId: options.runId ?? 'r',
    step,
    attempt: 1,
    stateDir: options.stateDir ?? '/state',
    signal: new AbortController().signal,
    downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
    facts: options.facts ?? {},
    emit: (event: NewJournalEvent) => {
      events.push(event);
      if (event.type === 'step.output') lines.push(event.line);
    },
  };
  return { context, events, lines };
}

/** The docker-sdn "kubeconfig" step. */
export function kubeconfigStepContext(params: Record<string, unknown>, stateDir = '/state'): WinJoinStepFixture {
  return winjoinStepContext('kubeconfig', params, { stateDir });
}
