/**
 * What a reset undoes, in which order, read from the saved join: the recipe,
 * the steps that ran (a step the join never started changed nothing), their
 * parameters, and the facts they reported (the node's name). Order follows
 * windows-join-modern.md section 5 for containerd-kubeadm (the node drained
 * through the API, `kubeadm reset`, the node deleted once its kubelet is gone,
 * services, firewall rule, CNI files and HNS networks, binaries) and the
 * reverse of the guide for docker-sdn (docs/steps.md), with the node's
 * drain and deletion added where the cluster still knows it.
 */
import type { PlannedStep } from '../../shared/plan.js';
import type { JoinState } from '../../shared/state.js';
import type { StepId } from '../../shared/steps.js';
import { CNI_BIN_DIR, CNI_CONF_DIR, CNI_LEFTOVERS } from './recipes/containerd-kubeadm.js';

/** One undo of a reset: the step to run (params.Undo set) and the undos that, when failed, hold it back. */
export interface ResetStep {
  step: PlannedStep;
  /**
   * If one of these undos failed, this one is not run: it would remove what a
   * second reset needs to retry it (kubeadm.exe for `kubeadm reset`, kubectl
   * and its kubeconfig for the samples), or the node would register again
   * (its kubelet still running).
   */
  heldBy: StepId[];
}

export interface ResetPlan {
  recipe: string;
  steps: ResetStep[];
  /** Machine-changing join steps the join never started: nothing to undo. */
  neverRan: StepId[];
  /** Why the node's drain and deletion are not in the plan (no node name or kubeconfig known), else null. */
  nodeRemovalMissing: 'node-name' | 'kubeconfig' | null;
}

/** Where the admin kubeconfig comes from when the saved plan does not name it (the answers given to the reset). */
export interface ResetPlanOptions {
  kubeconfig?: { path: string; context?: string | null };
}

interface Order {
  /** The undo order; reset-only ids (node-drain, node-delete, network-cleanup) where they belong. */
  order: StepId[];
  /** The join step that registers the node: once it started, the node may exist in the cluster. */
  registers: StepId;
  heldBy: Partial<Record<StepId, StepId[]>>;
  /** Steps a reset leaves in place (docs/steps.md says why). */
  kept: StepId[];
}

const ORDERS: Record<string, Order> = {
  'containerd-kubeadm': {
    order: [
      'port-mapping',
      'sample-service',
      'node-drain',
      'kubeadm-join',
      'kubelet-service',
      'node-delete',
      'containerd',
      'crictl',
      'firewall',
      'network-cleanup',
      'kube-binaries',
    ],
    registers: 'kubeadm-join',
    heldBy: { 'kube-binaries': ['kubeadm-join'], 'node-delete': ['kubelet-service'] },
    // The Containers feature stays: removing it needs a restart and other containers may use it.
    kept: ['windows-features'],
  },
  'docker-sdn': {
    order: [
      'port-mapping',
      'sample-service',
      'node-drain',
      'routes',
      'kube-proxy',
      'kubelet',
      'node-delete',
      'path-env',
      'binaries',
      'pause-image',
      'kubeconfig',
      'scripts',
      'proxy',
      'docker',
    ],
    registers: 'kubelet',
    heldBy: {
      binaries: ['sample-service', 'port-mapping'],
      kubeconfig: ['sample-service', 'port-mapping'],
      'path-env': ['sample-service', 'port-mapping'],
      'node-delete': ['kubelet'],
    },
    kept: [],
  },
};

const MINUTE = 60_000;

/** The recipes a reset knows; any other saved recipe has no undo order. */
export function resetRecipes(): string[] {
  return Object.keys(ORDERS);
}

export function planReset(join: JoinState, options: ResetPlanOptions = {}): ResetPlan | null {
  const recipe = ORDERS[join.plan.recipe];
  if (!recipe) return null;
  const planned = new Map(join.plan.steps.map((s) => [s.id, s]));
  const started = new Set(join.steps.filter((s) => s.status !== 'pending' || s.attempts > 0).map((s) => s.id));
  const neverRan = join.plan.steps.filter((s) => s.changesMachine && !started.has(s.id) && !recipe.kept.includes(s.id)).map((s) => s.id);

  const nodeName = joinedNodeName(join);
  const kubeconfig = options.kubeconfig ?? joinKubeconfig(join);
  const nodeMayExist = started.has(recipe.registers);
  const nodeRemovalMissing = !nodeMayExist ? null : !nodeName ? 'node-name' : !kubeconfig ? 'kubeconfig' : null;

  const steps: ResetStep[] = [];
  for (const id of recipe.order) {
    const heldBy = recipe.heldBy[id] ?? [];
    if (id === 'node-drain' || id === 'node-delete') {
      if (nodeMayExist && nodeName && kubeconfig) steps.push({ step: nodeStep(id, nodeName, kubeconfig), heldBy });
      continue;
    }
    if (id === 'network-cleanup') {
      if (nodeMayExist) steps.push({ step: networkCleanupStep(join), heldBy });
      continue;
    }
    const step = planned.get(id);
    if (!step || !step.changesMachine || !started.has(id)) continue;
    steps.push({ step: undoOf(step), heldBy });
  }
  return { recipe: join.plan.recipe, steps, neverRan, nodeRemovalMissing };
}

/** A join step as its undo runs: the same script and parameters (secrets stay markers: an undo reads its own record, never a secret), no downloads, no needs. */
function undoOf(step: PlannedStep): PlannedStep {
  return { ...step, params: { ...step.params, Undo: true }, downloads: [], needs: [], always: false, followsLog: undefined };
}

function nodeStep(id: 'node-drain' | 'node-delete', nodeName: string, kubeconfig: { path: string; context?: string | null }): PlannedStep {
  return {
    id,
    titleKey: `steps.${id}.title`,
    needs: [],
    script: `winjoin:${id}`,
    runsIn: 'winjoin',
    params: { nodeName, kubeconfigPath: kubeconfig.path, ...(kubeconfig.context ? { context: kubeconfig.context } : {}), waitSeconds: 120 },
    downloads: [],
    changesMachine: true,
    timeoutMs: 5 * MINUTE,
    always: false,
  };
}

/**
 * The CNI's leftovers on a containerd-kubeadm node: kubeadm reset says it leaves them (reference section 5).
 * The directories the join configured containerd with (the recipe's when the saved step has none), and the
 * CNI's network and files by name: the script removes nothing else.
 */
function networkCleanupStep(join: JoinState): PlannedStep {
  const containerd = join.plan.steps.find((s) => s.id === 'containerd')?.params ?? {};
  return {
    id: 'network-cleanup',
    titleKey: 'steps.network-cleanup.title',
    needs: [],
    script: 'containerd-kubeadm/network-cleanup.ps1',
    params: {
      Undo: true,
      cniBinDir: typeof containerd.cniBinDir === 'string' ? containerd.cniBinDir : CNI_BIN_DIR,
      cniConfDir: typeof containerd.cniConfDir === 'string' ? containerd.cniConfDir : CNI_CONF_DIR,
      networks: [...CNI_LEFTOVERS.networks],
      cniBinaries: [...CNI_LEFTOVERS.cniBinaries],
      cniConfigs: [...CNI_LEFTOVERS.cniConfigs],
    },
    downloads: [],
    changesMachine: true,
    timeoutMs: 5 * MINUTE,
    always: false,
  };
}

/** The node's name as the join registered it: what a step reported, else the answers' nodeName. */
export function joinedNodeName(join: JoinState): string | null {
  const facts = Object.fromEntries(join.steps.map((s) => [s.id, s.facts])) as Record<string, Record<string, unknown> | undefined>;
  for (const id of ['node-ready', 'kubeadm-join', 'kubelet', 'prerequisites'] as const) {
    const name = facts[id]?.nodeName;
    if (typeof name === 'string' && name) return name;
  }
  for (const step of join.plan.steps) {
    const name = step.params.nodeName;
    if (typeof name === 'string' && name) return name;
  }
  return null;
}

/** The admin kubeconfig the join was given: a WinJoin-side step's, the kubeconfig step's source, or the one the gate created the token with. */
export function joinKubeconfig(join: JoinState): { path: string; context: string | null } | null {
  for (const step of join.plan.steps) {
    const path = step.params.kubeconfigPath;
    if (typeof path === 'string' && path) return { path, context: typeof step.params.context === 'string' ? step.params.context : null };
  }
  const copied = join.plan.steps.find((s) => s.id === 'kubeconfig')?.params;
  if (copied && typeof copied.sourcePath === 'string' && copied.sourcePath) {
    return { path: copied.sourcePath, context: typeof copied.context === 'string' && copied.context ? copied.context : null };
  }
  for (const sealed of join.secrets) {
    if ('createdToken' in sealed.source)
      return { path: sealed.source.createdToken.kubeconfigPath, context: sealed.source.createdToken.context };
  }
  return null;
}
