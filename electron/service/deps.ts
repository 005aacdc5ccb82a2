/**
 * What the service needs from the host layer. Injected so the service is
 * tested with fakes and wired to the real implementations in default-deps.ts.
 */
import type { z } from 'zod';
import type { RecipeId } from '../../shared/answers.js';
import type { KubeconfigInspectionSchema } from '../../shared/ipc/contract.js';
import type { FailureInput } from '../join/runner.js';
import type { checkClusterReadiness } from './cluster-readiness.js';
import type { GateRunner } from './join-gate.js';
import type { Recipe, RecipeContext, StepExecutor } from '../join/types.js';

export type KubeconfigInspection = z.output<typeof KubeconfigInspectionSchema>;

/**
 * A rehearsal to start. recipe: which simulated world (the answers' recipe); docker-sdn when absent.
 * unattended: the CLI's join, whose answers get the rehearsal's consent to cluster fixes as an answer
 * file would carry it; the wizard asks for that consent (Apply) as on a real machine.
 */
export interface RehearsalRequest {
  scenario: string;
  recipe?: RecipeId;
  unattended?: boolean;
}

/** A running rehearsal: simulated machine, cluster and download origins on loopback. */
export interface RehearsalSession {
  scenario: string;
  /** The scenarios that fit this rehearsal's recipe (others are refused for it). */
  scenarios?: string[];
  /** Recipe options that point downloads at the loopback origin. */
  recipeContext: Omit<RecipeContext, 'stateDir'>;
  /** Answers the rehearsal must use (e.g. the simulated cluster's kubeconfig). */
  answersOverrides: Record<string, unknown>;
  /** Merged on top for an unattended join only (`winjoin join --rehearsal`): the answer file's consent to cluster fixes. */
  unattendedOverrides?: Record<string, unknown>;
  executor: StepExecutor;
  /** The kubeconfig WinJoin's own cluster client uses: the simulated cluster's loopback listener. */
  clusterKubeconfigPath: string;
  /**
   * Where WinJoin's own connection to a simulated endpoint goes (192.0.2.10:6443 -> its loopback
   * listener). When set, the kubeadm gate keeps the answers' kubeconfig, so the endpoint it checks
   * and hands to kubeadm join is the one the simulated node uses.
   */
  reach?: (endpoint: string) => string;
  /** The simulated restart after a 3010: simulated processes end, pending features turn on. */
  restartMachine(): void;
  /**
   * Whether the simulated machine still waits for a restart. A resume in a new process (the CLI's
   * --resume) restarts it only then: the process before may already have restarted it (answers.restart
   * now, or a set time), and a real server does not restart twice.
   */
  restartPending?(): boolean;
  /** The simulated machine and cluster, for `winjoin rehearsal show`. */
  show(): Promise<unknown>;
  close(): Promise<void>;
}

export interface ServiceDeps {
  recipe: Recipe;
  /** The executor for a real machine. */
  executor: (stateDir: string) => StepExecutor;
  classifyFailure?: (input: FailureInput) => string[];
  inspectKubeconfig(path: string, context?: string): Promise<KubeconfigInspection>;
  startRehearsal?: (options: { stateDir: string; scenario: string; recipe?: RecipeId }) => Promise<RehearsalSession>;
  rehearsalScenarios: string[];
  version: string;
  /**
   * Creates the state directory admin-only, or refuses one someone else owns or may write to
   * (secureStateDir on Windows); the directory is created 0700 when this is absent.
   */
  secureStateDir?: (dir: string) => Promise<void>;
  /** The containerd-kubeadm gate a join passes first; unset: the real one (kubeadm-gate.ts). */
  kubeadmGate?: GateRunner;
  /** The wizard's cluster readiness; unset: the real one (cluster-readiness.ts). */
  clusterReadiness?: typeof checkClusterReadiness;
  /** Runs one of electron/powershell/system/*.ps1 (machine-wide actions outside the join, such as the resume task). */
  runSystemScript?: (script: string, params: Record<string, unknown>) => Promise<void>;
  /** Runs Windows' shutdown.exe with these arguments (no shell); the exit code says whether Windows accepted them. */
  runShutdown?: (args: string[]) => Promise<{ exitCode: number }>;
}
