/**
 * Step ids: the stable names of every step of a join. Logs, the plan, the UI,
 * the answer file and the known-problems catalogue all refer to steps by these
 * strings, so they are defined here once and never renamed.
 */
export const STEP_IDS = [
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
