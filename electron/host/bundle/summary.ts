/**
 * summary.md: the page support staff read first. Everything in it is already
 * redacted by the caller; this module only lays it out. Known problems are
 * given in English and Japanese, because the ticket's reader and the user at
 * the machine may not share a language.
 */
import en from '../../../shared/i18n/en.json' with { type: 'json' };
import ja from '../../../shared/i18n/ja.json' with { type: 'json' };
import { findKnownProblem } from '../../../shared/known-problems/catalogue.js';

type Texts = Record<string, { title: string; cause: string; fix: string }>;
const texts = {
  en: (en as unknown as { knownProblems: Texts }).knownProblems,
  ja: (ja as unknown as { knownProblems: Texts }).knownProblems,
};

export interface SummaryInput {
  generatedAt: string;
  appVersion: string;
  machine: string;
  osBuild: string;
  recipe: string;
  runId: string | null;
  phase: string;
  rehearsal: boolean;
  answers: unknown;
  steps: { id: string; status: string; attempts: number; durationMs: number | null; knownProblems: string[] }[];
  failure: {
    stepId: string;
    attempts: number;
    exitCode: number | null;
    error: { code: string; message: string } | null;
    checks: { id: string; status: string; detail?: string }[];
    tail: string[];
    knownProblems: string[];
    transcript: string | null;
  } | null;
  truncated: { name: string; kept: number; total: number }[];
  notes: string[];
  contents: string[];
}

function fence(lines: string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${lines.join('\n')}\n${f}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function problemSection(code: string): string[] {
  const entry = findKnownProblem(code);
  const e = texts.en[code];
  const j = texts.ja[code];
  if (!e) return [`### ${code}`, '', 'Not in this version of the catalogue.', ''];
  return [
    `### ${code}: ${e.title}`,
    '',
    `- Source: ${entry?.source ?? 'unknown'}`,
    `- Cause: ${e.cause}`,
    `- Fix: ${e.fix}`,
    ...(j ? ['', `**${j.title}**`, '', `- 原因: ${j.cause}`, `- 対処: ${j.fix}`] : []),
    '',
  ];
}

export function renderSummary(s: SummaryInput): string {
  const out: string[] = [
    '# WinJoin support bundle',
    '',
    `| | |`,
    `|---|---|`,
    `| Generated | ${s.generatedAt} |`,
    `| Machine | ${cell(s.machine)} |`,
    `| OS build | ${cell(s.osBuild)} |`,
    `| WinJoin version | ${cell(s.appVersion)} |`,
    `| Recipe | ${cell(s.recipe)} |`,
    `| Run | ${cell(s.runId ?? 'none')} (${s.phase}${s.rehearsal ? ', rehearsal' : ''}) |`,
    '',
  ];

  if (s.failure) {
    const f = s.failure;
    out.push(`## First failure: ${f.stepId}`, '');
    out.push(`- Attempts: ${f.attempts}`);
    if (f.exitCode !== null) out.push(`- Exit code: ${f.exitCode}`);
    if (f.error) out.push(`- Error: ${f.error.code}: ${cell(f.error.message)}`);
    for (const c of f.checks.filter((c) => c.status !== 'pass'))
      out.push(`- Check ${c.id}: ${c.status}${c.detail ? ` (${cell(c.detail)})` : ''}`);
    if (f.transcript) out.push(`- Full transcript: ${f.transcript}`);
    out.push('');
    out.push(f.knownProblems.length ? '### Known problems matched (most specific first)' : '### No known problem matched', '');
    for (const code of f.knownProblems) out.push(...problemSection(code));
    out.push(`### Last ${f.tail.length} lines of ${f.stepId}`, '', f.tail.length ? fence(f.tail) : '(no output)', '');
  } else {
    out.push('## No step failed', '');
  }

  out.push('## Steps', '', '| Step | Outcome | Attempts | Duration | Known problems |', '|---|---|---|---|---|');
  for (const step of s.steps) {
    out.push(`| ${step.id} | ${step.status} | ${step.attempts} | ${duration(step.durationMs)} | ${step.knownProblems.join(', ')} |`);
  }
  out.push('');

  out.push(
    '## Answers (redacted)',
    '',
    s.answers === null || s.answers === undefined
      ? '(no answers.json in the state directory)'
      : fence(JSON.stringify(s.answers, null, 2).split('\n')),
    '',
  );

  if (s.truncated.length || s.notes.length) {
    out.push('## Left out', '');
    for (const t of s.truncated) {
      out.push(
        t.kept === 0
          ? `- ${t.name}: left out (${mib(t.total)}) to stay under the size cap.`
          : `- ${t.name}: truncated to its last ${mib(t.kept)} of ${mib(t.total)} to stay under the size cap.`,
      );
    }
    for (const n of s.notes) out.push(`- ${n}`);
    out.push('');
  }

  out.push(
    '## Contents',
    '',
    ...s.contents.map((c) => `- ${c}`),
    '',
    'Secrets (kubeconfig credentials, tokens, proxy passwords, answer-file secrets) were replaced by *** before writing.',
    '',
  );
  return out.join('\n');
}
