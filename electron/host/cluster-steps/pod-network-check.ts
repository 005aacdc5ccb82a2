/**
 * The cluster network as a pod on the new node sees it, checked the way an
 * admin would: a short-lived pod pinned to this node resolves
 * kubernetes.default.svc.<clusterDomain> through the cluster DNS, connects
 * to the `kubernetes` Service's ClusterIP, and connects to a pod of the sample
 * web server at its pod IP; it prints one result line per check and exits;
 * its log is read and the pod deleted. On Windows the first two go through
 * the HNS load balancers kube-proxy-windows programs on the node (reference
 * §1.8A), so they fail on a node where it does not run, while everything the
 * node itself checks can still pass. The third needs no kube-proxy, only the
 * pod network (Calico's HNS network and CNI config), so it tells the two apart.
 *
 * Image: Windows Server Core of the host's LTSC (a Windows container must
 * match the host build, T8), the image the sample web server already pulled
 * on this node, so the check adds no pull; it has Windows PowerShell with
 * Resolve-DnsName. Nano Server has no PowerShell, and agnhost would be a
 * second image to pull through whatever proxy the node has.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WinJoinError } from '../../../shared/errors.js';
import type { StepContext } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { encodedCommand, serverCoreImage } from './sample-workloads.js';
import { emitCheck, emitLine } from './step-events.js';

export const CHECK_APP = 'winjoin-network-check';
const NAMESPACE = 'default';
const CONTAINER = 'check';
/** Waited for the pod to finish unless the step's params say checkPodSeconds: the image is already on the node. */
const DEFAULT_SECONDS = 180;

/**
 * What runs in the pod (Windows PowerShell 5.1): one line per check,
 * "winjoin-check <dns|service|pod> <pass|fail> <target> [<answer or reason>]".
 * The targets come in through the environment, so nothing has to be quoted.
 */
export const CHECK_SCRIPT = [
  '$name = $env:WINJOIN_CHECK_DNS_NAME',
  'try {',
  "  $answers = @(Resolve-DnsName -Name $name -Type A -DnsOnly -ErrorAction Stop | Where-Object { $_.Type -eq 'A' })",
  "  if ($answers.Count -gt 0) { 'winjoin-check dns pass ' + $name + ' ' + $answers[0].IPAddress }",
  "  else { 'winjoin-check dns fail ' + $name + ' NO_A_RECORD' }",
  "} catch { 'winjoin-check dns fail ' + $name + ' ' + ([string]$_.FullyQualifiedErrorId).Split(',')[0] }",
  '# A TCP connection to <address>:<port>, said as the line of check $check.',
  'function Test-WinJoinTcp($check, $target) {',
  "  $colon = $target.LastIndexOf(':')",
  '  $client = New-Object System.Net.Sockets.TcpClient',
  '  try {',
  '    $task = $client.ConnectAsync($target.Substring(0, $colon), [int]$target.Substring($colon + 1))',
  "    if ($task.Wait(5000)) { 'winjoin-check ' + $check + ' pass ' + $target } else { 'winjoin-check ' + $check + ' fail ' + $target + ' timeout' }",
  '  } catch {',
  '    $e = $_.Exception',
  '    while ($e.InnerException) { $e = $e.InnerException }',
  '    $reason = if ($e -is [System.Net.Sockets.SocketException]) { [string]$e.SocketErrorCode } else { $e.GetType().Name }',
  "    'winjoin-check ' + $check + ' fail ' + $target + ' ' + $reason",
  '  } finally { $client.Close() }',
  '}',
  'Test-WinJoinTcp service $env:WINJOIN_CHECK_SERVICE',
  'Test-WinJoinTcp pod $env:WINJOIN_CHECK_POD',
].join('\n');

export interface CheckTargets {
  /** kubernetes.default.svc.<clusterDomain> */
  dnsName: string;
  /** The kubernetes Service's ClusterIP:port. */
  service: string;
  /** A sample web server pod's IP:port. */
  pod: string;
}

/** The pod the check pod connects to by its pod IP (the sample web server's). */
export interface TargetPod {
  name: string;
  ip: string;
  port: number;
  node: string;
}

export function networkCheckPod(name: string, nodeName: string, osBuild: number, targets: CheckTargets, seconds: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: CHECK_APP, 'app.kubernetes.io/managed-by': 'winjoin' } },
    spec: {
      // Pod Security admission judges a pod that says it is Windows by the Windows rules.
      os: { name: 'windows' },
      // This node, and only it, whatever NoSchedule taint it carries for Windows workloads.
      nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.io/hostname': nodeName },
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      restartPolicy: 'Never',
      activeDeadlineSeconds: seconds,
      containers: [
        {
          name: CONTAINER,
          image: serverCoreImage(osBuild),
          command: ['powershell.exe', '-NoProfile', '-NonInteractive', '-EncodedCommand', encodedCommand(CHECK_SCRIPT)],
          env: [
            { name: 'WINJOIN_CHECK_DNS_NAME', value: targets.dnsName },
            { name: 'WINJOIN_CHECK_SERVICE', value: targets.service },
            { name: 'WINJOIN_CHECK_POD', value: targets.pod },
          ],
        },
      ],
    },
  };
}

export interface CheckLine {
  pass: boolean;
  target: string;
  /** The address a name resolved to, or why a check failed. */
  answer: string;
}

/** The result lines of the pod's log, by check; other lines (a shell's noise) are ignored. */
export function parseCheckLog(log: string): { dns?: CheckLine; service?: CheckLine; pod?: CheckLine } {
  const found: { dns?: CheckLine; service?: CheckLine; pod?: CheckLine } = {};
  for (const line of log.split(/\r?\n/)) {
    const match = /^winjoin-check (dns|service|pod) (pass|fail) (\S+)(?: (\S+))?\s*$/.exec(line.trim());
    if (match) found[match[1] as 'dns' | 'service' | 'pod'] = { pass: match[2] === 'pass', target: match[3]!, answer: match[4] ?? '' };
  }
  return found;
}

interface PodJson {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
  };
}

/** "Pending ErrImagePull", "Pending Unschedulable": the phase and why the pod is not further. */
function podState(pod: PodJson | null): string {
  if (!pod) return 'NotFound';
  const waiting = pod.status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean);
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.reason;
  return [pod.status?.phase ?? 'Unknown', waiting ?? unscheduled].filter(Boolean).join(' ');
}

async function targets(client: ClusterClient, pod: TargetPod): Promise<CheckTargets> {
  const service = await client.get<{ spec?: { clusterIP?: string; ports?: { port: number }[] } }>(
    `/api/v1/namespaces/default/services/kubernetes`,
  );
  const ip = service.spec?.clusterIP;
  if (!ip) throw new WinJoinError('E_STEP_FAILED', 'The kubernetes Service has no ClusterIP.');
  // The domain the node's kubelet gives its pods (kubeadm's kubelet-config); the kubelet default without one.
  let domain = 'cluster.local';
  try {
    const config = await client.get<{ data?: { kubelet?: string } }>('/api/v1/namespaces/kube-system/configmaps/kubelet-config');
    domain = /^clusterDomain:\s*(\S+)/m.exec(config.data?.kubelet ?? '')?.[1] ?? domain;
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
  }
  return {
    dnsName: `kubernetes.default.svc.${domain}`,
    service: `${ip}:${service.spec?.ports?.[0]?.port ?? 443}`,
    pod: `${pod.ip}:${pod.port}`,
  };
}

/** Deletes every check pod (a run stopped mid-check leaves one); true when one was there. */
export async function deleteCheckPods(client: ClusterClient): Promise<boolean> {
  const list = await client.get<{ items: { metadata: { name: string } }[] }>(
    `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(`app=${CHECK_APP}`)}`,
  );
  for (const pod of list.items) {
    try {
      await client.send('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${pod.metadata.name}`, undefined);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
    }
  }
  return list.items.length > 0;
}

async function waitForExit(client: ClusterClient, name: string, context: StepContext, seconds: number, pollMs: number) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    let pod: PodJson | null = null;
    try {
      pod = await client.get<PodJson>(`/api/v1/namespaces/${NAMESPACE}/pods/${name}`);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
    }
    const phase = pod?.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return { finished: true, state: podState(pod) };
    if (Date.now() >= deadline) return { finished: false, state: podState(pod) };
    try {
      await sleep(Math.min(pollMs, Math.max(deadline - Date.now(), 0)), undefined, { signal: context.signal });
    } catch {
      throw new WinJoinError('E_CANCELLED', `Stopped waiting for the check pod ${name}.`);
    }
  }
}

async function readLog(client: ClusterClient, name: string): Promise<string> {
  try {
    return await client.getText(`/api/v1/namespaces/${NAMESPACE}/pods/${name}/log?container=${CONTAINER}`);
  } catch (error) {
    // No log to read (the container never ran): each check then has no result, said as such.
    if (error instanceof ApiStatusError) return '';
    throw error;
  }
}

function reportPodToPod(context: StepContext, result: CheckLine | undefined, target: TargetPod, pod: string): void {
  const about = { targetPod: target.name, node: target.node, ip: target.ip, port: String(target.port) };
  const address = `${target.ip}:${target.port}`;
  if (!result) emitCheck(context, 'pod-to-pod', 'fail', 'noResult', { pod, ...about }, `${pod}: no result for ${address} in its log`);
  else if (result.pass) emitCheck(context, 'pod-to-pod', 'pass', 'pass', about, `${target.name} (${target.node}) ${address} open`);
  else
    emitCheck(
      context,
      'pod-to-pod',
      'fail',
      'fail',
      { ...about, reason: result.answer },
      `${target.name} (${target.node}) ${address}: ${result.answer}`,
    );
}

function report(context: StepContext, found: ReturnType<typeof parseCheckLog>, wanted: CheckTargets, pod: string, target: TargetPod) {
  const { dns, service } = found;
  if (!dns) emitCheck(context, 'pod-dns', 'fail', 'noResult', { pod, name: wanted.dnsName }, `${pod}: no DNS result in its log`);
  else if (dns.pass)
    emitCheck(context, 'pod-dns', 'pass', 'pass', { name: dns.target, address: dns.answer }, `${dns.target} -> ${dns.answer}`);
  else emitCheck(context, 'pod-dns', 'fail', 'fail', { name: dns.target, reason: dns.answer }, `${dns.target}: ${dns.answer}`);
  if (!service)
    emitCheck(context, 'pod-service', 'fail', 'noResult', { pod, target: wanted.service }, `${pod}: no connection result in its log`);
  else if (service.pass)
    emitCheck(context, 'pod-service', 'pass', 'pass', { service: 'default/kubernetes', target: service.target }, `${service.target} open`);
  else
    emitCheck(
      context,
      'pod-service',
      'fail',
      'fail',
      { service: 'default/kubernetes', target: service.target, reason: service.answer },
      `${service.target}: ${service.answer}`,
    );
  reportPodToPod(context, found.pod, target, pod);
  return Boolean(dns?.pass && service?.pass && found.pod?.pass);
}

/** The checks the pod reports, in the order it makes them. */
const POD_CHECK_IDS = ['pod-dns', 'pod-service', 'pod-to-pod'] as const;

/**
 * Runs the check pod on the node and reports pod-dns, pod-service and pod-to-pod (to `target`);
 * true when all passed. A pod that does not finish in time fails each, with its phase and waiting reason.
 */
export async function runPodNetworkCheck(
  context: StepContext,
  deps: { client: ClusterClient; pollMs?: number },
  nodeName: string,
  osBuild: number,
  target: TargetPod,
): Promise<boolean> {
  const { client } = deps;
  const seconds = Number(context.step.params.checkPodSeconds ?? DEFAULT_SECONDS);
  const wanted = await targets(client, target);
  await deleteCheckPods(client);
  const name = `${CHECK_APP}-${randomBytes(3).toString('hex')}`;
  await client.send('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, networkCheckPod(name, nodeName, osBuild, wanted, seconds));
  emitLine(
    context,
    `pod ${NAMESPACE}/${name} created (node ${nodeName}): resolves ${wanted.dnsName}, connects to ${wanted.service} and to pod ${target.name} at ${wanted.pod}`,
  );
  try {
    const { finished, state } = await waitForExit(client, name, context, seconds, deps.pollMs ?? 2000);
    if (!finished) {
      for (const id of POD_CHECK_IDS)
        emitCheck(context, id, 'fail', 'notStarted', { pod: name, state, seconds: String(seconds) }, `${name} ${state} after ${seconds} s`);
      return false;
    }
    const log = await readLog(client, name);
    for (const line of log.split(/\r?\n/).filter(Boolean)) emitLine(context, line);
    return report(context, parseCheckLog(log), wanted, name, target);
  } finally {
    await client.send('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${name}`, undefined).catch(() => undefined);
  }
}
