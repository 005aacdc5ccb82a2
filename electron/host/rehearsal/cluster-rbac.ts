/**
 * What each identity may do on the simulated containerd-kubeadm cluster: the
 * few RBAC rules kubeadm sets up and a join depends on, written as code (the
 * rehearsal needs the outcome, not an RBAC engine). system:masters may do
 * anything; everyone may read /version, /healthz and kube-public/cluster-info;
 * a bootstrap token of kubeadm's node group may read the kubeadm ConfigMaps
 * and nodes, and create and read CSRs while kubeadm:kubelet-bootstrap binds
 * its group; a node (system:node:<name>) may register and update itself and
 * read what its kubelet reads. Anything else is 403 with RBAC's own message.
 */
import type { ClusterState } from './cluster-model.js';
import type { Identity } from './cluster-auth.js';
import { findObject, GENERIC_RESOURCES, HttpError, type RequestInfo } from './cluster-resources.js';

/** The group `kubeadm token create` (and WinJoin) gives join tokens; kubeadm's bindings name it. */
export const KUBEADM_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

const PUBLIC_PATHS = ['/version', '/version/', '/healthz', '/livez', '/readyz'];
/** What kubeadm join reads with the token (Roles kubeadm:nodes-kubeadm-config, kubeadm:kubelet-config, kube-proxy). */
const JOIN_CONFIGMAPS = ['kubeadm-config', 'kubelet-config', 'kube-proxy'];
const BINDINGS = GENERIC_RESOURCES.find((r) => r.plural === 'clusterrolebindings')!;

/** True when the ClusterRoleBinding exists and names one of the identity's groups as a subject. */
export function bindingGrants(state: ClusterState, binding: string, who: Identity): boolean {
  const found = findObject(state, BINDINGS, '', binding);
  const subjects = (found?.subjects as { kind?: string; name?: string }[] | undefined) ?? [];
  return subjects.some((s) => (s.kind === 'Group' && who.groups.includes(s.name ?? '')) || (s.kind === 'User' && s.name === who.user));
}

function nodeName(who: Identity): string | null {
  return who.groups.includes('system:nodes') && who.user.startsWith('system:node:') ? who.user.slice('system:node:'.length) : null;
}

function allowed(state: ClusterState, who: Identity, info: RequestInfo, bodyName: string | undefined): boolean {
  if (who.groups.includes('system:masters')) return true;
  if (info.nonResourcePath) {
    if (PUBLIC_PATHS.includes(info.nonResourcePath)) return true;
    // system:discovery: authenticated users may read the API discovery documents.
    return who.groups.includes('system:authenticated') && /^\/apis?\/?$/.test(info.nonResourcePath) && info.verb === 'get';
  }
  const read = info.verb === 'get' || info.verb === 'list' || info.verb === 'watch';
  if (read && info.resource === 'configmaps' && info.namespace === 'kube-public' && info.name === 'cluster-info' && !info.subresource)
    return true;

  if (who.groups.includes(KUBEADM_TOKEN_GROUP)) {
    if (info.verb === 'get' && info.resource === 'configmaps' && info.namespace === 'kube-system' && JOIN_CONFIGMAPS.includes(info.name))
      return true;
    if (info.verb === 'get' && info.resource === 'nodes' && !info.subresource) return true;
  }
  if (info.resource === 'certificatesigningrequests' && info.apiGroup === 'certificates.k8s.io' && !info.subresource) {
    const csrVerbs = ['create', 'get', 'list', 'watch'];
    if (csrVerbs.includes(info.verb) && bindingGrants(state, 'kubeadm:kubelet-bootstrap', who)) return true;
    // A node renews its own client certificate (system:certificates.k8s.io:certificatesigningrequests:selfnodeclient).
    if (csrVerbs.includes(info.verb) && nodeName(who)) return true;
  }

  const node = nodeName(who);
  if (node) {
    if (info.resource === 'secrets') return false;
    if (read) return true;
    if (info.resource === 'nodes' && info.apiGroup === '') {
      if (info.verb === 'create') return (bodyName ?? '') === node;
      if (['update', 'patch'].includes(info.verb)) return info.name === node && (info.subresource === '' || info.subresource === 'status');
    }
    if (info.resource === 'pods' && info.subresource === 'status' && ['update', 'patch'].includes(info.verb)) {
      const pod = state.pods.find((p) => p.metadata.namespace === info.namespace && p.metadata.name === info.name);
      return !pod || pod.spec.nodeName === node;
    }
    if (info.resource === 'events' && info.verb === 'create') return true;
  }
  return false;
}

function forbidden(who: Identity, info: RequestInfo): HttpError {
  if (info.nonResourcePath)
    return new HttpError(403, 'Forbidden', `forbidden: User "${who.user}" cannot ${info.verb} path "${info.nonResourcePath}"`);
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const qualified = `${info.resource}${info.apiGroup ? `.${info.apiGroup}` : ''}${info.name ? ` "${info.name}"` : ''}`;
  const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
  return new HttpError(
    403,
    'Forbidden',
    `${qualified} is forbidden: User "${who.user}" cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`,
  );
}

/** Throws 403 Forbidden unless the identity may make this request. bodyName: the created object's name (a node registering itself). */
export function authorize(state: ClusterState, who: Identity, info: RequestInfo, bodyName?: string): void {
  if (!allowed(state, who, info, bodyName)) throw forbidden(who, info);
}
