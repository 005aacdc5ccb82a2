/**
 * The few lines a user pastes into a ticket (the wizard's "copy summary"
 * button, `winjoin bundle`): where the join stands, the first failure and its
 * known problem, and the bundle to attach. English, because tickets are read
 * by support staff; the bundle itself carries both languages. Pure: the
 * renderer uses it for the clipboard as well.
 */
import en from './i18n/en.json' with { type: 'json' };
import type { JoinState } from './state.js';

const titles = (en as unknown as { knownProblems?: Record<string, { title: string }> }).knownProblems ?? {};

/** winjoin-bundle-<node or host>-<UTC yyyymmdd-hhmmss>.zip: sortable, no characters a file system refuses. */
export function bundleFileName(machine: string, now: Date): string {
  const safe =
    machine
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'machine';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `winjoin-bundle-${safe}-${stamp}.zip`;
}

export function knownProblemTitle(code: string): string | undefined {
  return titles[code]?.title;
}

export function ticketSummary(state: JoinState | null, bundleName?: string): string {
  const lines: string[] = [];
  if (!state) {
    lines.push('WinJoin: no join has run in this state directory.');
  } else {
    const done = state.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
    lines.push(
      `WinJoin join ${state.phase}${state.rehearsal ? ' (rehearsal)' : ''}: ${done}/${state.steps.length} steps done, recipe ${state.plan.recipe}, run ${state.runId}.`,
    );
    const failed = state.steps.find((s) => s.status === 'failed');
    if (failed) {
      const error = failed.error ? ` ${failed.error.code}` : '';
      const exit = failed.exitCode !== null ? `, exit code ${failed.exitCode}` : '';
      lines.push(`First failure: step ${failed.id} (attempt ${failed.attempts}${exit})${error}.`);
      for (const code of failed.knownProblems.slice(0, 3))
        lines.push(`Known problem: ${code}${knownProblemTitle(code) ? ` - ${knownProblemTitle(code)}` : ''}`);
    }
    const restart = state.steps.find((s) => s.status === 'restart-pending');
    if (restart) lines.push(`Waiting for a restart after step ${restart.id}.`);
  }
  if (bundleName) lines.push(`Support bundle: ${bundleName} (attached).`);
  return lines.join('\n');
}
