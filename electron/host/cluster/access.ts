/**
 * What the API client needs from a kubeconfig context: the server, the CA,
 * and a client certificate or a token. Refused when the inspection found
 * an error, with the finding codes in the message.
 */
import { WinJoinError } from '../../../shared/errors.js';
import { loadKubeconfig, str } from '../kubeconfig/document.js';
import { selectContext } from '../kubeconfig/inspect.js';

export interface ClusterAccess {
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecure?: boolean;
  tlsServerName?: string;
  /** The kubeconfig cluster's own proxy-url, which wins over the answers' proxy, as in kubectl. */
  proxyUrl?: string;
}

export function clusterAccess(kubeconfigFile: string, context?: string): ClusterAccess {
  const selection = selectContext(loadKubeconfig(kubeconfigFile), context);
  // A loopback server is wrong for kubelet on the node, but WinJoin's own client can still reach it (a rehearsal does).
  const errors = selection.findings.filter((f) => f.severity === 'error' && f.code !== 'KC_LOCALHOST_SERVER');
  const server = str(selection.cluster?.value.server);
  if (errors.length || !server) {
    throw new WinJoinError(
      'E_KUBECONFIG_READ',
      `The kubeconfig ${kubeconfigFile} cannot be used: ${errors.map((e) => e.code).join(', ')}`,
      {
        path: kubeconfigFile,
        codes: errors.map((e) => e.code).join(','),
      },
    );
  }
  const { ca, cert, key, token } = selection.material;
  const cluster = selection.cluster?.value ?? {};
  return {
    server: server.replace(/\/+$/, ''),
    ...(ca ? { ca: ca.toString('utf8') } : {}),
    ...(cert && key ? { cert: cert.toString('utf8'), key: key.toString('utf8') } : {}),
    ...(token ? { token } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { insecure: true } : {}),
    ...(str(cluster['tls-server-name']) ? { tlsServerName: str(cluster['tls-server-name']) } : {}),
    ...(str(cluster['proxy-url']) ? { proxyUrl: str(cluster['proxy-url']) } : {}),
  };
}
