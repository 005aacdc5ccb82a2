/**
 * Steps the plan marks runsIn "winjoin" run here, inside WinJoin's process
 * with the cluster client (the samples, a reset's node drain and deletion,
 * and docker-sdn's node identity, whose node-side halves go to the PowerShell
 * executor under the same step id); every other step goes to the PowerShell executor.
 * The client is made per step from the plan's kubeconfig (a rehearsal maps it
 * to its loopback listener) and closed when the step ends.
 */
import { WinJoinError, toErrorShape } from '../../../shared/errors.js';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepContext, StepExecutor, StepOutcome } from '../../join/types.js';
import { clusterAccess } from '../cluster/access.js';
import { createClusterClient, type ClusterClient } from '../cluster/client.js';
import { runNodeIdentityStep } from './node-identity.js';
import { deleteNode, drainNode } from './node-removal.js';
import { runSdnSampleStep } from './sdn-samples.js';
import { runSampleStep, type PageAnswer } from './sample-steps.js';

export interface ClusterStepOptions {
  /** The kubeconfig WinJoin's own client uses for a plan's path (a rehearsal swaps in its loopback one). */
  kubeconfigFor?: (planned: string) => string;
  httpGet: (url: string, signal: AbortSignal) => Promise<PageAnswer>;
  connect?: (context: StepContext, kubeconfig: string) => Promise<ClusterClient>;
  pollMs?: number;
}

async function defaultConnect(context: StepContext, kubeconfig: string): Promise<ClusterClient> {
  const clusterContext = context.step.params.context;
  const access = clusterAccess(kubeconfig, typeof clusterContext === 'string' ? clusterContext : undefined);
  return createClusterClient(access, { proxy: context.downloadSettings.proxy, extraCaFile: context.downloadSettings.extraCaFile });
}

/** The step as the PowerShell executor runs one of its node-side scripts: same id, that script, those parameters. */
function onNode(step: PlannedStep, script: string, params: Record<string, unknown>): PlannedStep {
  const { runsIn, ...rest } = step;
  void runsIn;
  return { ...rest, script, params, downloads: [] };
}

function nodeParams(context: StepContext): Record<string, unknown> {
  const { installDir, stateDir } = context.step.params;
  return { installDir, stateDir, Undo: true };
}

export function withClusterSteps(base: StepExecutor, options: ClusterStepOptions): StepExecutor {
  return async (context): Promise<StepOutcome> => {
    if (context.step.runsIn !== 'winjoin') return base(context);
    const id = context.step.id;
    if (id !== 'sample-service' && id !== 'port-mapping' && id !== 'node-drain' && id !== 'node-delete' && id !== 'kubeconfig')
      return {
        status: 'failed',
        exitCode: null,
        error: { code: 'E_SCRIPT_NOT_FOUND', message: `no WinJoin-side implementation of step ${id}` },
      };
    const planned = context.step.params.kubeconfigPath;
    if (typeof planned !== 'string' || !planned)
      return { status: 'failed', exitCode: null, error: new WinJoinError('E_STEP_FAILED', `step ${id} has no kubeconfigPath`).toShape() };
    let client: ClusterClient | null = null;
    try {
      const runOnNode = (script: string, params: Record<string, unknown>) =>
        base({ ...context, step: onNode(context.step, script, params) });
      if (id === 'kubeconfig') {
        // An undo only removes files on the node: it needs no cluster.
        if (context.step.params.Undo === true) return await runOnNode('kubeconfig.ps1', nodeParams(context));
        const clusterContext = context.step.params.context;
        // The node reaches the API server at the address the user's kubeconfig names (a rehearsal maps only WinJoin's own client).
        const { server, ca } = clusterAccess(planned, typeof clusterContext === 'string' && clusterContext ? clusterContext : undefined);
        client = await (options.connect ?? defaultConnect)(context, options.kubeconfigFor?.(planned) ?? planned);
        return await runNodeIdentityStep(context, {
          client,
          runOnNode,
          server,
          ...(ca ? { ca } : {}),
          ...(options.pollMs ? { pollMs: options.pollMs } : {}),
        });
      }
      client = await (options.connect ?? defaultConnect)(context, options.kubeconfigFor?.(planned) ?? planned);
      // docker-sdn's samples: the SDN manifest the node holds, applied here, checked by the node's script.
      if ((id === 'sample-service' || id === 'port-mapping') && typeof context.step.params.nodeScript === 'string')
        return await runSdnSampleStep(context, { client, runOnNode });
      const pollMs = options.pollMs ? { pollMs: options.pollMs } : {};
      if (id === 'node-drain') return await drainNode(context, { client, ...pollMs });
      if (id === 'node-delete') return await deleteNode(context, { client, ...pollMs });
      return await runSampleStep(id, context, { client, httpGet: options.httpGet, ...pollMs });
    } catch (error) {
      return { status: 'failed', exitCode: null, error: toErrorShape(error) };
    } finally {
      await client?.close();
    }
  };
}
