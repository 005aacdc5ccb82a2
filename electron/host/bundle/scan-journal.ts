/**
 * One streaming pass over journal.jsonl: writes the redacted journal and one
 * redacted transcript per step to a scratch folder, and keeps only what the
 * summary needs (per step: outcome, checks, the last lines of its last
 * attempt). Memory stays flat whatever the journal's size.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createLineRedactor } from '../../../shared/redact.js';
import { isStepId, type StepId } from '../../../shared/steps.js';

export const SUMMARY_TAIL_LINES = 40;
const MAX_SUMMARY_LINE = 500;
const FLUSH_BYTES = 64 * 1024;

export interface StepScan {
  attempts: number;
  status: string | null;
  durationMs: number | null;
  exitCode: number | null;
  error: { code: string; message: string } | null;
  knownProblems: string[];
  /** Last lines of the last attempt, redacted, for the summary. */
  tail: string[];
  checks: { id: string; status: string; detail?: string }[];
}

export interface JournalScan {
  steps: Map<StepId, StepScan>;
  firstFailure: StepId | null;
  lines: number;
  unreadableLines: number;
  journalFile: string | null;
  transcripts: Map<StepId, string>;
  /** What each undo step of a reset printed, apart from what the same step printed when it joined. */
  undoTranscripts: Map<StepId, string>;
}

class BufferedFile {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES) this.flush();
  }
  flush(): void {
    if (this.chunks.length) fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/**
 * A transcript in which a line printed again and again (a wait loop's "waiting to discover pod
 * CIDR") is written once, then "(repeated N more times)": the count is the evidence, the copies noise.
 */
class CollapsingTranscript {
  private last: string | null = null;
  private repeats = 0;
  constructor(private readonly file: BufferedFile) {}
  /** An output line: its text without the time stamp decides whether it repeats. */
  line(ts: string, marker: string, text: string): void {
    const key = `${marker} ${text}`;
    if (key === this.last) {
      this.repeats++;
      return;
    }
    this.settle();
    this.last = key;
    this.file.write(`${ts} ${key}\n`);
  }
  /** Anything else (attempt headers, checks, the outcome) ends a run of repeats. */
  write(text: string): void {
    this.settle();
    this.last = null;
    this.file.write(text);
  }
  close(): void {
    this.settle();
    this.file.close();
  }
  private settle(): void {
    if (this.repeats > 0) this.file.write(`    (the line above repeated ${this.repeats} more times)\n`);
    this.repeats = 0;
  }
}

function emptyScan(): StepScan {
  return { attempts: 0, status: null, durationMs: null, exitCode: null, error: null, knownProblems: [], tail: [], checks: [] };
}

function clip(line: string): string {
  return line.length > MAX_SUMMARY_LINE ? `${line.slice(0, MAX_SUMMARY_LINE)} [...]` : line;
}

export async function scanJournal(journal: string, scratch: string, secrets: readonly string[]): Promise<JournalScan> {
  // Journal lines are records: redacted one by one, then each step's output text again with its own PEM state.
  const recordRedactor = createLineRedactor(secrets, { multiLinePem: false });
  const outputRedactors = new Map<StepId, ReturnType<typeof createLineRedactor>>();
  const scan: JournalScan = {
    steps: new Map(),
    firstFailure: null,
    lines: 0,
    unreadableLines: 0,
    journalFile: null,
    transcripts: new Map(),
    undoTranscripts: new Map(),
  };
  if (!fs.existsSync(journal)) return scan;
  scan.journalFile = path.join(scratch, 'journal.jsonl');
  const out = new BufferedFile(fs.openSync(scan.journalFile, 'w'));
  const files = new Map<string, CollapsingTranscript>();
  // Between reset.started and reset.finished the step ids are undo steps: their lines and outcomes are the reset's.
  let undoing = false;
  const transcript = (id: StepId) => {
    const key = `${undoing ? 'undo-' : ''}${id}`;
    let file = files.get(key);
    if (!file) {
      const name = path.join(scratch, `step-${key}.log`);
      file = new CollapsingTranscript(new BufferedFile(fs.openSync(name, 'w')));
      files.set(key, file);
      (undoing ? scan.undoTranscripts : scan.transcripts).set(id, name);
    }
    return file;
  };
  const undoSteps = new Map<StepId, StepScan>();
  const step = (id: StepId) => {
    const steps = undoing ? undoSteps : scan.steps;
    let s = steps.get(id);
    if (!s) steps.set(id, (s = emptyScan()));
    return s;
  };

  const input = fs.createReadStream(journal, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      if (!raw) continue;
      scan.lines++;
      // The record is redacted as text (whatever it holds) before it is even parsed.
      const line = recordRedactor.line(raw);
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        scan.unreadableLines++;
        out.write(line + '\n');
        continue;
      }
      if (event.type === 'step.output' && isStepId(event.stepId) && typeof event.line === 'string') {
        let r = outputRedactors.get(event.stepId);
        if (!r) outputRedactors.set(event.stepId, (r = createLineRedactor(secrets)));
        const text = r.line(event.line);
        if (text !== event.line) {
          event.line = text;
          out.write(JSON.stringify(event) + '\n');
        } else out.write(line + '\n');
      } else out.write(line + '\n');
      // A fresh run's failures are the ones that matter; a resumed run continues the same story.
      if (event.type === 'run.started' && event.resumed !== true) scan.firstFailure = null;
      if (event.type === 'reset.started') undoing = true;
      if (event.type === 'reset.finished' || event.type === 'run.started') undoing = false;
      const id = event.stepId;
      if (!isStepId(id)) continue;
      const s = step(id);
      const ts = typeof event.ts === 'string' ? event.ts : '';
      switch (event.type) {
        case 'step.started':
          s.attempts = typeof event.attempt === 'number' ? event.attempt : s.attempts + 1;
          s.tail = [];
          s.checks = [];
          transcript(id).write(`=== ${ts} attempt ${s.attempts} (run ${String(event.runId ?? '')})\n`);
          break;
        case 'step.output': {
          // A service's lines are in the bundle's own copy of its log; a transcript is what the step printed.
          if (event.stream === 'service') break;
          const text = String(event.line ?? '');
          transcript(id).line(ts, event.stream === 'stderr' ? 'E' : ' ', text);
          s.tail.push(clip(text));
          if (s.tail.length > SUMMARY_TAIL_LINES) s.tail.shift();
          break;
        }
        case 'step.check': {
          const check = {
            id: String(event.checkId),
            status: String(event.status),
            detail: typeof event.detail === 'string' ? clip(event.detail) : undefined,
          };
          s.checks.push(check);
          transcript(id).write(`${ts} --- check ${check.id}: ${check.status}${check.detail ? ` (${check.detail})` : ''}\n`);
          break;
        }
        case 'step.finished': {
          s.status = String(event.status);
          s.durationMs = typeof event.durationMs === 'number' ? event.durationMs : null;
          s.exitCode = typeof event.exitCode === 'number' ? event.exitCode : null;
          const error = event.error as { code?: unknown; message?: unknown } | undefined;
          s.error = error ? { code: String(error.code), message: String(error.message) } : null;
          s.knownProblems = Array.isArray(event.knownProblems) ? event.knownProblems.map(String) : [];
          // A failed undo is the reset's failure (reset-state.json), not the join's first failure.
          if (s.status === 'failed' && scan.firstFailure === null && !undoing) scan.firstFailure = id;
          transcript(id).write(
            `=== ${ts} ${s.status}${s.exitCode !== null ? ` exit ${s.exitCode}` : ''}${s.error ? ` ${s.error.code}: ${s.error.message}` : ''}\n`,
          );
          break;
        }
      }
    }
  } finally {
    lines.close();
    input.destroy();
    out.close();
    for (const file of files.values()) file.close();
  }
  return scan;
}
