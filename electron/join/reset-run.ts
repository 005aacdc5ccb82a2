/**
 * Runs a reset plan (reset-plan.ts): each undo in order, one at a time,
 * through the same step runner, journal and known-problem matching as a join.
 * A failed undo is journaled with its known problems and the reset goes on,
 * except for the undos it holds back (ResetStep.heldBy). Progress is saved in
 * reset-state.json after every step; a later reset of the same join skips the
 * undos already done. When every undo is done, state.json moves aside
 * (STATE_FILES.resetJoin): the machine holds no join any more.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { NewJournalEvent } from '../../shared/events.js';
import type { DownloadSettings } from '../../shared/plan.js';
import { ResetStateSchema, type ResetOutcome, type ResetState } from '../../shared/reset.js';
import type { JoinState, StepState } from '../../shared/state.js';
import type { StepId } from '../../shared/steps.js';
import type { Journal } from './journal.js';
import type { ResetPlan } from './reset-plan.js';
import { freshStep, runStep, type StepRunOptions } from './runner.js';
import { ServiceLogRelay } from './service-log-relay.js';
import { STATE_FILES } from './state-dir.js';

export interface ResetRunOptions extends Omit<StepRunOptions, 'reveal'> {
  runId: string;
  journal: Journal;
  /** Said in the journal right after reset.started (the proxy left out, say). */
  notes?: { level: 'info' | 'warn'; key: string; params: Record<string, string> }[];
  /** How the WinJoin-side undos reach the cluster: the join's, with what could be read again of its proxy. */
  downloadSettings: DownloadSettings;
  onState?: (state: ResetState) => void;
}

const SETTLED = new Set<StepState['status']>(['done', 'skipped', 'restart-pending']);

export function loadResetState(stateDir: string): ResetState | null {
  try {
    const parsed = ResetStateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(stateDir, STATE_FILES.resetState), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    // None yet, or unreadable: the reset runs every undo again, each checks before it acts.
    return null;
  }
}

function saveResetState(stateDir: string, state: ResetState): void {
  writeFileAtomic.sync(path.join(stateDir, STATE_FILES.resetState), JSON.stringify(state, null, 2) + '\n', { fsync: true, mode: 0o600 });
}

export async function runReset(join: JoinState, plan: ResetPlan, options: ResetRunOptions, cancel: AbortSignal): Promise<ResetState> {
  const { journal, stateDir } = options;
  const previous = loadResetState(stateDir);
  const earlier = new Map((previous?.joinRunId === join.runId ? previous.steps : []).map((s) => [s.id, s]));
  const now = new Date().toISOString();
  const state: ResetState = {
    schema: 1,
    runId: options.runId,
    joinRunId: join.runId,
    recipe: plan.recipe,
    rehearsal: join.rehearsal,
    phase: 'running',
    createdAt: now,
    updatedAt: now,
    // An undo a reset of this join already finished stays finished: it is not run again.
    steps: plan.steps.map(({ step }) => {
      const before = earlier.get(step.id);
      return before && SETTLED.has(before.status) ? before : freshStep(step.id);
    }),
    neverRan: plan.neverRan,
  };
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  const save = () => {
    state.updatedAt = new Date().toISOString();
    saveResetState(stateDir, state);
    options.onState?.(structuredClone(state));
  };
  const emit = (event: NewJournalEvent) => journal.append(state.runId, event);
  const serviceLogs = new ServiceLogRelay(stateDir, () => undefined);
  const settings = options.downloadSettings;
  const stepOptions: StepRunOptions = { ...options, reveal: { step: (s) => s, downloadSettings: () => settings } };

  emit({
    type: 'reset.started',
    joinRunId: join.runId,
    recipe: plan.recipe,
    rehearsal: join.rehearsal,
    stepIds: plan.steps.map((s) => s.step.id),
    neverRan: plan.neverRan,
  });
  for (const note of options.notes ?? []) emit({ type: 'note', ...note });
  if (plan.nodeRemovalMissing)
    emit({ type: 'note', level: 'warn', key: `reset.nodeRemovalMissing.${plan.nodeRemovalMissing}`, params: {} });
  save();

  const held: StepId[] = [];
  for (const { step, heldBy } of plan.steps) {
    if (cancel.aborted) break;
    const stepState = byId.get(step.id)!;
    if (SETTLED.has(stepState.status)) continue;
    const blocker = heldBy.find((id) => byId.get(id)?.status === 'failed' || held.includes(id));
    if (blocker) {
      held.push(step.id);
      emit({ type: 'note', level: 'warn', key: 'reset.held', params: { stepId: step.id, blocker } });
      continue;
    }
    await runStep(step, stepState, { runId: state.runId, steps: join.steps }, stepOptions, cancel, emit, save, serviceLogs, settings);
  }
  await serviceLogs.stop();

  const failed = state.steps.filter((s) => s.status === 'failed').map((s) => s.id);
  const outcome: ResetOutcome = cancel.aborted
    ? 'cancelled'
    : failed.length || held.length
      ? 'incomplete'
      : state.steps.some((s) => s.status === 'restart-pending')
        ? 'restart-required'
        : 'succeeded';
  state.phase = outcome;
  emit({ type: 'reset.finished', outcome, failed, held });
  save();
  journal.sync();
  if (outcome === 'succeeded' || outcome === 'restart-required') archiveJoin(stateDir);
  return state;
}

/** The undone join's state.json, kept for the support bundle under another name: this directory no longer holds a join. */
function archiveJoin(stateDir: string): void {
  fs.renameSync(path.join(stateDir, STATE_FILES.state), path.join(stateDir, STATE_FILES.resetJoin));
}
