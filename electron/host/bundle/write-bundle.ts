/**
 * The support bundle: one zip a user attaches to a ticket, enough to diagnose
 * a failed join without a second round-trip, and free of secrets. Large
 * inputs (the journal, service logs) are streamed line by line through the
 * redactor into scratch files, then streamed into the zip; nothing is ever
 * held whole in memory. The zip is written beside `out` and renamed into
 * place, so a reader never sees half a bundle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { matchKnownProblems } from '../../../shared/known-problems/match.js';
import { createLineRedactor, redactAnswers, redactKubeconfigYaml, redactText } from '../../../shared/redact.js';
import { STEP_IDS, type StepId } from '../../../shared/steps.js';
import type { JoinState } from '../../../shared/state.js';
import { allocate, DEFAULT_MAX_BYTES, MIN_MAX_BYTES, SUMMARY_RESERVE } from './budget.js';
import { machineFacts, systemInformation } from './facts.js';
import { stateDirPaths } from './layout.js';
import { readSources } from './read-sources.js';
import { scanJournal, type JournalScan } from './scan-journal.js';
import { renderSummary, type SummaryInput } from './summary.js';
import { copyRedactedTail, tailRange } from './tail.js';

/** How much of each service log is kept before the size cap is applied. */
export const LOG_TAIL_BYTES = 8 * 1024 * 1024;

export interface BundleOptions {
  stateDir: string;
  out: string;
  /** Cap on the zip's size in bytes (default 50 MiB). */
  maxBytes?: number;
  extra?: {
    /** WinJoin's version, for the summary. */
    appVersion?: string;
    /** Secret values known to the caller (resolved { fromFile } / { fromEnv } references). */
    secrets?: string[];
    /** Clock, for tests. */
    now?: Date;
  };
}

export interface BundleResult {
  file: string;
  bytes: number;
  entries: string[];
  truncated: { name: string; kept: number; total: number }[];
  failedStep: StepId | null;
  knownProblems: string[];
}

interface FileEntry {
  name: string;
  file: string;
  size: number;
}

function stepEntryName(id: StepId, undo = false): string {
  return `steps/${undo ? 'undo-' : ''}${String(STEP_IDS.indexOf(id) + 1).padStart(2, '0')}-${id}.log`;
}

function firstFailedStep(state: JoinState | null, scan: JournalScan): StepId | null {
  const failed = state?.steps.filter((s) => s.status === 'failed') ?? [];
  if (failed.length) return [...failed].sort((a, b) => (a.endedAt ?? '').localeCompare(b.endedAt ?? ''))[0]!.id;
  return scan.firstFailure;
}

function stepRows(state: JoinState | null, scan: JournalScan): SummaryInput['steps'] {
  if (state)
    return state.steps.map((s) => ({
      id: s.id,
      status: s.status,
      attempts: s.attempts,
      durationMs: s.durationMs,
      knownProblems: s.knownProblems,
    }));
  return [...scan.steps.entries()].map(([id, s]) => ({
    id,
    status: s.status ?? 'running',
    attempts: s.attempts,
    durationMs: s.durationMs,
    knownProblems: s.knownProblems,
  }));
}

function failureOf(stepId: StepId | null, state: JoinState | null, scan: JournalScan): SummaryInput['failure'] {
  if (!stepId) return null;
  const fromState = state?.steps.find((s) => s.id === stepId);
  const fromScan = scan.steps.get(stepId);
  const error = fromState?.error ?? fromScan?.error ?? null;
  const exitCode = fromState?.exitCode ?? fromScan?.exitCode ?? null;
  const checks = fromScan?.checks ?? [];
  const tail = fromScan?.tail ?? [];
  let knownProblems = fromState?.knownProblems.length ? fromState.knownProblems : (fromScan?.knownProblems ?? []);
  // A run recorded without matches (or by an older catalogue) is matched again here.
  if (!knownProblems.length)
    knownProblems = matchKnownProblems({ stepId, lines: tail, exitCode, errorCode: error?.code, errorMessage: error?.message, checks });
  return {
    stepId,
    attempts: fromState?.attempts ?? fromScan?.attempts ?? 1,
    exitCode,
    error: error ? { code: error.code, message: redactText(error.message) } : null,
    checks,
    tail,
    knownProblems,
    transcript: scan.transcripts.has(stepId) ? (stepId === 'diagnostics' ? 'diagnostics.log' : stepEntryName(stepId)) : null,
  };
}

function json(value: unknown, secrets: readonly string[]): Buffer {
  return Buffer.from(redactText(JSON.stringify(value, null, 2), secrets) + '\n', 'utf8');
}

export async function writeSupportBundle(options: BundleOptions): Promise<BundleResult> {
  const maxBytes = Math.max(MIN_MAX_BYTES, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const now = options.extra?.now ?? new Date();
  const generatedAt = now.toISOString();
  const paths = stateDirPaths(options.stateDir);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bundle-'));
  const partial = `${options.out}.partial`;
  try {
    const sources = readSources(options.stateDir, options.extra?.secrets ?? []);
    const { state, secrets } = sources;
    const scan = await scanJournal(paths.journal, scratch, secrets);
    const notes: string[] = [];
    if (sources.stateProblem) notes.push(`${sources.stateProblem}; the step table comes from the journal.`);
    if (!scan.journalFile) notes.push('journal.jsonl is missing.');
    if (scan.unreadableLines) notes.push(`${scan.unreadableLines} journal lines could not be read (kept as they were, redacted).`);

    // Fixed entries: small, always whole.
    const fixed: { name: string; data: Buffer }[] = [];
    fixed.push({ name: 'system.json', data: json(systemInformation(state, generatedAt), secrets) });
    if (state) {
      fixed.push({ name: 'plan.json', data: json(state.plan, secrets) });
      fixed.push({ name: 'state.json', data: json({ ...state, plan: '(see plan.json)' }, secrets) });
    }
    const answers = sources.answers === null ? null : redactAnswers(sources.answers, secrets);
    if (answers !== null) fixed.push({ name: 'answers.json', data: json(answers, secrets) });
    if (sources.lastProbe !== null) fixed.push({ name: 'cluster-probe.json', data: json(sources.lastProbe, secrets) });
    if (sources.reset.state !== null) fixed.push({ name: 'reset-state.json', data: json(sources.reset.state, secrets) });
    if (sources.reset.undoneJoin !== null) fixed.push({ name: 'state.reset.json', data: json(sources.reset.undoneJoin, secrets) });
    if (sources.kubeconfig) {
      fixed.push({
        name: 'kubeconfig.redacted.yaml',
        data: Buffer.from(redactText(redactKubeconfigYaml(sources.kubeconfig.text), secrets), 'utf8'),
      });
    }

    // Streamed entries, most useful first: the journal repeats every transcript, so it yields first.
    const failedStep = firstFailedStep(state, scan);
    const streamed: FileEntry[] = [];
    const addFile = (name: string, file: string) => streamed.push({ name, file, size: fs.statSync(file).size });
    const transcriptOrder = [...scan.transcripts.keys()].sort(
      (a, b) => Number(b === failedStep) - Number(a === failedStep) || STEP_IDS.indexOf(a) - STEP_IDS.indexOf(b),
    );
    if (failedStep && scan.transcripts.has(failedStep) && failedStep !== 'diagnostics')
      addFile(stepEntryName(failedStep), scan.transcripts.get(failedStep)!);
    if (scan.transcripts.has('diagnostics')) addFile('diagnostics.log', scan.transcripts.get('diagnostics')!);
    for (const [service, src] of Object.entries(paths.logs)) {
      const dest = path.join(scratch, `service-${service}.log`);
      const total = await copyRedactedTail(src, dest, LOG_TAIL_BYTES, createLineRedactor(secrets));
      if (total === null) continue;
      addFile(`logs/${service}.log`, dest);
      if (total > LOG_TAIL_BYTES)
        notes.push(
          `logs/${service}.log holds the last ${(LOG_TAIL_BYTES / 1048576).toFixed(0)} MiB of ${(total / 1048576).toFixed(1)} MiB.`,
        );
    }
    for (const id of transcriptOrder) if (id !== failedStep && id !== 'diagnostics') addFile(stepEntryName(id), scan.transcripts.get(id)!);
    for (const [id, file] of scan.undoTranscripts) addFile(stepEntryName(id, true), file);
    if (scan.journalFile) addFile('journal.jsonl', scan.journalFile);

    const budgets = allocate(
      maxBytes,
      fixed.map((f) => ({ name: f.name, size: f.data.length })),
      streamed.map((s) => ({ name: s.name, size: s.size })),
      'summary.md',
    );
    const truncated: BundleResult['truncated'] = [];
    const ranges = streamed.map((entry) => {
      const range = tailRange(entry.file, budgets.get(entry.name) ?? 0);
      if (range.size < range.total) truncated.push({ name: entry.name, kept: range.size, total: range.total });
      return { entry, range };
    });
    const included = ranges.filter((r) => r.range.size > 0 || r.range.total === 0);
    const entries = ['summary.md', ...fixed.map((f) => f.name), ...included.map((r) => r.entry.name)];

    const failure = failureOf(failedStep, state, scan);
    const facts = machineFacts(state);
    let summary = renderSummary({
      generatedAt,
      appVersion: options.extra?.appVersion ?? 'unknown',
      machine: facts.machine,
      osBuild: facts.osBuild,
      recipe: state?.plan.recipe ?? (answers as { recipe?: string } | null)?.recipe ?? 'docker-sdn',
      runId: state?.runId ?? null,
      phase: state?.phase ?? 'unknown',
      rehearsal: state?.rehearsal ?? false,
      answers,
      steps: stepRows(state, scan),
      failure,
      truncated,
      notes,
      contents: entries,
    });
    summary = redactText(summary, secrets);
    if (Buffer.byteLength(summary) > SUMMARY_RESERVE)
      summary =
        Buffer.from(summary)
          .subarray(0, SUMMARY_RESERVE - 64)
          .toString('utf8') + '\n\n[summary cut at the size cap]\n';

    const zip = new yazl.ZipFile();
    const mtime = now;
    zip.addBuffer(Buffer.from(summary, 'utf8'), 'summary.md', { mtime });
    for (const f of fixed) zip.addBuffer(f.data, f.name, { mtime });
    for (const { entry, range } of included) {
      zip.addReadStreamLazy(entry.name, { mtime, size: range.size }, (cb) =>
        cb(null, range.size === 0 ? Readable.from([]) : fs.createReadStream(entry.file, { start: range.start, end: range.total - 1 })),
      );
    }
    zip.end();
    await pipeline(zip.outputStream, fs.createWriteStream(partial));
    fs.renameSync(partial, options.out);
    return {
      file: options.out,
      bytes: fs.statSync(options.out).size,
      entries,
      truncated,
      failedStep,
      knownProblems: failure?.knownProblems ?? [],
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}
