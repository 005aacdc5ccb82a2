/**
 * The endpoints controller of the simulated cluster: which addresses stand
 * behind a Service. A Service with a selector is backed by the Running pods
 * it selects that have an IP (no pod, no endpoint: its ClusterIP answers
 * nobody, as on a real cluster); the selector-less `kubernetes` Service is
 * backed by the API server itself, as kube-apiserver keeps it.
 */
import type { ClusterState, ServiceObject } from './cluster-model.js';

/** The API server's secure port behind default/kubernetes (targetPort of its seeded port). */
const API_SERVER_PORT = 6443;

export interface EndpointAddress {
  ip: string;
  /** The pod behind it; absent for the API server. */
  pod?: string;
}

export function serviceEndpoints(state: ClusterState, service: ServiceObject): EndpointAddress[] {
  const { namespace, name } = service.metadata;
  if (namespace === 'default' && name === 'kubernetes') return [{ ip: state.masterIp }];
  const selector = service.spec.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  return state.pods
    .filter(
      (p) =>
        p.metadata.namespace === namespace &&
        p.status.phase === 'Running' &&
        Boolean(p.status.podIP) &&
        Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
    )
    .map((p) => ({ ip: p.status.podIP!, pod: p.metadata.name }));
}

/** The v1 Endpoints object of a Service, as GET /api/v1/namespaces/<ns>/endpoints/<name> serves it. */
export function endpointsObject(state: ClusterState, service: ServiceObject): Record<string, unknown> {
  const addresses = serviceEndpoints(state, service);
  const ports = ((service.spec.ports ?? []) as { name?: string; port: number; targetPort?: number; protocol?: string }[]).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: service.metadata.name === 'kubernetes' && service.metadata.namespace === 'default' ? API_SERVER_PORT : (p.targetPort ?? p.port),
    protocol: p.protocol ?? 'TCP',
  }));
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service.metadata.name, namespace: service.metadata.namespace, labels: service.metadata.labels ?? {} },
    subsets: addresses.length
      ? [
          {
            addresses: addresses.map((a) => ({
              ip: a.ip,
              ...(a.pod ? { targetRef: { kind: 'Pod', name: a.pod, namespace: service.metadata.namespace } } : {}),
            })),
            ports,
          },
        ]
      : [],
  };
}
