/**
 * The kubeadm gate inside a join: a containerd-kubeadm run starts only after
 * the cluster prerequisites passed and the join credentials verified exactly
 * as kubeadm's discovery will (kubeadm-gate.ts). What the gate settled goes to
 * the engine: the server's version and the CA pin and endpoint the answers
 * left null become plan values; a token the gate created stays in memory and
 * state.json gets only its marker and how to create another.
 *
 * On resume a created token is never read back (it was never saved): while
 * kubeadm-join is unfinished, a new one is created with the same kubeconfig
 * and verified against the plan's CA pin and endpoint. The old one expires on
 * its own (2 hours); a fresh one also survives a long restart.
 */
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import type { SecretField } from '../../shared/secret-refs.js';
import type { JoinState } from '../../shared/state.js';
import { httpClusterInfoFetcher } from '../host/bootstrap/cluster-info-http.js';
import { settleJoinCredentials } from '../host/bootstrap/credentials.js';
import { clusterAccess } from '../host/cluster/access.js';
import { createClusterClient } from '../host/cluster/client.js';
import type { GatedJoin, GateNote } from '../join/engine.js';
import type { DownloadSettings } from '../../shared/plan.js';
import { runKubeadmGate, type KubeadmGateOptions, type KubeadmGateResult } from './kubeadm-gate.js';

export type GateRunner = typeof runKubeadmGate;

/** A join the gate stopped before the machine changed: the gate's own error, or the failed prerequisite checks. */
export class JoinGateError extends WinJoinError {
  constructor(readonly gate: KubeadmGateResult) {
    const failed = gate.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    super(
      gate.error?.code ?? 'E_CLUSTER_NOT_READY',
      gate.error?.message ?? `the cluster is not ready for this node: ${failed.join(', ')}`,
      gate.error?.params ?? { checks: failed.join(', ') },
    );
  }
}

/** Runs the gate for a containerd-kubeadm join (null for other recipes); throws JoinGateError when it does not pass. */
export async function gateJoin(answers: Answers, gate: GateRunner = runKubeadmGate): Promise<GatedJoin | null> {
  if (answers.recipe !== 'containerd-kubeadm') return null;
  const { result, token, secrets } = await gate(answers);
  if (!result.ok || !result.credentials || !token) throw new JoinGateError(result);
  const { caCertHash, endpoint, tokenCreated, tokenId, tokenExpires, caCertHashSource } = result.credentials;
  const notes: GateNote[] = [
    ...result.applied.map((check) => ({ level: 'info' as const, key: 'joinGate.applied', params: { check } })),
    tokenCreated
      ? { level: 'info', key: 'joinGate.tokenCreated', params: { id: tokenId, expires: tokenExpires ?? '' } }
      : tokenExpires
        ? { level: 'info', key: 'joinGate.tokenVerifiedUntil', params: { id: tokenId, expires: tokenExpires } }
        : { level: 'info', key: 'joinGate.tokenVerified', params: { id: tokenId } },
    // A pin nobody typed is shown so the admin can compare it with `kubeadm token create --print-join-command`.
    {
      level: caCertHashSource === 'kubeconfig' ? 'warn' : 'info',
      key: caCertHashSource === 'kubeconfig' ? 'joinGate.pinFromKubeconfig' : 'joinGate.pinVerified',
      params: { pin: caCertHash, endpoint },
    },
  ];
  return {
    notes,
    context: {
      ...(result.serverVersion ? { cluster: { serverGitVersion: result.serverVersion } } : {}),
      join: { caCertHash, endpoint, tokenCreated },
    },
    createdToken: tokenCreated
      ? {
          value: token,
          source: { createdToken: { kubeconfigPath: answers.cluster.kubeconfigPath, context: answers.cluster.context ?? null } },
        }
      : null,
    secrets,
  };
}

/** The created token a resume needs: sealed with a createdToken source, and kubeadm-join not finished. */
export function tokenToRenew(state: JoinState): { kubeconfigPath: string; context: string | null } | null {
  const sealed = state.secrets.find((s) => s.field === 'join.token' && 'createdToken' in s.source);
  const join = state.steps.find((s) => s.id === 'kubeadm-join');
  if (!sealed || !('createdToken' in sealed.source) || !join || join.status === 'done' || join.status === 'skipped') return null;
  return sealed.source.createdToken;
}

/**
 * Creates a new bootstrap token and verifies it as kubeadm will, against the
 * CA pin and endpoint the plan's kubeadm-join step holds. A failure is
 * E_SECRET_UNAVAILABLE (context createdToken) when the kubeconfig or the API
 * cannot be used, else the discovery error naming what is wrong.
 */
export async function renewCreatedToken(
  state: JoinState,
  settings: Pick<DownloadSettings, 'proxy' | 'extraCaFile'>,
  options: KubeadmGateOptions = {},
): Promise<{ values: Map<SecretField, string>; secrets: string[] }> {
  const reach = options.reach ?? ((endpoint: string) => endpoint);
  const source = tokenToRenew(state);
  if (!source) return { values: new Map(), secrets: [] };
  const params = state.plan.steps.find((s) => s.id === 'kubeadm-join')?.params ?? {};
  const caCertHash = typeof params.caCertHash === 'string' ? params.caCertHash : null;
  const apiServerEndpoint = typeof params.apiServerEndpoint === 'string' ? params.apiServerEndpoint : null;
  const unavailable = (reason: string) =>
    new WinJoinError('E_SECRET_UNAVAILABLE', `cannot resume: a new join.token cannot be created (${reason})`, {
      field: 'join.token',
      source: source.kubeconfigPath,
      context: 'createdToken',
    });
  let client: Awaited<ReturnType<typeof createClusterClient>> | null = null;
  try {
    let access;
    try {
      access = clusterAccess(source.kubeconfigPath, source.context ?? undefined);
      client = await createClusterClient(
        { ...access, server: reach(access.server) },
        { proxy: settings.proxy, extraCaFile: settings.extraCaFile },
      );
    } catch (error) {
      throw unavailable((error as Error).message);
    }
    const opened = client;
    const credentials = await settleJoinCredentials({
      join: { token: null, caCertHash, apiServerEndpoint },
      server: access.server,
      kubeconfigCa: access.ca ?? null,
      client: () => Promise.resolve(opened),
      fetchFor: (target) => httpClusterInfoFetcher(reach(target), { proxy: settings.proxy }),
    });
    return { values: new Map([['join.token', credentials.token]]), secrets: credentials.secrets };
  } finally {
    await client?.close();
  }
}
