/**
 * The back end both shells serve: every call of the IPC contract implemented
 * over one join engine and the host layer. Electron's main process and the
 * preview bridge register these same handlers, so the renderer cannot tell
 * them apart; main only overrides the calls that need native dialogs.
 */
import fs from 'node:fs';
import path from 'node:path';
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
  resume(answers?: Answers): ReturnType<JoinEngine['resume']>;
  subscribe<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  close(): Promise<void>;
}

export async function createService(options: ServiceOptions): Promise<WinJoinService> {
  const { stateDir, deps } = options;
  fs.mkdirSync(stateDir, { recursive: true });

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

  const prepareAnswers = (answers: Answers): Answers => (rehearsal ? AnswersSchema.parse(deepMerge(answers, rehearsal.answersOverrides)) : answers);
  const resume = (answers?: Answers) => {
    // On a real machine the administrator restarted Windows; a rehearsal restarts its simulated one.
    if (rehearsal && engine.state()?.phase === 'restart-required') rehearsal.restartMachine();
    return engine.resume(answers ? prepareAnswers(answers) : undefined);
  };

  const handlers: Handlers = {
    async 'app:info'() {
      return {
        version: deps.version,
        shell: options.shell,
        platform: process.platform,
        stateDir,
        rehearsal: { enabled: rehearsal !== null, scenario: rehearsal?.scenario ?? null, scenarios: deps.rehearsalScenarios },
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
      const safe = path.basename(fileName).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'kubeconfig';
      const file = path.join(dir, safe);
      fs.writeFileSync(file, content, { mode: 0o600 });
      return { path: file };
    },
    async 'kubeconfig:inspect'({ path: file, context }) {
      return deps.inspectKubeconfig(file, context);
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
