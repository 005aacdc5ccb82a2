// What a container on this Windows node sees of the cluster network, for
// the one kind of run-to-completion container the rehearsal can run: WinJoin's
// network check (its targets in the environment, WINJOIN_CHECK_DNS_NAME and
// WINJOIN_CHECK_SERVICE). A Windows pod reaches a ClusterIP only through the
// HNS load balancers kube-proxy-windows programs on its node (reference §1.8A,
// T2): without a running kube-proxy-windows here, neither kube-dns nor any
// other Service answers. Its DNS server is kubelet's clusterDNS (config.yaml,
// from kubelet-config); without one the pod gets the host's resolver, which
// knows no cluster names. A Service answers only with endpoints behind it.
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

/**
 * Runs the check as the pod would: resolves the name through the pod's DNS server and connects to the
 * Service address; returns the lines its script prints. `kubeProxyHere`: a kube-proxy-windows pod runs on this node.
 */
export async function runNetworkCheck(pod, { request, kubeletConfig, kubeProxyHere }) {
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
