/**
 * Step ids: the stable names of every step of a join. Logs, the plan, the UI,
 * the answer file and the known-problems catalogue all refer to steps by these
 * strings, so they are defined here once and never renamed.
 */
/** The steps of recipe docker-sdn, in the 2018 guide's order. */
export const DOCKER_SDN_STEP_IDS = [
  'prerequisites',
  'docker',
  'proxy',
  'scripts',
  'kubeconfig',
  'pause-image',
  'binaries',
  'path-env',
  'api-check',
  'kubelet',
  'kube-proxy',
  'routes',
  'network-checks',
  'sample-service',
  'port-mapping',
  'diagnostics',
] as const;

/** The steps only containerd-kubeadm has, in its order. */
const CONTAINERD_KUBEADM_OWN_STEPS = [
  'windows-features',
  'containerd',
  'crictl',
  'kube-binaries',
  'kubelet-service',
  'firewall',
  'kubeadm-join',
  'node-ready',
] as const;

/**
 * The steps of recipe containerd-kubeadm, in the SIG Windows guide's order
 * (windows-join-modern.md §1.1). Shared ids (prerequisites, network-checks,
 * sample-service, port-mapping, diagnostics) mean the same job with this
 * recipe's own script.
 */
export const CONTAINERD_KUBEADM_STEP_IDS = [
  'prerequisites',
  ...CONTAINERD_KUBEADM_OWN_STEPS,
  'network-checks',
  'sample-service',
  'port-mapping',
  'diagnostics',
] as const;

/**
 * Steps only a reset runs (`winjoin reset`, electron/join/reset-plan.ts): the
 * node's drain and deletion through the API, and the clean-up of what the CNI
 * left on a containerd-kubeadm node (its HNS networks and files). A join never
 * plans them; every other step of a reset is a join step's undo, under its id.
 */
export const RESET_OWN_STEP_IDS = ['node-drain', 'node-delete', 'network-cleanup'] as const;

/** Every step id of every recipe: docker-sdn's in its order, then the ids only containerd-kubeadm has, then the reset's own. */
export const STEP_IDS = [...DOCKER_SDN_STEP_IDS, ...CONTAINERD_KUBEADM_OWN_STEPS, ...RESET_OWN_STEP_IDS] as const;

export type StepId = (typeof STEP_IDS)[number];

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}

/** Where a step stands in a run; the state file and the UI timeline use these. */
export const STEP_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped', 'cancelled', 'restart-pending'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** i18n key of a step's title; the renderer and the ticket summary translate it. */
export function stepTitleKey(id: StepId): `steps.${StepId}.title` {
  return `steps.${id}.title`;
}
