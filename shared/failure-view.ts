/**
 * A failed step as a support call needs it: the specific cause with the real
 * values (file, builds, node), the attempt number, and the known problems
 * worth reading (a catch-all only when nothing specific matched), each with
 * its id so two people on a call name the same item. Pure: the Join page's
 * failure card and the ticket summary both word a failure from this.
 */
import type { JournalEvent } from './events.js';
import { checkDetail, errorMessage, translateFilled, type Translate } from './i18n/messages.js';
import { knownProblemEvidence, specificKnownProblems } from './known-problems/evidence.js';
import type { JoinState, StepState } from './state.js';

export interface KnownProblemView {
  code: string;
  title: string;
  cause: string;
  fix: string;
  /** Values the texts used; the card offers one-click fixes from them (a base image tag). */
  values: Record<string, string>;
}

export interface FailureView {
  stepId: string;
  attempt: number;
  /** One line: the most specific thing known about why it failed. */
  headline: string;
  /** The error's own sentence (errors.<code> with its values), when it says more than the headline. */
  error: string | null;
  knownProblems: KnownProblemView[];
}

/** Error codes that say only "something failed"; the checks and known problems say what. */
const GENERIC_ERRORS = new Set(['E_SCRIPT_ERROR', 'E_STEP_FAILED', 'E_INTERNAL']);

/** What the step's last attempt wrote: its output lines and its failed checks. */
export function lastAttemptEvidence(
  events: readonly JournalEvent[],
  runId: string | null,
  stepId: string,
): { lines: string[]; failedChecks: Extract<JournalEvent, { type: 'step.check' }>[] } {
  let start = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e && e.type === 'step.started' && e.stepId === stepId && (runId === null || e.runId === runId)) {
      start = i;
      break;
    }
  }
  const lines: string[] = [];
  const failedChecks: Extract<JournalEvent, { type: 'step.check' }>[] = [];
  for (let i = start; i < events.length; i++) {
    const e = events[i];
    if (!e || !('stepId' in e) || e.stepId !== stepId) continue;
    if (e.type === 'step.output') lines.push(e.line);
    else if (e.type === 'step.check' && e.status === 'fail') failedChecks.push(e);
  }
  return { lines, failedChecks };
}

export function failureView(t: Translate, state: JoinState, step: StepState, events: readonly JournalEvent[]): FailureView {
  const { lines, failedChecks } = lastAttemptEvidence(events, state.runId, step.id);
  const stepParams = state.plan.steps.find((s) => s.id === step.id)?.params;
  const checkParams = failedChecks.map((c) => c.detailParams ?? {});
  const knownProblems = specificKnownProblems(step.knownProblems).map((code) => {
    const values = knownProblemEvidence(code, { lines, errorParams: step.error?.params, checkParams, stepParams });
    const text = (part: string) => translateFilled(t, [`knownProblems.${code}.${part}`, 'pages.join.unknownProblem'], { ...values, code });
    return { code, title: text('title'), cause: text('cause'), fix: text('fix'), values };
  });

  const error = step.error ? errorMessage(t, step.error) : null;
  const top = knownProblems[0];
  const summary =
    top && t(`knownProblems.${top.code}.summary`, { defaultValue: '' })
      ? translateFilled(t, `knownProblems.${top.code}.summary`, top.values)
      : '';
  const check = failedChecks[0] ? checkDetail(t, failedChecks[0]) : '';
  const genericError = !step.error || GENERIC_ERRORS.has(step.error.code);
  // Most specific first: a known problem's own one-line summary with the real values, then a failed
  // check's detail, then the error's sentence (specific when it carries values), then the problem's title.
  const headline = summary || check || (!genericError && error) || top?.title || error || t('errors.E_STEP_FAILED');
  return {
    stepId: step.id,
    attempt: step.attempts,
    headline,
    error: error && error !== headline && !genericError ? error : null,
    knownProblems,
  };
}
