/**
 * The few lines a user pastes into a ticket (the wizard's "copy summary"
 * button, `winjoin bundle`): where the join stands, the first failure and its
 * known problem, and the bundle to attach. English, because tickets are read
 * by support staff; the bundle itself carries both languages. Pure: the
 * renderer uses it for the clipboard as well.
 */
import type { JournalEvent } from './events.js';
import { failureView } from './failure-view.js';
import { englishT } from './i18n/english.js';
import type { JoinState } from './state.js';

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

/** A fact a step recorded (the kubelet's node name, the prerequisites' build), first step that has it. */
function fact(state: JoinState, stepIds: readonly string[], key: string): string | null {
  for (const id of stepIds) {
    const value = state.steps.find((s) => s.id === id)?.facts[key];
    if (typeof value === 'string' || typeof value === 'number') if (String(value) !== '') return String(value);
  }
  return null;
}

/** The node this join registers: what the kubelet or the prerequisites found, else the name the answers set. */
export function joinNodeName(state: JoinState | null): string | null {
  if (!state) return null;
  const planned = state.plan.steps.map((s) => s.params.nodeName).find((v) => typeof v === 'string' && v !== '');
  return fact(state, ['kubelet', 'prerequisites'], 'nodeName') ?? (typeof planned === 'string' ? planned : null);
}

function kubernetesVersion(state: JoinState): string | null {
  const server = fact(state, ['api-check'], 'serverVersion');
  const planned = state.plan.steps.find((s) => s.id === 'binaries')?.params.kubernetesVersion;
  const node = typeof planned === 'string' && planned !== '' ? planned : fact(state, ['api-check'], 'clientVersion');
  if (server && node) return `node ${node}, API server v${server.replace(/^v/, '')}`;
  return node ? `node ${node}` : server ? `API server v${server.replace(/^v/, '')}` : null;
}

/**
 * The lines for the ticket: where the join stands; the node, Windows build and Kubernetes version;
 * the first failure as one sentence with its real values and its known problems; the bundle.
 * `events` (the journal's recent events) let the cause quote the failed attempt's evidence.
 */
export function ticketSummary(state: JoinState | null, bundleName?: string, events: readonly JournalEvent[] = []): string {
  const lines: string[] = [];
  if (!state) {
    lines.push('WinJoin: no join has run in this state directory.');
  } else {
    const done = state.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
    lines.push(
      `WinJoin join ${state.phase}${state.rehearsal ? ' (rehearsal)' : ''}: ${done}/${state.steps.length} steps done, recipe ${state.plan.recipe}, run ${state.runId}.`,
    );
    const unknown = 'unknown';
    const build = fact(state, ['prerequisites', 'diagnostics'], 'osBuild');
    lines.push(
      `Node: ${joinNodeName(state) ?? unknown}; Windows build: ${build ?? unknown}; Kubernetes: ${kubernetesVersion(state) ?? unknown}.`,
    );
    const failed = state.steps.find((s) => s.status === 'failed');
    if (failed) {
      const view = failureView(englishT, state, failed, events);
      lines.push(`Cause: ${view.headline}`);
      const error = failed.error ? ` ${failed.error.code}` : '';
      const exit = failed.exitCode !== null ? `, exit code ${failed.exitCode}` : '';
      lines.push(`First failure: step ${failed.id} (attempt ${failed.attempts}${exit})${error}.`);
      for (const kp of view.knownProblems.slice(0, 3)) lines.push(`Known problem: ${kp.code} - ${kp.title}`);
    }
    const restart = state.steps.find((s) => s.status === 'restart-pending');
    if (restart) lines.push(`Waiting for a restart after step ${restart.id}.`);
  }
  if (bundleName) lines.push(`Support bundle: ${bundleName} (attached).`);
  return lines.join('\n');
}
