// What a container on this Windows node sees of the cluster network, for
// the one kind of run-to-completion container the rehearsal can run: WinJoin's
// network check (its targets in the environment, WINJOIN_CHECK_DNS_NAME,
// WINJOIN_CHECK_SERVICE and WINJOIN_CHECK_POD). A Windows pod reaches a ClusterIP only through the
// HNS load balancers kube-proxy-windows programs on its node (reference §1.8A,
// T2): without a running kube-proxy-windows here, neither kube-dns nor any
// other Service answers. Its DNS server is kubelet's clusterDNS (config.yaml,
// from kubelet-config); without one the pod gets the host's resolver, which
// knows no cluster names. A Service answers only with endpoints behind it.
// A pod IP needs no kube-proxy: it answers when the pod network is up on this
// node (Calico's HNS network and the CNI config) and a Running pod has that IP
// and declares that container port (nothing else listens in the sample).
import fs from 'node:fs';
import path from 'node:path';
import { machinePath } from './common.mjs';

/** clusterDNS and clusterDomain of the kubelet's --config file (kubeadm wrote it from kubelet-config). */
function kubeletDnsSettings(configFile) {
  const text = configFile && fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : '';
  const dns = /^clusterDNS:\s*\n((?:\s*-\s*\S+\s*\n?)+)/m.exec(text);
  const servers = dns ? [...dns[1].matchAll(/-\s*(\S+)/g)].map((m) => m[1]) : [];
  const domain = /^clusterDomain:\s*(\S+)/m.exec(text)?.[1] ?? '';
  return { servers, domain };
}

function containerEnv(container, name) {
  return (container.env ?? []).find((e) => e.name === name)?.value ?? '';
}

/** True when the container is WinJoin's network check, which this stand-in knows how to run. */
export function isNetworkCheck(pod) {
  const container = pod.spec?.containers?.[0];
  return Boolean(container) && pod.spec?.restartPolicy === 'Never' && Boolean(containerEnv(container, 'WINJOIN_CHECK_DNS_NAME'));
}

/** Why a TCP connection to a pod IP fails, as TcpClient says it; null when it connects. */
async function podAnswer(request, ip, port, podNetworkUp) {
  // Without the HNS network the packet has nowhere to go: the SYN is lost and TcpClient gives up.
  if (!podNetworkUp) return 'timeout';
  const pods = (await request('GET', '/api/v1/pods')).json?.items ?? [];
  const target = pods.find((p) => p.status?.podIP === ip && p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
  if (!target) return 'timeout';
  const listens = (target.spec?.containers ?? []).some((c) => (c.ports ?? []).some((p) => p.containerPort === port));
  // The pod is there, its stack answers the SYN with a reset.
  return listens ? null : 'ConnectionRefused';
}

/**
 * Runs the check as the pod would: resolves the name through the pod's DNS server, connects to the
 * Service address and to the pod address; returns the lines its script prints. `kubeProxyHere`: a
 * kube-proxy-windows pod runs on this node; `podNetworkUp`: Calico's HNS network and CNI config are here.
 */
export async function runNetworkCheck(pod, { request, kubeletConfig, kubeProxyHere, podNetworkUp }) {
  const container = pod.spec.containers[0];
  const services = (await request('GET', '/api/v1/services')).json?.items ?? [];
  const answering = async (ip, port) => {
    const service = services.find((s) => s.spec?.clusterIP === ip && (s.spec.ports ?? []).some((p) => p.port === port));
    if (!service || !kubeProxyHere) return false;
    const endpoints = await request('GET', `/api/v1/namespaces/${service.metadata.namespace}/endpoints/${service.metadata.name}`);
    return (endpoints.json?.subsets ?? []).some((s) => (s.addresses ?? []).length > 0);
  };
  const lines = [];

  const name = containerEnv(container, 'WINJOIN_CHECK_DNS_NAME');
  const { servers, domain } = kubeletDnsSettings(kubeletConfig ? machinePath(kubeletConfig, { slashRooted: true }) : '');
  const match = domain ? new RegExp(`^([^.]+)\\.([^.]+)\\.svc\\.${domain.replace(/\./g, '\\.')}\\.?$`).exec(name) : null;
  if (servers.length === 0) lines.push(`winjoin-check dns fail ${name} DNS_ERROR_RCODE_NAME_ERROR`);
  else if (!(await answering(servers[0], 53))) lines.push(`winjoin-check dns fail ${name} ERROR_TIMEOUT`);
  else {
    const found = match && services.find((s) => s.metadata.name === match[1] && s.metadata.namespace === match[2]);
    lines.push(
      found?.spec?.clusterIP
        ? `winjoin-check dns pass ${name} ${found.spec.clusterIP}`
        : `winjoin-check dns fail ${name} DNS_ERROR_RCODE_NAME_ERROR`,
    );
  }

  const target = containerEnv(container, 'WINJOIN_CHECK_SERVICE');
  const colon = target.lastIndexOf(':');
  const reached = colon > 0 && (await answering(target.slice(0, colon), Number(target.slice(colon + 1))));
  // No load balancer for the VIP on this host: the SYN goes nowhere, and TcpClient gives up after its wait.
  lines.push(reached ? `winjoin-check service pass ${target}` : `winjoin-check service fail ${target} timeout`);

  // The script fails without a target in a way its log has no result line for.
  const podTarget = containerEnv(container, 'WINJOIN_CHECK_POD');
  const podColon = podTarget.lastIndexOf(':');
  if (podColon > 0) {
    const why = await podAnswer(request, podTarget.slice(0, podColon), Number(podTarget.slice(podColon + 1)), podNetworkUp);
    lines.push(why ? `winjoin-check pod fail ${podTarget} ${why}` : `winjoin-check pod pass ${podTarget}`);
  }
  return lines;
}

/** Writes the container's output where the kubelet keeps it (C:\var\log\pods), in the CRI log format the API server relays. */
export function writeContainerLog(pod, lines) {
  const container = pod.spec.containers[0].name;
  const dir = path.join(machinePath('C:\\var\\log\\pods'), `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`, container);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString();
  fs.writeFileSync(path.join(dir, '0.log'), lines.map((line) => `${stamp} stdout F ${line}\n`).join(''));
}
