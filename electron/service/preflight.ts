/**
 * Runs the plan's prerequisites step on its own, outside any join, so the
 * Prerequisites page can show live checks before the user commits to
 * anything. Its events are not journaled: nothing has changed yet.
 */
import type { Plan } from '../../shared/plan.js';
import type { StepExecutor } from '../join/types.js';

export interface PreflightResult {
  checks: {
    id: string;
    status: 'pass' | 'warn' | 'fail';
    detail?: string;
    fixKey?: string;
    detailKey?: string;
    detailParams?: Record<string, string>;
  }[];
  error: string | null;
}

export async function runPreflight(plan: Plan, executor: StepExecutor, stateDir: string): Promise<PreflightResult> {
  const step = plan.steps.find((s) => s.id === 'prerequisites');
  if (!step) return { checks: [], error: null };
  const checks: PreflightResult['checks'] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), step.timeoutMs);
  try {
    const outcome = await executor({
      runId: 'preflight',
      step,
      attempt: 1,
      stateDir,
      signal: controller.signal,
      downloadSettings: plan.downloadSettings,
      facts: {},
      emit(event) {
        if (event.type === 'step.check')
          checks.push({
            id: event.checkId,
            status: event.status,
            detail: event.detail,
            fixKey: event.fixKey,
            ...(event.detailKey ? { detailKey: event.detailKey, detailParams: event.detailParams ?? {} } : {}),
          });
      },
    });
    // A failing check makes the step fail by design; only an error with no checks is a real error.
    const error = outcome.status === 'failed' && checks.length === 0 ? (outcome.error?.code ?? 'E_STEP_FAILED') : null;
    return { checks, error };
  } finally {
    clearTimeout(timer);
  }
}
