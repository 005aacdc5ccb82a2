/**
 * The gate a containerd-kubeadm join passes before the Windows machine
 * changes: the cluster prerequisites (fixed first when the user agreed), then
 * the join credentials verified exactly as kubeadm will. The result names each
 * failed check or the wrong credential, with its known problem, and never holds
 * the token itself (the caller gets it separately, to hand to the join step).
 */
import type { Answers } from '../../shared/answers.js';
import type { ClusterCheckId, ClusterCheckResult } from '../../shared/cluster-checks.js';
import { toErrorShape, type WinJoinErrorShape } from '../../shared/errors.js';
import { matchKnownProblems } from '../../shared/known-problems/match.js';
import { httpClusterInfoFetcher } from '../host/bootstrap/cluster-info-http.js';
import type { ClusterInfoFetcher } from '../host/bootstrap/discovery.js';
import { endpointOfServer, settleJoinCredentials, type JoinCredentials } from '../host/bootstrap/credentials.js';
import { clusterAccess } from '../host/cluster/access.js';
import { createClusterClient, type ClusterClient } from '../host/cluster/client.js';
import { applyClusterFixes } from '../host/cluster-prereqs/apply.js';
import { checkClusterPrerequisites, type ClusterPrereqReport } from '../host/cluster-prereqs/checks.js';
import { downloadSettingsOf } from '../join/planner.js';

export interface KubeadmGateResult {
  ok: boolean;
  checks: ClusterCheckResult[];
  /** Checks WinJoin fixed in the cluster, with consent. */
  applied: ClusterCheckId[];
  /** The settled credentials without the token (tokenId only). */
  credentials: Omit<JoinCredentials, 'token' | 'secrets'> | null;
  /** The API server's gitVersion, when /version answered: match-cluster plans with it. */
  serverVersion: string | null;
  error: WinJoinErrorShape | null;
  knownProblems: string[];
}

/** "[2001:db8::1]:6443" -> { host: "2001:db8::1", port: "6443" }. */
function splitEndpoint(endpoint: string): { host: string; port: string } {
  const bare = endpoint.replace(/^https:\/\//, '').replace(/\/+$/, '');
  const colon = bare.lastIndexOf(':');
  return { host: bare.slice(0, colon).replace(/^\[|\]$/g, ''), port: bare.slice(colon + 1) };
}

export interface KubeadmGateOptions {
  /**
   * Where WinJoin's own connections to an API server endpoint go. Identity on
   * a real machine; a rehearsal maps the simulated master to its loopback
   * listener, so the endpoint the checks compare and the join step gets stays
   * the one the node itself would use.
   */
  reach?: (endpoint: string) => string;
}

/** The cluster as the gate and the readiness page reach it: the admin client, the endpoint kubeadm will use, the checks. */
export interface GateContext {
  client: ClusterClient;
  access: ReturnType<typeof clusterAccess>;
  fetchFor: (endpoint: string) => ClusterInfoFetcher;
  check: () => Promise<ClusterPrereqReport>;
}

export async function openGateContext(answers: Answers, options: KubeadmGateOptions = {}): Promise<GateContext> {
  const reach = options.reach ?? ((endpoint: string) => endpoint);
  const proxy = downloadSettingsOf(answers).proxy;
  const access = clusterAccess(answers.cluster.kubeconfigPath, answers.cluster.context);
  const client = await createClusterClient(
    { ...access, server: reach(access.server) },
    { proxy, extraCaFile: answers.downloads.extraCaFile },
  );
  const endpoint = answers.join.apiServerEndpoint ?? endpointOfServer(access.server);
  const fetchFor = (target: string) => httpClusterInfoFetcher(reach(target), { proxy });
  const check = () =>
    checkClusterPrerequisites({
      client,
      readClusterInfoAnonymously: () => fetchFor(endpoint)(null),
      apiServer: splitEndpoint(endpoint),
      requestedVersion: answers.kubernetesVersion,
    });
  return { client, access, fetchFor, check };
}

export async function runKubeadmGate(
  answers: Answers,
  options: KubeadmGateOptions = {},
): Promise<{ result: KubeadmGateResult; token: string | null; secrets: string[] }> {
  const result: KubeadmGateResult = {
    ok: false,
    checks: [],
    applied: [],
    credentials: null,
    serverVersion: null,
    error: null,
    knownProblems: [],
  };
  let gate: GateContext | null = null;
  try {
    gate = await openGateContext(answers, options);
    const { client, access, fetchFor, check } = gate;
    let report = await check();
    result.applied = await applyClusterFixes(client, report, answers.cluster.applyPrerequisites);
    if (result.applied.length) report = await check();
    result.checks = report.results;
    result.serverVersion = report.results.find((r) => r.id === 'server-version')?.params.server ?? null;
    if (report.results.some((r) => r.status === 'fail')) {
      result.knownProblems = matchKnownProblems({ checks: report.results });
      return { result, token: null, secrets: [] };
    }
    const credentials = await settleJoinCredentials({
      join: answers.join,
      server: access.server,
      kubeconfigCa: access.ca ?? null,
      client: () => Promise.resolve(client),
      fetchFor,
    });
    const { token, secrets, ...shown } = credentials;
    result.credentials = shown;
    result.ok = true;
    return { result, token, secrets };
  } catch (error) {
    result.error = toErrorShape(error);
    result.knownProblems = matchKnownProblems({ errorCode: result.error.code, errorMessage: result.error.message });
    return { result, token: null, secrets: [] };
  } finally {
    await gate?.client.close();
  }
}
