/**
 * The back end both shells serve: every call of the IPC contract implemented
 * over one join engine and the host layer. Electron's main process and the
 * preview bridge register these same handlers, so the renderer cannot tell
 * them apart; main only overrides the calls that need native dialogs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleFileName, ticketSummary } from '../../shared/ticket-summary.js';
import { writeSupportBundle } from '../host/bundle/write-bundle.js';
import { restrictStateDir } from '../host/restrict-state-dir.js';
import { probeCluster } from './cluster-probe.js';
import { AnswersSchema, exampleAnswers, type Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import type { JournalEvent } from '../../shared/events.js';
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.js';
import type { JoinState } from '../../shared/state.js';
import { toFieldErrors } from '../../shared/validation/issues.js';
import { JoinEngine } from '../join/engine.js';
import { STATE_FILES } from '../join/state-dir.js';
import type { RehearsalSession, ServiceDeps } from './deps.js';
import { maskPlan } from './mask-plan.js';
import { runPreflight } from './preflight.js';

export interface ServiceOptions {
  stateDir: string;
  shell: 'electron' | 'preview';
  /** How to start this WinJoin again after a restart (the desktop app on Windows); null where it cannot. */
  relaunch?: { exePath: string; args: string[] } | null;
  rehearsal?: { scenario: string } | null;
  deps: ServiceDeps;
}

export interface WinJoinService {
  handlers: Handlers;
  engine: JoinEngine;
  rehearsal: RehearsalSession | null;
  /** Applies the rehearsal's overrides (its kubeconfig, ...) to answers; identity on a real machine. */
  prepareAnswers(answers: Answers): Answers;
  /** Continues the join; in a rehearsal that stopped for a restart, the simulated machine restarts first. */
  resume(answers?: Answers, secrets?: readonly string[]): ReturnType<JoinEngine['resume']>;
  subscribe<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  close(): Promise<void>;
}

export async function createService(options: ServiceOptions): Promise<WinJoinService> {
  const { stateDir, deps } = options;
  fs.mkdirSync(stateDir, { recursive: true });
  // Before anything secret is written: the state holds the plan's parameters, proxy credentials included.
  await restrictStateDir(stateDir);

  let rehearsal: RehearsalSession | null = null;
  if (options.rehearsal) {
    if (!deps.startRehearsal) throw new WinJoinError('E_INTERNAL', 'rehearsal mode is not available in this build');
    rehearsal = await deps.startRehearsal({ stateDir, scenario: options.rehearsal.scenario });
  }

  const engine = new JoinEngine({
    stateDir,
    recipe: deps.recipe,
    executor: rehearsal?.executor ?? deps.executor(stateDir),
    classifyFailure: deps.classifyFailure,
    recipeContext: rehearsal?.recipeContext,
  });

  const prepareAnswers = (answers: Answers): Answers =>
    rehearsal ? AnswersSchema.parse(deepMerge(answers, rehearsal.answersOverrides)) : answers;
  // A rehearsal restarts its simulated machine once per restart request: from
  // the Join page's "restart now", or on resume when nobody restarted it yet.
  let simulatedRestartDone = false;
  const resume = (answers?: Answers, secrets?: readonly string[]) => {
    if (rehearsal && engine.state()?.phase === 'restart-required' && !simulatedRestartDone) rehearsal.restartMachine();
    simulatedRestartDone = false;
    return engine.resume(answers ? prepareAnswers(answers) : undefined, secrets);
  };

  const handlers: Handlers = {
    async 'app:info'() {
      return {
        version: deps.version,
        shell: options.shell,
        platform: process.platform,
        stateDir,
        rehearsal: {
          enabled: rehearsal !== null,
          scenario: rehearsal?.scenario ?? null,
          scenarios: deps.rehearsalScenarios,
          kubeconfigPath: (rehearsal?.answersOverrides.cluster as { kubeconfigPath?: string } | undefined)?.kubeconfigPath ?? null,
        },
      };
    },
    async 'answers:example'() {
      return exampleAnswers();
    },
    async 'answers:validate'({ answers }) {
      const result = AnswersSchema.safeParse(answers);
      return { ok: result.success, errors: result.success ? [] : toFieldErrors(result.error) };
    },
    async 'answers:save'({ answers }) {
      const file = path.join(stateDir, STATE_FILES.answers);
      const content = JSON.stringify(answers, null, 2) + '\n';
      // Answers can hold proxy credentials: readable by the owner only.
      fs.writeFileSync(file, content, { mode: 0o600 });
      return { path: file, content };
    },
    async 'plan:preview'({ answers }) {
      return maskPlan(engine.plan(prepareAnswers(answers)), answers);
    },
    async 'preflight:run'({ answers }) {
      const plan = engine.plan(prepareAnswers(answers ?? exampleAnswers()));
      return runPreflight(plan, rehearsal?.executor ?? deps.executor(stateDir), stateDir);
    },
    async 'join:start'({ answers }) {
      const { runId } = engine.start(prepareAnswers(answers), { rehearsal: rehearsal !== null, scenario: rehearsal?.scenario ?? null });
      return { runId };
    },
    async 'join:resume'() {
      return { runId: resume().runId };
    },
    async 'join:cancel'() {
      engine.cancel();
      return {};
    },
    async 'join:retry'({ stepId }) {
      engine.retry(stepId);
      return {};
    },
    async 'join:state'() {
      return engine.state();
    },
    async 'journal:read'({ afterSeq, limit }) {
      const events = await engine.readJournal(afterSeq, limit);
      return { events, lastSeq: engine.lastSeq };
    },
    async 'kubeconfig:pick'() {
      throw new WinJoinError('E_INVALID_REQUEST', 'the native file picker exists only in the desktop app; use the file input');
    },
    async 'kubeconfig:import'({ fileName, content }) {
      const dir = path.join(stateDir, STATE_FILES.uploads);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Only the base name, made safe: the browser's file name is untrusted input.
      const safe =
        path
          .basename(fileName)
          .replace(/[^A-Za-z0-9._-]/g, '_')
          .replace(/^\.+/, '') || 'kubeconfig';
      const file = path.join(dir, safe);
      fs.writeFileSync(file, content, { mode: 0o600 });
      return { path: file };
    },
    async 'kubeconfig:inspect'({ path: file, context }) {
      return deps.inspectKubeconfig(file, context);
    },
    async 'cluster:probe'({ kubeconfigPath, context, proxy }) {
      // A rehearsal's cluster is reached through its loopback listener, never the simulated address the answers name.
      const file = rehearsal?.clusterKubeconfigPath ?? kubeconfigPath;
      const settings = proxy ? { http: proxy.http, https: proxy.https, noProxy: proxy.noProxy } : null;
      return probeCluster(file, rehearsal ? undefined : context, settings);
    },
    async 'bundle:export'() {
      const dir = path.join(stateDir, 'bundles');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const out = path.join(dir, bundleFileName(os.hostname(), new Date()));
      const written = await writeSupportBundle({ stateDir, out, extra: { appVersion: deps.version } });
      return {
        path: written.file,
        bytes: written.bytes,
        knownProblems: written.knownProblems,
        ticketSummary: ticketSummary(engine.state(), path.basename(written.file)),
      };
    },
    async 'logs:openFolder'() {
      const dir = path.join(stateDir, STATE_FILES.logs);
      fs.mkdirSync(dir, { recursive: true });
      return { path: dir };
    },
    async 'system:restart'({ when }) {
      if (rehearsal) {
        if (when === 'now') {
          rehearsal.restartMachine();
          simulatedRestartDone = true;
        }
        return { scheduled: false, restarting: when === 'now', simulated: true };
      }
      if (!options.relaunch || process.platform !== 'win32' || !deps.runSystemScript) {
        throw new WinJoinError('E_INVALID_REQUEST', 'restarting the computer is possible only from the desktop app on Windows');
      }
      await deps.runSystemScript('Register-WinJoinResume.ps1', {
        ExePath: options.relaunch.exePath,
        Arguments: options.relaunch.args,
        RestartNow: when === 'now',
      });
      return { scheduled: true, restarting: when === 'now', simulated: false };
    },
  };

  return {
    handlers,
    engine,
    rehearsal,
    prepareAnswers,
    resume,
    subscribe(event, listener) {
      if (event === 'journal:events') return engine.subscribe((batch: JournalEvent[]) => listener(batch as EventPayload<typeof event>));
      return engine.subscribeState((state: JoinState) => listener(state as EventPayload<typeof event>));
    },
    async close() {
      await engine.close();
      await rehearsal?.close();
    },
  };
}

function deepMerge<T>(base: T, patch: Record<string, unknown>): T {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? deepMerge(current, value as Record<string, unknown>)
        : value;
  }
  return out as T;
}
