/**
 * The host the end-to-end preview runs over. By default a small stand-in
 * built from the engine tests' fake steps: the wizard's pages, the bridge
 * and the real engine run end to end in seconds, with outcomes the specs can
 * rely on. WINJOIN_E2E_HOST=rehearsal runs the same specs over the real host
 * layer and its rehearsal host (pwsh, simulated Windows and cluster).
 */
import fs from 'node:fs';
import type { StepId } from '../shared/steps.js';
import { fakeExecutor, fakeRecipe, fakeStep } from '../electron/join/testing/fake-steps.js';
import type { StepExecutor } from '../electron/join/types.js';
import { defaultDeps } from '../electron/service/default-deps.js';
import type { ServiceDeps } from '../electron/service/deps.js';

const CHECKS: Partial<Record<StepId, string[]>> = {
  prerequisites: ['elevated', 'os-build', 'containers-feature', 'network-adapter'],
  'api-check': ['node-ready'],
  'network-checks': ['routes-present', 'node-to-master'],
};

/** What the checks found, as the real ones report it (a detail key and its values): the Network page offers these adapters. */
const FOUND: Record<string, { detailKey: string; detailParams: Record<string, string> }> = {
  'network-adapter': {
    detailKey: 'checkDetails.network-adapter.pass',
    detailParams: { adapter: 'Ethernet', description: 'Microsoft Hyper-V Network Adapter', found: 'Ethernet, Ethernet 2' },
  },
};

/** The step a spec can hold mid-run: by then four steps are done and the Join page shows a join in progress. */
const HELD_STEP: StepId = 'kubelet';

/** Resolves once `marker` is gone (or the step is cancelled). */
async function heldWhile(marker: string, signal: AbortSignal): Promise<void> {
  while (fs.existsSync(marker) && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * The fake executor, plus the checks each step of a real recipe would report.
 * holdMarker: while this file exists the kubelet step waits before it starts its work, so a spec can look
 * at a running join as long as it needs and then let it finish by deleting the file.
 */
const executorFor =
  (holdMarker?: string): StepExecutor =>
  async (context) => {
    if (holdMarker && context.step.id === HELD_STEP) await heldWhile(holdMarker, context.signal);
    for (const checkId of CHECKS[context.step.id] ?? [])
      context.emit({
        type: 'step.check',
        stepId: context.step.id,
        checkId,
        status: 'pass',
        ...FOUND[checkId],
      });
    return fakeExecutor(context);
  };

/**
 * failMarker: while this file exists the routes step fails (as AddRoutes.ps1
 * does without its adapter), so a spec can fail a join, "apply the fix" by
 * deleting the file, and retry.
 * restartMarker: while this file is absent the docker step ends with 3010
 * (restart pending) and writes it, so a spec arms one restart by deleting it.
 */
export function standInDeps(failMarker?: string, restartMarker?: string, holdMarker?: string): ServiceDeps {
  const ids: [StepId, StepId[]][] = [
    ['prerequisites', []],
    ['docker', ['prerequisites']],
    ['proxy', ['docker']],
    ['kubeconfig', ['prerequisites']],
    ['binaries', ['prerequisites']],
    ['kubelet', ['binaries', 'kubeconfig', 'proxy']],
    ['api-check', ['kubelet']],
    ['routes', ['api-check']],
    ['network-checks', ['routes']],
  ];
  return {
    recipe: fakeRecipe(
      ids.map(([id, needs]) => {
        const step = fakeStep(id, needs, {
          lines: 3,
          sleepMs: 30,
          ...(id === 'routes' && failMarker ? { failWhileFileExists: failMarker } : {}),
          ...(id === 'docker' && restartMarker ? { restartOnceMarker: restartMarker } : {}),
        });
        // A held step waits as long as the spec looks (minutes on a loaded machine), not the fake steps' 30 s.
        return id === HELD_STEP && holdMarker ? { ...step, timeoutMs: 15 * 60_000 } : step;
      }),
    ),
    classifyFailure: (input) => (input.stepId === 'routes' ? ['KP-T13-ADDROUTES-NO-ADAPTER'] : []),
    executor: () => executorFor(holdMarker),
    inspectKubeconfig: async (path) => ({
      path,
      usable: true,
      contexts: [{ name: 'kubernetes-admin@kubernetes', cluster: 'kubernetes', user: 'kubernetes-admin' }],
      currentContext: 'kubernetes-admin@kubernetes',
      server: 'https://10.1.2.3:6443',
      findings: [],
    }),
    rehearsalScenarios: ['happy'],
    version: '0.0.0-e2e',
  };
}

export function previewDeps(host = process.env.WINJOIN_E2E_HOST): { deps: ServiceDeps; rehearsal: { scenario: string } | null } {
  return host === 'rehearsal'
    ? { deps: defaultDeps(), rehearsal: { scenario: 'happy' } }
    : {
        deps: standInDeps(process.env.WINJOIN_E2E_FAIL_MARKER, process.env.WINJOIN_E2E_RESTART_MARKER, process.env.WINJOIN_E2E_HOLD_MARKER),
        rehearsal: null,
      };
}
