/**
 * Inspects a kubeconfig for the node: which contexts it offers, which one
 * is used, and every finding for that context. The result has the shape
 * of the 'kubeconfig:inspect' IPC response.
 */
import { X509Certificate } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { loadKubeconfig, str, type Kubeconfig, type Named, type Obj } from './document.js';
import type { Finding } from './findings.js';
import { clusterMaterial, userMaterial, type Material } from './material.js';

export interface KubeconfigInspection {
  path: string;
  usable: boolean;
  contexts: { name: string; cluster: string; user: string }[];
  currentContext: string | null;
  server: string | null;
  findings: Finding[];
}

export interface Selection {
  kc: Kubeconfig;
  context: Named<Obj> | null;
  cluster: Named<Obj> | null;
  user: Named<Obj> | null;
  material: Material;
  findings: Finding[];
}

function isLocalhost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(host)) return false;
  const range = ipaddr.process(host).range();
  return range === 'loopback' || range === 'unspecified';
}

function checkServer(kc: Kubeconfig, cluster: Named<Obj>, findings: Finding[]): void {
  const server = str(cluster.value.server);
  const line = kc.lineOf('clusters', cluster.index, 'cluster', 'server');
  if (!server) {
    findings.push({ code: 'KC_NO_SERVER', severity: 'error', params: { cluster: cluster.name }, line });
    return;
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    findings.push({ code: 'KC_NO_SERVER', severity: 'error', params: { cluster: cluster.name, server }, line });
    return;
  }
  // From the Windows node, localhost is the node itself: kubelet ends in "dial tcp [::1]:8080".
  if (isLocalhost(url.hostname))
    findings.push({ code: 'KC_LOCALHOST_SERVER', severity: 'error', params: { cluster: cluster.name, server }, line });
  if (url.protocol === 'http:')
    findings.push({ code: 'KC_HTTP_SERVER', severity: 'warning', params: { cluster: cluster.name, server }, line });
}

function checkTls(kc: Kubeconfig, cluster: Named<Obj>, material: Material, findings: Finding[]): void {
  const insecure = cluster.value['insecure-skip-tls-verify'] === true;
  if (insecure) {
    findings.push({
      code: 'KC_INSECURE_SKIP_TLS',
      severity: 'warning',
      params: { cluster: cluster.name },
      line: kc.lineOf('clusters', cluster.index, 'cluster', 'insecure-skip-tls-verify'),
    });
  } else if (
    !material.ca &&
    String(cluster.value.server ?? '').startsWith('https:') &&
    cluster.value['certificate-authority'] === undefined
  ) {
    findings.push({
      code: 'KC_NO_CA',
      severity: 'warning',
      params: { cluster: cluster.name },
      line: kc.lineOf('clusters', cluster.index, 'cluster'),
    });
  }
}

function checkUser(kc: Kubeconfig, user: Named<Obj>, material: Material, findings: Finding[]): void {
  const at = (...keys: string[]) => kc.lineOf('users', user.index, 'user', ...keys);
  const exec = user.value.exec as Obj | undefined;
  if (exec)
    findings.push({
      code: 'KC_EXEC_PLUGIN',
      severity: 'error',
      params: { user: user.name, command: String(exec.command ?? '') },
      line: at('exec'),
    });
  const provider = user.value['auth-provider'] as Obj | undefined;
  if (provider)
    findings.push({
      code: 'KC_AUTH_PROVIDER',
      severity: 'error',
      params: { user: user.name, provider: String(provider.name ?? '') },
      line: at('auth-provider'),
    });
  const names = (f: string) => user.value[f] !== undefined || user.value[`${f}-data`] !== undefined;
  const hasCert = names('client-certificate');
  const hasKey = names('client-key');
  if (hasCert !== hasKey) {
    findings.push({
      code: 'KC_INCOMPLETE_CLIENT_CERT',
      severity: 'error',
      params: { user: user.name, missing: hasCert ? 'client-key' : 'client-certificate' },
      line: at(),
    });
  }
  const basic = str(user.value.username) !== undefined && str(user.value.password) !== undefined;
  if (basic) findings.push({ code: 'KC_BASIC_AUTH', severity: 'warning', params: { user: user.name }, line: at('username') });
  if (!exec && !provider && !hasCert && !hasKey && !basic && user.value.token === undefined && user.value.tokenFile === undefined) {
    findings.push({ code: 'KC_NO_CREDENTIALS', severity: 'error', params: { user: user.name }, line: at() });
  }
  if (material.cert) {
    try {
      const cert = new X509Certificate(material.cert);
      if (Date.parse(cert.validTo) < Date.now()) {
        findings.push({
          code: 'KC_CERT_EXPIRED',
          severity: 'error',
          params: { user: user.name, expired: new Date(cert.validTo).toISOString() },
          line: at('client-certificate-data') ?? at('client-certificate'),
        });
      }
    } catch {
      findings.push({
        code: 'KC_BAD_DATA',
        severity: 'error',
        params: { field: 'client-certificate', name: user.name },
        line: at('client-certificate-data') ?? at('client-certificate'),
      });
    }
  }
}

/** Picks the context (the named one, else current-context) and checks it. */
export function selectContext(kc: Kubeconfig, wanted?: string): Selection {
  const findings: Finding[] = [];
  const result: Selection = { kc, context: null, cluster: null, user: null, material: {}, findings };
  const name = wanted ?? kc.currentContext;
  const available = kc.contexts.map((c) => c.name).join(', ');
  if (kc.contexts.length === 0 || !name) {
    findings.push({ code: 'KC_NO_CONTEXT', severity: 'error', params: { available }, line: kc.lineOf('current-context') });
    return result;
  }
  const context = kc.contexts.find((c) => c.name === name);
  if (!context) {
    findings.push({
      code: 'KC_CONTEXT_NOT_FOUND',
      severity: 'error',
      params: { context: name, available },
      line: kc.lineOf('current-context'),
    });
    return result;
  }
  result.context = context;
  if (kc.contexts.length > 1)
    findings.push({ code: 'KC_MULTIPLE_CONTEXTS', severity: 'info', params: { context: name, count: String(kc.contexts.length) } });
  const clusterName = String(context.value.cluster ?? '');
  const userName = String(context.value.user ?? '');
  result.cluster = kc.clusters.find((c) => c.name === clusterName) ?? null;
  result.user = kc.users.find((u) => u.name === userName) ?? null;
  const ctxLine = (key: string) => kc.lineOf('contexts', context.index, 'context', key);
  if (!result.cluster)
    findings.push({
      code: 'KC_CLUSTER_NOT_FOUND',
      severity: 'error',
      params: { context: name, cluster: clusterName },
      line: ctxLine('cluster'),
    });
  if (!result.user)
    findings.push({ code: 'KC_USER_NOT_FOUND', severity: 'error', params: { context: name, user: userName }, line: ctxLine('user') });
  if (result.cluster) {
    checkServer(kc, result.cluster, findings);
    Object.assign(result.material, clusterMaterial(kc, result.cluster, findings));
    checkTls(kc, result.cluster, result.material, findings);
  }
  if (result.user) {
    Object.assign(result.material, userMaterial(kc, result.user, findings));
    checkUser(kc, result.user, result.material, findings);
  }
  return result;
}

export function inspectKubeconfig(file: string, options: { context?: string } = {}): KubeconfigInspection {
  const kc = loadKubeconfig(file);
  const selection = selectContext(kc, options.context);
  return {
    path: file,
    usable: !selection.findings.some((f) => f.severity === 'error'),
    contexts: kc.contexts.map((c) => ({ name: c.name, cluster: String(c.value.cluster ?? ''), user: String(c.value.user ?? '') })),
    currentContext: kc.currentContext,
    server: str(selection.cluster?.value.server) ?? null,
    findings: selection.findings,
  };
}
