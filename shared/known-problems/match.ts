/**
 * Pure matching of a failure against the catalogue. The runner calls it with
 * the tail of a failed step's output; the bundle calls it again for runs whose
 * state predates a catalogue change. Returns codes, most specific first.
 */
import type { ErrorCode } from '../errors.js';
import type { StepId } from '../steps.js';
import { KNOWN_PROBLEMS } from './catalogue.js';
import type { KnownProblem, Matcher } from './schema.js';

export interface MatchInput {
  stepId?: StepId | null;
  lines?: readonly string[];
  exitCode?: number | null;
  errorCode?: ErrorCode | string | null;
  errorMessage?: string | null;
  checks?: readonly { id: string; status: string }[];
}

// Evidence weights: a quoted error text says most, a failed check a little
// less, an error code or exit code only that something of that kind happened.
const WEIGHT = { pattern: 100, check: 80, errorCode: 40, exitCode: 30, step: 5 } as const;
/** Long lines (base64 blobs, JSON dumps) are cut before matching so one line cannot make matching slow. */
const MAX_LINE = 4096;

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    compiled.set(source, re);
  }
  return re;
}

function matcherScore(m: Matcher, input: MatchInput, texts: readonly string[]): number | null {
  let score = 0;
  if (m.steps) {
    if (!input.stepId || !m.steps.includes(input.stepId)) return null;
    score += WEIGHT.step;
  }
  if (m.pattern !== undefined) {
    const re = regex(m.pattern);
    const needed = m.minCount ?? 1;
    let hits = 0;
    for (const text of texts) if (re.test(text) && ++hits >= needed) break;
    if (hits < needed) return null;
    score += WEIGHT.pattern;
  }
  if (m.errorCodes) {
    if (!input.errorCode || !(m.errorCodes as readonly string[]).includes(input.errorCode)) return null;
    score += WEIGHT.errorCode;
  }
  if (m.exitCodes) {
    if (input.exitCode === null || input.exitCode === undefined || !m.exitCodes.includes(input.exitCode)) return null;
    score += WEIGHT.exitCode;
  }
  if (m.check) {
    const { id } = m.check;
    const statuses: readonly string[] = m.check.statuses ?? ['fail'];
    if (!input.checks?.some((c) => c.id === id && statuses.includes(c.status))) return null;
    score += WEIGHT.check;
  }
  return score;
}

function entryScore(entry: KnownProblem, input: MatchInput, texts: readonly string[]): number | null {
  let best: number | null = null;
  for (const m of entry.matchers) {
    const s = matcherScore(m, input, texts);
    if (s !== null && (best === null || s > best)) best = s;
  }
  return best === null ? null : best + (entry.priority ?? 0);
}

export function matchKnownProblems(input: MatchInput, catalogue: readonly KnownProblem[] = KNOWN_PROBLEMS): string[] {
  // One output event can carry several lines (a PowerShell error quoting a log tail): patterns are
  // per line, so `^` anchors and minCount must see them one by one.
  const texts = [...(input.lines ?? []), ...(input.errorMessage ? [input.errorMessage] : [])]
    .flatMap((t) => t.split(/\r?\n/))
    .map((t) => (t.length > MAX_LINE ? t.slice(0, MAX_LINE) : t));
  const hits: { code: string; score: number; order: number }[] = [];
  catalogue.forEach((entry, order) => {
    const score = entryScore(entry, input, texts);
    if (score !== null) hits.push({ code: entry.code, score, order });
  });
  hits.sort((a, b) => b.score - a.score || a.order - b.order);
  return hits.map((h) => h.code);
}

/** The runner's failure record (electron/join FailureInput) in the matcher's terms. */
export function matchFailure(failure: {
  stepId: StepId;
  lines: readonly string[];
  exitCode: number | null;
  error?: { code: string; message: string } | undefined;
  checks: readonly { id: string; status: string }[];
}): string[] {
  return matchKnownProblems({
    stepId: failure.stepId,
    lines: failure.lines,
    exitCode: failure.exitCode,
    errorCode: failure.error?.code ?? null,
    errorMessage: failure.error?.message ?? null,
    checks: failure.checks,
  });
}
