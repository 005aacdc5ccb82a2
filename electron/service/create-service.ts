/**
 * The back end both shells serve: every call of the IPC contract implemented
 * over one join engine and the host layer. Electron's main process and the
 * preview bridge register these same handlers, so the renderer cannot tell
 * them apart; main only overrides the calls that need native dialogs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleFileName, joinNodeName, ticketSummary } from '../../shared/ticket-summary.js';
import { writeSupportBundle } from '../host/bundle/write-bundle.js';
import { probeCluster } from './cluster-probe.js';
import { AnswersSchema, exampleAnswers, type Answers } from '../../shared/answers.js';
import { redactAnswers, redactText } from '../../shared/redact.js';
import { WinJoinError } from '../../shared/errors.js';
import type { JournalEvent } from '../../shared/events.js';
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.js';
import { packJournalBatch, wireJsonOf, type JournalBatch } from '../../shared/ipc/journal-batch.js';
import { rememberJson } from '../../shared/ipc/known-json.js';
import type { Plan } from '../../shared/plan.js';
import type { JoinState } from '../../shared/state.js';
import { toFieldErrors } from '../../shared/validation/issues.js';
import { JoinEngine, type ResetHandle, type RunHandle, type RunOptions } from '../join/engine.js';
import { downloadSettingsOf } from '../join/planner.js';
import type { SecretOrigins } from '../join/secret-sources.js';
import type { SecretField } from '../../shared/secret-refs.js';
import { STATE_FILES } from '../join/state-dir.js';
import { createRestartControl } from './restart-control.js';
import type { RehearsalRequest, RehearsalSession, ServiceDeps } from './deps.js';
import { exportAnswers } from './answer-export.js';
import { checkEnteredSecrets } from './entered-secrets.js';
import { checkRendererAnswers, GrantedFiles } from './granted-files.js';
import { maskPlan } from './mask-plan.js';
import { checkClusterReadiness } from './cluster-readiness.js';
import { gateJoin, renewCreatedToken, tokenToRenew, type GateRunner } from './join-gate.js';
import { runKubeadmGate, type KubeadmGateResult } from './kubeadm-gate.js';
import { runPreflight } from './preflight.js';
import { planningContext } from './server-version.js';

export interface ServiceOptions {
  stateDir: string;
  shell: 'electron' | 'preview';
  /** How to start this WinJoin again after a restart (the desktop app on Windows); null where it cannot. */
  relaunch?: { exePath: string; args: string[] } | null;
  rehearsal?: RehearsalRequest | null;
  /** The OS display languages, most preferred first; the wizard speaks the first it knows until the user picks one. */
  systemLanguages?: () => string[];
  deps: ServiceDeps;
}

export interface WinJoinService {
  handlers: Handlers;
  /** The files the renderer may name: the shell's file dialog grants what the user picked. */
  granted: GrantedFiles;
  engine: JoinEngine;
  rehearsal: RehearsalSession | null;
  /** Applies the rehearsal's overrides (its kubeconfig, ...) to answers; identity on a real machine. */
  prepareAnswers(answers: Answers): Answers;
  /** The plan of these answers, with the server's version read first when match-cluster needs it (server-version.ts). */
  plan(answers: Answers): Promise<Plan>;
  /**
   * The kubeadm gate alone (`winjoin cluster check`): in a rehearsal against the simulated cluster,
   * with the rehearsal's answers (its kubeconfig, the scenario's token or pin). Nothing on the machine changes.
   */
  checkCluster(answers: Answers): Promise<KubeadmGateResult>;
  /** Starts a join: a containerd-kubeadm join passes the kubeadm gate first (join-gate.ts), else nothing starts. */
  start(answers: Answers, run?: Omit<RunOptions, 'gated' | 'rehearsal' | 'scenario'>): Promise<RunHandle>;
  /**
   * Continues the join; in a rehearsal that stopped for a restart, the simulated machine restarts first.
   * A bootstrap token the gate created is created again first while kubeadm-join is unfinished.
   */
  resume(
    answers?: Answers,
    secrets?: readonly string[],
    origins?: SecretOrigins,
    entered?: ReadonlyMap<SecretField, string>,
  ): Promise<RunHandle>;
  /**
   * Undoes the saved join (engine.reset); null when this state directory holds
   * no join. A rehearsal's join is reset only in a rehearsal, a real one only for real.
   */
  reset(answers?: Answers, secrets?: readonly string[]): Promise<ResetHandle | null>;
  subscribe<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  close(): Promise<void>;
}

export async function createService(options: ServiceOptions): Promise<WinJoinService> {
  const { stateDir, deps } = options;
  // Before anything secret is written: the state holds the plan's parameters, proxy credentials included.
  if (deps.secureStateDir) await deps.secureStateDir(stateDir);
  else fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });

  let rehearsal: RehearsalSession | null = null;
  if (options.rehearsal) {
    if (!deps.startRehearsal) throw new WinJoinError('E_INTERNAL', 'rehearsal mode is not available in this build');
    rehearsal = await deps.startRehearsal({
      stateDir,
      scenario: options.rehearsal.scenario,
      ...(options.rehearsal.recipe ? { recipe: options.rehearsal.recipe } : {}),
    });
  }

  const granted = new GrantedFiles();
  const rehearsalKubeconfig = (rehearsal?.answersOverrides.cluster as { kubeconfigPath?: string } | undefined)?.kubeconfigPath ?? null;
  if (rehearsalKubeconfig) granted.grant(rehearsalKubeconfig);

  const engine = new JoinEngine({
    stateDir,
    recipe: deps.recipe,
    executor: rehearsal?.executor ?? deps.executor(stateDir),
    classifyFailure: deps.classifyFailure,
    recipeContext: rehearsal?.recipeContext,
  });

  const overrides =
    rehearsal && deepMerge(rehearsal.answersOverrides, options.rehearsal?.unattended ? (rehearsal.unattendedOverrides ?? {}) : {});
  const prepareAnswers = (answers: Answers): Answers => (overrides ? AnswersSchema.parse(deepMerge(answers, overrides)) : answers);
  // WinJoin's own client reaches a rehearsal's cluster through its loopback listener, never the simulated address the answers name.
  const forCluster = (answers: Answers): Answers =>
    rehearsal ? { ...answers, cluster: { ...answers.cluster, kubeconfigPath: rehearsal.clusterKubeconfigPath } } : answers;
  const plan = async (answers: Answers): Promise<Plan> => {
    const prepared = prepareAnswers(answers);
    return engine.plan(prepared, await planningContext(forCluster(prepared)));
  };
  // A rehearsal that maps the simulated master keeps the answers' kubeconfig, so the gate checks the endpoint the node uses.
  const gateFor = (prepared: Answers): [Answers, GateRunner] => {
    const gate = deps.kubeadmGate ?? runKubeadmGate;
    const reach = rehearsal?.reach;
    return reach ? [prepared, (a) => gate(a, { reach })] : [forCluster(prepared), gate];
  };
  const checkCluster = async (answers: Answers): Promise<KubeadmGateResult> => {
    const [gateAnswers, gate] = gateFor(prepareAnswers(answers));
    return (await gate(gateAnswers)).result;
  };
  const start = async (answers: Answers, run: Omit<RunOptions, 'gated' | 'rehearsal' | 'scenario'> = {}): Promise<RunHandle> => {
    // Checked before the gate, which may create a token in the cluster.
    if (engine.running) throw new WinJoinError('E_JOIN_IN_PROGRESS', 'a join is already running in this process');
    const prepared = prepareAnswers(answers);
    const gated = await gateJoin(...gateFor(prepared));
    const handle = engine.start(prepared, {
      ...run,
      rehearsal: rehearsal !== null,
      scenario: rehearsal?.scenario ?? null,
      ...(gated ? { gated } : {}),
    });
    // The wizard's and the CLI's joins alike: the bundle has the answers even if nobody saved a file,
    // and an unattended resume (winjoin join --resume, no answer file) reads its restart choice here.
    writeRunRecord(stateDir, STATE_FILES.runAnswers, redactAnswers(answers, run.secrets ?? []));
    return handle;
  };
  // A rehearsal restarts its simulated machine once per restart request: from the
  // Join page's "restart now", at the time it was scheduled, or on resume when nobody restarted it yet.
  const restarts = createRestartControl({
    stateDir,
    phase: () => engine.state()?.phase,
    stepsAsking: () => (engine.state()?.steps ?? []).filter((s) => s.status === 'restart-pending').map((s) => s.id),
    rehearsal,
    relaunch: options.relaunch,
    deps,
  });
  /** A new token for a resume or a retry when the gate created the saved one (join-gate.ts); empty when none is needed. */
  const renewedToken = async (
    answers: Answers | undefined,
    entered?: ReadonlyMap<SecretField, string>,
  ): Promise<Map<SecretField, string>> => {
    const state = engine.state();
    if (!state || engine.running || state.phase === 'succeeded' || !tokenToRenew(state)) return new Map();
    const settings = answers ? downloadSettingsOf(answers) : engine.downloadSettingsForResume(entered);
    return (await renewCreatedToken(state, settings, rehearsal?.reach ? { reach: rehearsal.reach } : {})).values;
  };
  const resume = async (
    answers?: Answers,
    secrets?: readonly string[],
    origins?: SecretOrigins,
    entered?: ReadonlyMap<SecretField, string>,
  ): Promise<RunHandle> => {
    const prepared = answers ? prepareAnswers(answers) : undefined;
    const renewed = await renewedToken(prepared, entered);
    restarts.beforeResume();
    return engine.resume(prepared, secrets, origins, renewed, entered);
  };

  const reset = async (answers?: Answers, secrets?: readonly string[]): Promise<ResetHandle | null> => {
    const join = engine.state();
    if (!join) return null;
    if (join.rehearsal !== (rehearsal !== null)) {
      throw new WinJoinError(
        'E_RESET_MODE_MISMATCH',
        join.rehearsal
          ? 'the join in this state directory was a rehearsal'
          : 'the join in this state directory ran on this machine, not in a rehearsal',
        { mode: join.rehearsal ? 'rehearsal' : 'machine' },
      );
    }
    return engine.reset({ ...(answers ? { answers: prepareAnswers(answers) } : {}), secrets: secrets ?? [] });
  };

  /** The journal's last events: enough for a failed attempt's evidence in the ticket summary's cause. */
  async function recentEvents(): Promise<JournalEvent[]> {
    const window = 5000;
    return engine.readJournal(Math.max(0, engine.lastSeq - window), window).catch(() => []);
  }

  const handlers: Handlers = {
    async 'app:info'() {
      return {
        version: deps.version,
        shell: options.shell,
        platform: process.platform,
        systemLanguages: options.systemLanguages?.() ?? [],
        stateDir,
        rehearsal: {
          enabled: rehearsal !== null,
          scenario: rehearsal?.scenario ?? null,
          // The scenarios of the running world's recipe; every scenario when not rehearsing.
          scenarios: rehearsal?.scenarios ?? deps.rehearsalScenarios,
          kubeconfigPath: rehearsalKubeconfig,
        },
      };
    },
    async 'app:accent'() {
      // No window, no accent: Fluent's own brand colours. The desktop app answers this call itself.
      return { accent: null };
    },
    async 'answers:example'() {
      return exampleAnswers();
    },
    async 'answers:validate'({ answers }) {
      const result = AnswersSchema.safeParse(answers);
      return { ok: result.success, errors: result.success ? [] : toFieldErrors(result.error) };
    },
    async 'answers:save'({ answers }) {
      // The state directory's copy outlives the wizard and is what the preview offers as the saved file:
      // never a secret in it, whatever the page asked (the desktop app writes the user's own file).
      const file = path.join(stateDir, STATE_FILES.answers);
      const saved = exportAnswers(answers, false);
      fs.writeFileSync(file, saved.content, { mode: 0o600 });
      return { path: file, content: saved.content, references: saved.references, secretsIncluded: false };
    },
    async 'plan:preview'({ answers }) {
      checkRendererAnswers(answers, granted);
      return maskPlan(await plan(answers), answers);
    },
    async 'preflight:run'({ answers }) {
      if (answers) checkRendererAnswers(answers, granted);
      // match-cluster needs the server's version to plan the prerequisites step, as the preview does.
      return runPreflight(await plan(answers ?? exampleAnswers()), rehearsal?.executor ?? deps.executor(stateDir), stateDir);
    },
    async 'join:start'({ answers }) {
      checkRendererAnswers(answers, granted);
      const { runId } = await start(answers);
      return { runId };
    },
    async 'join:resume'({ entered }) {
      const typed = entered?.length ? checkEnteredSecrets(engine.state(), entered) : undefined;
      return { runId: (await resume(undefined, [], undefined, typed)).runId };
    },
    async 'join:cancel'() {
      engine.cancel();
      return {};
    },
    async 'join:retry'({ stepId }) {
      engine.retry(stepId, await renewedToken(undefined));
      return {};
    },
    async 'join:reset'() {
      const handle = await reset();
      return { runId: handle?.runId ?? null };
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
      return { path: granted.grant(file) };
    },
    async 'kubeconfig:inspect'({ path: file, context }) {
      return deps.inspectKubeconfig(granted.require(file, 'path'), context);
    },
    async 'cluster:probe'({ kubeconfigPath, context, proxy }) {
      granted.require(kubeconfigPath, 'kubeconfigPath');
      // A rehearsal's cluster is reached through its loopback listener, never the simulated address the answers name.
      const file = rehearsal?.clusterKubeconfigPath ?? kubeconfigPath;
      const settings = proxy ? { http: proxy.http, https: proxy.https, noProxy: proxy.noProxy } : null;
      const result = await probeCluster(file, rehearsal ? undefined : context, settings);
      writeRunRecord(stateDir, STATE_FILES.lastProbe, { at: new Date().toISOString(), kubeconfigPath, context: context ?? null, result });
      return result;
    },
    async 'cluster:readiness'({ answers, apply }) {
      if (answers.recipe !== 'containerd-kubeadm')
        throw new WinJoinError('E_INVALID_REQUEST', 'cluster readiness is checked for recipe containerd-kubeadm only', {
          field: 'answers.recipe',
        });
      checkRendererAnswers(answers, granted);
      const prepared = prepareAnswers(answers);
      const reach = rehearsal?.reach;
      return (deps.clusterReadiness ?? checkClusterReadiness)(reach ? prepared : forCluster(prepared), apply, reach ? { reach } : {});
    },
    async 'bundle:summary'() {
      return { ticketSummary: ticketSummary(engine.state(), undefined, await recentEvents()) };
    },
    async 'bundle:export'() {
      const dir = path.join(stateDir, 'bundles');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Named after the node the join registers (what support searches for), else this computer.
      const out = path.join(dir, bundleFileName(joinNodeName(engine.state()) ?? os.hostname(), new Date()));
      const written = await writeSupportBundle({ stateDir, out, extra: { appVersion: deps.version } });
      return {
        path: written.file,
        bytes: written.bytes,
        knownProblems: written.knownProblems,
        ticketSummary: ticketSummary(engine.state(), path.basename(written.file), await recentEvents()),
      };
    },
    async 'logs:openFolder'() {
      const dir = path.join(stateDir, STATE_FILES.logs);
      fs.mkdirSync(dir, { recursive: true });
      return { path: dir };
    },
    ...restarts.handlers,
  };

  return {
    handlers,
    granted,
    engine,
    rehearsal,
    prepareAnswers,
    plan,
    checkCluster,
    start,
    resume,
    reset,
    subscribe(event, listener) {
      if (event === 'journal:events')
        return engine.subscribe((batch: JournalEvent[]) => listener(wireBatch(batch) as EventPayload<typeof event>));
      // The accent is the desktop shell's (electron/main/accent.ts); the service, and so the preview, never has one.
      if (event === 'app:accent') return () => undefined;
      return engine.subscribeState((state: JoinState) => listener(state as EventPayload<typeof event>));
    },
    async close() {
      restarts.close();
      await engine.close();
      await rehearsal?.close();
    },
  };
}

const packed = new WeakMap<readonly JournalEvent[], JournalBatch>();

/**
 * A journal batch in the wire's shape (shared/ipc/journal-batch.ts), packed
 * once however many transports and viewers take it, with the JSON the
 * journal made of it (the preview's event stream sends those bytes).
 */
function wireBatch(batch: readonly JournalEvent[]): JournalBatch {
  let wire = packed.get(batch);
  if (!wire) {
    const made = packJournalBatch(batch);
    const bytes = wireJsonOf(batch);
    wire = rememberJson(made, bytes ? { bytes, text: () => new TextDecoder().decode(bytes) } : { text: () => JSON.stringify(made) });
    packed.set(batch, wire);
  }
  return wire;
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

/**
 * A record the support bundle reads (the run's answers, the last probe), redacted before it reaches
 * the disk. Losing it costs only the bundle that detail, so a write error never fails the call.
 */
function writeRunRecord(stateDir: string, name: string, value: unknown): void {
  try {
    fs.writeFileSync(path.join(stateDir, name), redactText(JSON.stringify(value, null, 2)) + '\n', { mode: 0o600 });
  } catch {
    // The bundle says the record is missing.
  }
}
