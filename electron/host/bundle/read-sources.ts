/**
 * Reads the small files of a state directory without ever throwing: a bundle
 * is most needed when the state is damaged, so every source is optional and
 * a broken one is reported in the summary instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JoinStateSchema, type JoinState } from '../../../shared/state.js';
import { kubeconfigSecrets, collectAnswerSecrets } from '../../../shared/redact.js';
import { MAX_SMALL_FILE, stateDirPaths } from './layout.js';

export interface Sources {
  state: JoinState | null;
  /** Why state.json could not be used, if it could not. */
  stateProblem: string | null;
  /** What the last join started with (already redacted), else the saved answer file. */
  answers: unknown;
  /** The last connection test (run-record, redacted), or null when none ran. */
  lastProbe: unknown;
  kubeconfig: { path: string; text: string } | null;
  /** The last reset's progress and, after a complete one, the join it undid (state.json moved aside); null when absent. */
  reset: { state: unknown; undoneJoin: unknown };
  secrets: string[];
}

function readSmall(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_SMALL_FILE) return null;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function kubeconfigCandidates(stateDir: string, answers: unknown): string[] {
  const a = answers as { cluster?: { kubeconfigPath?: unknown }; installDir?: unknown } | null;
  const out: string[] = [];
  if (typeof a?.cluster?.kubeconfigPath === 'string') out.push(a.cluster.kubeconfigPath);
  // The kubeconfig step copies the file to <installDir>\config, where the SDN scripts expect it.
  if (typeof a?.installDir === 'string') out.push(path.win32.join(a.installDir, 'config'));
  const uploads = stateDirPaths(stateDir).uploads;
  try {
    for (const name of fs.readdirSync(uploads)) out.push(path.join(uploads, name));
  } catch {
    // No uploads folder: the kubeconfig was picked from disk.
  }
  return out;
}

export function readSources(stateDir: string, extraSecrets: readonly string[] = []): Sources {
  const paths = stateDirPaths(stateDir);
  const stateText = readSmallOrLarge(paths.state);
  let state: JoinState | null = null;
  let stateProblem: string | null = null;
  if (stateText === null) stateProblem = 'state.json is missing';
  else {
    const parsed = JoinStateSchema.safeParse(parseJson(stateText));
    if (parsed.success) state = parsed.data;
    else stateProblem = 'state.json is unreadable or of another version';
  }

  const saved = parseJson(readSmall(paths.answers));
  // The run's own record says what the join used, even when nobody pressed Save; the saved file still
  // names the secrets to redact everywhere else.
  const answers = parseJson(readSmall(paths.runAnswers)) ?? saved;
  const lastProbe = parseJson(readSmall(paths.lastProbe));
  const secrets = new Set<string>([...extraSecrets, ...collectAnswerSecrets(saved), ...collectAnswerSecrets(answers)]);
  let kubeconfig: Sources['kubeconfig'] = null;
  for (const file of kubeconfigCandidates(stateDir, answers)) {
    const text = readSmall(file);
    if (text === null) continue;
    const found = kubeconfigSecrets(text);
    for (const s of found) secrets.add(s);
    if (!kubeconfig && found.length + (text.includes('clusters:') ? 1 : 0) > 0) kubeconfig = { path: file, text };
  }
  const reset = { state: parseJson(readSmall(paths.resetState)), undoneJoin: parseJson(readSmallOrLarge(paths.resetJoin)) };
  return { state, stateProblem, answers, lastProbe, kubeconfig, reset, secrets: [...secrets] };
}

/** state.json grows with the plan; allow it more room than other small files. */
function readSmallOrLarge(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
