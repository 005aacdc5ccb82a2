/**
 * Reads cluster-info the way kubeadm does on the node: anonymously (no client
 * certificate, no bearer token), first without TLS verification, then
 * trusting the CA it carries. Same proxy rules as every other WinJoin request.
 */
import { request } from 'undici';
import { createDispatcher } from '../net/dispatcher.js';
import { routeFor, type ProxySettings } from '../net/proxy-route.js';
import { CLUSTER_INFO_PATH, type ClusterInfoFetcher } from './discovery.js';

/** "10.1.2.3:6443", "[2001:db8::1]:6443" or "https://host:6443" -> "https://host:port". */
export function endpointUrl(endpoint: string): string {
  return (endpoint.startsWith('https://') ? endpoint : `https://${endpoint}`).replace(/\/+$/, '');
}

export function httpClusterInfoFetcher(
  endpoint: string,
  options: { proxy?: ProxySettings | null; timeoutMs?: number; servername?: string } = {},
): ClusterInfoFetcher {
  const base = endpointUrl(endpoint);
  return async (ca) => {
    const route = await routeFor(base, options.proxy ?? null);
    const dispatcher = createDispatcher({
      route,
      tls: ca ? { ca, ...(options.servername ? { servername: options.servername } : {}) } : { insecure: true },
      idleTimeoutMs: options.timeoutMs ?? 15_000,
      maxRedirections: 0,
    });
    try {
      const response = await request(`${base}${CLUSTER_INFO_PATH}`, {
        dispatcher,
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200)
        throw new Error(`HTTP ${response.statusCode}${response.statusCode === 403 ? ' (anonymous access refused)' : ''}`);
      const configMap = JSON.parse(text) as { data?: Record<string, string> };
      return configMap.data ?? {};
    } finally {
      await dispatcher.destroy().catch(() => undefined);
    }
  };
}
