/**
 * A small recipe and executor for engine tests: steps whose params say how
 * long to run, what to print and how to end, so the runner's scheduling,
 * cancel, retry and resume can be tested without PowerShell.
 */
import fs from 'node:fs';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepId } from '../../../shared/steps.js';
import type { Recipe, StepExecutor } from '../types.js';

export interface FakeBehaviour {
  sleepMs?: number;
  lines?: number;
  /** Fail while this file exists (so a test can "fix the cause" by deleting it). */
  failWhileFileExists?: string;
  restartOnceMarker?: string;
  /** Written when the step starts, so a test knows it is mid-step. */
  startedMarker?: string;
}

export function fakeStep(id: StepId, needs: StepId[], behaviour: FakeBehaviour = {}, always = false): PlannedStep {
  return {
    id,
    titleKey: `steps.${id}.title`,
    needs,
    script: `${id}.ps1`,
    params: { ...behaviour },
    downloads: [],
    changesMachine: false,
    timeoutMs: 30_000,
    always,
  };
}

export function fakeRecipe(steps: PlannedStep[]): Recipe {
  return () => structuredClone(steps);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export const fakeExecutor: StepExecutor = async ({ step, signal, emit }) => {
  const b = step.params as FakeBehaviour;
  if (b.startedMarker) fs.writeFileSync(b.startedMarker, step.id);
  const lines = b.lines ?? 2;
  try {
    for (let i = 0; i < lines; i++) {
      emit({ type: 'step.output', stepId: step.id, stream: 'stdout', line: `${step.id} line ${i}` });
      await sleep((b.sleepMs ?? 0) / Math.max(lines, 1), signal);
    }
  } catch {
    return { status: 'failed', exitCode: null, error: { code: 'E_CANCELLED', message: 'aborted' } };
  }
  if (b.failWhileFileExists && fs.existsSync(b.failWhileFileExists)) {
    emit({ type: 'step.output', stepId: step.id, stream: 'stderr', line: 'Unable to find Hns Network speficied by cbr0' });
    return { status: 'failed', exitCode: 1, error: { code: 'E_SCRIPT_ERROR', message: 'boom' } };
  }
  if (b.restartOnceMarker && !fs.existsSync(b.restartOnceMarker)) {
    fs.writeFileSync(b.restartOnceMarker, 'restarted');
    return { status: 'restart-pending', exitCode: 3010, changed: true };
  }
  return { status: 'done', exitCode: 0, changed: true, facts: { ranAt: step.id } };
};
