/**
 * The join engine: plain Node, no electron import. It owns one state
 * directory: plans answers, starts, resumes, retries and cancels runs, and
 * feeds journal batches and state changes to whoever listens (the Electron
 * shell, the preview bridge, the CLI).
 */
import { randomUUID } from 'node:crypto';
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import type { JournalEvent } from '../../shared/events.js';
import type { DownloadSettings, Plan } from '../../shared/plan.js';
import type { SecretField } from '../../shared/secret-refs.js';
import type { ResetState } from '../../shared/reset.js';
import type { JoinState, RunPhase, SecretSource } from '../../shared/state.js';
import type { StepId } from '../../shared/steps.js';
import { Journal } from './journal.js';
import { collectAnswerSecrets } from '../../shared/redact.js';
import { acquireJoinLock, type JoinLock } from './lock.js';
import { buildPlan, downloadSettingsOf, hashAnswers } from './planner.js';
import { planReset } from './reset-plan.js';
import { readableSecrets, revealedOrDirect } from './reset-secrets.js';
import { runReset } from './reset-run.js';
import { planSecrets, resolvedSecrets } from './run-secrets.js';
import { freshStep, runPlan, type FailureInput } from './runner.js';
import { markedFields, revealer, sealPlan, type SecretValues } from './sealed-plan.js';
import { resolveSealedSecrets, secretsToSeal, type SecretOrigins } from './secret-sources.js';
import { StateStore } from './state-store.js';
import type { Recipe, RecipeContext, StepExecutor } from './types.js';

export interface EngineOptions {
  stateDir: string;
  recipe: Recipe;
  executor: StepExecutor;
  concurrency?: number;
  classifyFailure?: (input: FailureInput) => string[];
  /** Extra recipe context, such as loopback download origins in a rehearsal. */
  recipeContext?: Omit<RecipeContext, 'stateDir'>;
}

export interface RunOptions {
  rehearsal?: boolean;
  scenario?: string | null;
  /** Values resolved from { fromFile } / { fromEnv } references: masked in the journal like the answers' own secrets. */
  secrets?: readonly string[];
  /** Where each secret field came from in the answer file (reference or inline); a field not named was typed in the wizard. */
  secretOrigins?: SecretOrigins;
  /** What the service's gate settled before this run (electron/service/join-gate.ts). */
  gated?: GatedJoin;
}

/**
 * The outcome of a passed join gate: planning facts (the server's version,
 * the settled CA pin and endpoint) and, when WinJoin created the bootstrap
 * token, its value, held in memory only; state.json gets its marker and the
 * source that says how to create another.
 */
export interface GatedJoin {
  context: Pick<RecipeContext, 'cluster' | 'join'>;
  createdToken: { value: string; source: SecretSource } | null;
  /** Values the journal masks (the token and its secret part). */
  secrets: readonly string[];
  /** What the gate found, for the join's log: the token it created or verified, the CA pin, fixes applied. */
  notes?: readonly GateNote[];
}

export interface GateNote {
  level: 'info' | 'warn';
  key: string;
  params: Record<string, string>;
}

export interface RunHandle {
  runId: string;
  done: Promise<RunPhase>;
}

export interface ResetOptions {
  /** The answers given to the reset: their kubeconfig and proxy replace the saved ones; their secrets are masked. */
  answers?: Answers;
  /** Values resolved from the answers' { fromFile } / { fromEnv } references: masked like the join's. */
  secrets?: readonly string[];
}

export interface ResetHandle {
  runId: string;
  done: Promise<ResetState>;
}

type StateListener = (state: JoinState) => void;

export class JoinEngine {
  private readonly journal: Journal;
  private readonly store: StateStore;
  private readonly stateListeners = new Set<StateListener>();
  private active: { controller: AbortController; done: Promise<unknown>; lock: JoinLock } | null = null;
  private current: JoinState | null;
  /** The current run's secret values, in memory only: a resume in this process needs no source read again. */
  private revealed: { runId: string; values: SecretValues } | null = null;

  constructor(private readonly options: EngineOptions) {
    this.journal = Journal.open(options.stateDir);
    this.store = new StateStore(options.stateDir);
    this.current = this.store.load();
  }

  /** The plan of these answers; extra is what was learned from the cluster first (its version, the gate's settled join values). */
  plan(answers: Answers, extra: Pick<RecipeContext, 'cluster' | 'join'> = {}): Plan {
    const base = this.options.recipeContext;
    return buildPlan(answers, this.options.recipe, {
      ...base,
      ...extra,
      cluster: { ...base?.cluster, ...extra.cluster },
      stateDir: this.options.stateDir,
    });
  }

  state(): JoinState | null {
    return this.current ? structuredClone(this.current) : null;
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** A join left unfinished by a crash, a cancel, a failure or a restart. */
  get resumable(): boolean {
    return this.current !== null && this.current.phase !== 'succeeded' && !this.active;
  }

  start(answers: Answers, run: RunOptions = {}): RunHandle {
    const lock = this.lockForRun();
    // state.json, state snapshots and `winjoin state` get the plan with markers; only the executor sees the values.
    const sealing = secretsToSeal(answers, run.secretOrigins);
    const created = run.gated?.createdToken;
    if (created) {
      sealing.values.set('join.token', created.value);
      sealing.sealed.push({ field: 'join.token', source: created.source });
    }
    const plan = sealPlan(this.plan(answers, run.gated?.context), sealing.values);
    const marked = markedFields(plan);
    const now = new Date().toISOString();
    const state: JoinState = {
      schema: 1,
      runId: randomUUID(),
      phase: 'idle',
      rehearsal: run.rehearsal ?? false,
      scenario: run.scenario ?? null,
      createdAt: now,
      updatedAt: now,
      plan,
      secrets: sealing.sealed.filter((s) => marked.has(s.field)),
      steps: plan.steps.map((s) => freshStep(s.id)),
      journalSeq: this.journal.lastSeq,
    };
    this.journal.maskSecrets(collectAnswerSecrets(answers, [...(run.secrets ?? []), ...(run.gated?.secrets ?? [])]));
    return this.launch(state, lock, false, sealing.values, run.gated?.notes);
  }

  /**
   * Continues at the first unfinished step. A step that was running when the
   * process died runs again; its script checks the machine before acting.
   */
  resume(
    answers?: Answers,
    secrets: readonly string[] = [],
    secretOrigins?: SecretOrigins,
    renewed: ReadonlyMap<SecretField, string> = new Map(),
    /** Secrets typed in the wizard, given again by the admin for a resume in a new process; memory only. */
    entered?: ReadonlyMap<SecretField, string>,
  ): RunHandle {
    const state = this.current;
    if (!state) throw new WinJoinError('E_NO_JOIN', 'no join to resume in this state directory');
    if (state.phase === 'succeeded') throw new WinJoinError('E_NO_JOIN', 'the join in this state directory already succeeded');
    if (answers && hashAnswers(answers) !== state.plan.answersHash) {
      throw new WinJoinError('E_ANSWERS_CHANGED', 'answers differ from the interrupted join');
    }
    if (this.active) throw new WinJoinError('E_JOIN_IN_PROGRESS', 'a join is already running in this process');
    const values = this.secretsForResume(state, answers, secretOrigins, renewed, entered);
    const lock = this.lockForRun();
    this.journal.maskSecrets([
      ...(answers ? collectAnswerSecrets(answers, secrets) : secrets),
      ...collectAnswerSecrets({ join: { token: renewed.get('join.token') } }),
      ...planSecrets(state.plan),
      ...resolvedSecrets(state, values),
    ]);
    for (const step of state.steps) {
      const planned = state.plan.steps.find((p) => p.id === step.id);
      const unfinished = step.status !== 'done' && step.status !== 'skipped';
      if (unfinished || planned?.always) step.status = 'pending';
    }
    return this.launch(state, lock, true, values);
  }

  /**
   * The values of the saved plan's markers: from the answers given (their
   * sources then replace the saved ones), else this process's own, else read
   * again from the saved sources, which fails naming the field and the fix.
   * A token the gate created is never read back: the service renews it
   * (renewed) while kubeadm-join is unfinished; else this process's own is
   * used, and none is needed once that step is done.
   */
  private secretsForResume(
    state: JoinState,
    answers: Answers | undefined,
    origins: SecretOrigins | undefined,
    renewed: ReadonlyMap<SecretField, string>,
    entered: ReadonlyMap<SecretField, string> | undefined,
  ): SecretValues {
    const createdSealed = state.secrets.filter((s) => 'createdToken' in s.source);
    const created = new Set<string>(createdSealed.map((s) => s.field));
    const marked = new Set([...markedFields(state.plan)].filter((f) => !created.has(f)));
    const own = this.revealed?.runId === state.runId ? this.revealed.values : null;
    let values: Map<SecretField, string> | null = null;
    if (answers) {
      const sealing = secretsToSeal(answers, origins);
      const given = sealing.sealed.filter((s) => marked.has(s.field));
      if (given.length === marked.size) {
        state.secrets = [...given, ...createdSealed];
        values = new Map([...sealing.values].filter(([field]) => marked.has(field)));
      }
    }
    // Values the admin typed again win over this process's own: they are what was just asked for.
    values ??=
      own && !entered?.size
        ? new Map(own)
        : resolveSealedSecrets(
            state.secrets.filter((s) => marked.has(s.field) && !created.has(s.field)),
            undefined,
            entered,
          );
    for (const field of created) {
      const value = renewed.get(field as SecretField) ?? own?.get(field as SecretField);
      if (value !== undefined) values.set(field as SecretField, value);
    }
    return values;
  }

  /**
   * How the saved run reaches the network (its proxy with the password filled
   * in), for what the service does before a resume: this process's values, or
   * the proxy fields read again from their sources (or as the admin typed them again).
   */
  downloadSettingsForResume(entered?: ReadonlyMap<SecretField, string>): DownloadSettings {
    const state = this.current;
    if (!state) throw new WinJoinError('E_NO_JOIN', 'no join to resume in this state directory');
    const own = this.revealed?.runId === state.runId && !entered?.size ? this.revealed.values : null;
    const marked = markedFields(state.plan);
    const values =
      own ??
      resolveSealedSecrets(
        state.secrets.filter((s) => s.field.startsWith('proxy.') && marked.has(s.field)),
        undefined,
        entered,
      );
    return revealer(values).downloadSettings(state.plan.downloadSettings);
  }

  /**
   * Undoes the saved join on this machine (reset-plan.ts, reset-run.ts), with
   * this engine's executor, journal and known-problem matching; null when this
   * state directory holds no join (none ran, or a complete reset removed it).
   */
  reset(options: ResetOptions = {}): ResetHandle | null {
    const join = this.current;
    if (!join) return null;
    const { answers } = options;
    const plan = planReset(join, answers ? { kubeconfig: { path: answers.cluster.kubeconfigPath, context: answers.cluster.context } } : {});
    if (!plan) throw new WinJoinError('E_INVALID_REQUEST', `WinJoin has no reset for recipe ${join.plan.recipe}`, { field: 'recipe' });
    const lock = this.lockForRun();
    // The answers' values, else this process's own (the wizard that ran the join), else what the saved sources still give.
    const own = this.revealed?.runId === join.runId ? this.revealed.values : null;
    const values = answers ? secretsToSeal(answers).values : new Map([...readableSecrets(join), ...(own ?? [])]);
    this.journal.maskSecrets([
      ...(answers ? collectAnswerSecrets(answers, options.secrets ?? []) : (options.secrets ?? [])),
      ...planSecrets(join.plan),
      ...resolvedSecrets(join, values),
    ]);
    const settings = answers
      ? { settings: downloadSettingsOf(answers), proxyDropped: false }
      : revealedOrDirect(join.plan.downloadSettings, values);
    const controller = new AbortController();
    const runId = randomUUID();
    const done = runReset(
      join,
      plan,
      {
        runId,
        executor: this.options.executor,
        journal: this.journal,
        stateDir: this.options.stateDir,
        classifyFailure: this.options.classifyFailure,
        downloadSettings: settings.settings,
        notes: settings.proxyDropped ? [{ level: 'warn', key: 'reset.proxyUnavailable', params: {} }] : [],
      },
      controller.signal,
    ).finally(() => {
      this.journal.flushListeners();
      lock.release();
      this.active = null;
      // A complete reset moved state.json aside: this engine then holds no join either.
      this.current = this.store.load();
    });
    this.active = { controller, done, lock };
    return { runId, done };
  }

  /** Runs a failed step again, then whatever it unblocks. */
  retry(stepId: StepId, renewed: ReadonlyMap<SecretField, string> = new Map()): RunHandle {
    const step = this.current?.steps.find((s) => s.id === stepId);
    if (!step || (step.status !== 'failed' && step.status !== 'cancelled')) {
      throw new WinJoinError('E_INVALID_REQUEST', `step ${stepId} has not failed`, { stepId });
    }
    return this.resume(undefined, [], undefined, renewed);
  }

  cancel(): void {
    this.active?.controller.abort();
  }

  /** Resolves when the active run (if any) has finished. */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  subscribe(listener: (events: JournalEvent[]) => void): () => void {
    return this.journal.subscribe(listener);
  }

  subscribeState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  readJournal(afterSeq: number, limit: number): Promise<JournalEvent[]> {
    this.journal.flushListeners();
    return this.journal.read(afterSeq, limit);
  }

  get lastSeq(): number {
    return this.journal.lastSeq;
  }

  async close(): Promise<void> {
    this.cancel();
    await this.idle();
    this.journal.close();
  }

  private lockForRun(): JoinLock {
    if (this.active) throw new WinJoinError('E_JOIN_IN_PROGRESS', 'a join is already running in this process');
    return acquireJoinLock(this.options.stateDir);
  }

  private launch(state: JoinState, lock: JoinLock, resumed: boolean, values: SecretValues, notes: readonly GateNote[] = []): RunHandle {
    const controller = new AbortController();
    this.current = state;
    this.revealed = { runId: state.runId, values };
    this.journal.append(state.runId, {
      type: 'run.started',
      resumed,
      rehearsal: state.rehearsal,
      stepIds: state.plan.steps.map((s) => s.id),
    });
    for (const note of notes) this.journal.append(state.runId, { type: 'note', ...note });
    const done = runPlan(
      state,
      {
        executor: this.options.executor,
        journal: this.journal,
        store: this.store,
        stateDir: this.options.stateDir,
        concurrency: this.options.concurrency ?? 3,
        reveal: revealer(values),
        classifyFailure: this.options.classifyFailure,
        onState: (snapshot) => {
          for (const listener of this.stateListeners) listener(snapshot);
        },
      },
      controller.signal,
    ).finally(() => {
      this.journal.flushListeners();
      lock.release();
      this.active = null;
    });
    this.active = { controller, done, lock };
    return { runId: state.runId, done };
  }
}
