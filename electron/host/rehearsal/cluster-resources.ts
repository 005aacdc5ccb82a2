/**
 * The simulated API server's resources beyond the typed ones (nodes, pods,
 * services, deployments): what a kubeadm + Calico cluster serves and the
 * containerd-kubeadm join reads or writes, kept as given in state.objects.
 * Also turns a request path into the request attributes the authorizer and
 * the router both use (resource, namespace, name, subresource, verb), as the
 * real API server's RequestInfoFactory does.
 */
import { randomBytes } from 'node:crypto';
import type { ClusterState, KubeObject } from './cluster-model.js';
import { newMeta, touch } from './cluster-controller.js';

export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ResourceType {
  /** state.objects key: "<group/>version/plural". */
  key: string;
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

function resource(group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceType {
  return { key: `${group ? `${group}/` : ''}${version}/${plural}`, group, version, plural, kind, namespaced };
}

export const GENERIC_RESOURCES: readonly ResourceType[] = [
  resource('', 'v1', 'namespaces', 'Namespace', false),
  resource('', 'v1', 'configmaps', 'ConfigMap', true),
  resource('', 'v1', 'secrets', 'Secret', true),
  resource('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  resource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  resource('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  resource('certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false),
  resource('operator.tigera.io', 'v1', 'installations', 'Installation', false),
  resource('crd.projectcalico.org', 'v1', 'ippools', 'IPPool', false),
  resource('crd.projectcalico.org', 'v1', 'ipamconfigs', 'IPAMConfig', false),
];

/** What a request asks for, in the terms RBAC speaks. */
export interface RequestInfo {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | string;
  /** Non-resource URL (/version, /healthz); empty for resource requests. */
  nonResourcePath: string;
  apiGroup: string;
  resource: string;
  namespace: string;
  name: string;
  subresource: string;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** /api/v1/namespaces/kube-system/configmaps/x -> get configmaps "x" in kube-system; /version -> non-resource. */
export function requestInfo(method: string, pathname: string): RequestInfo {
  const info: RequestInfo = { verb: '', nonResourcePath: '', apiGroup: '', resource: '', namespace: '', name: '', subresource: '' };
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 4) {
    info.apiGroup = parts[1]!;
    rest = parts.slice(3);
  } else {
    info.nonResourcePath = pathname;
    info.verb = method.toLowerCase();
    return info;
  }
  // namespaces/<ns>/<resource>... is namespaced; namespaces/<ns> alone is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    info.namespace = rest[1]!;
    rest = rest.slice(2);
  }
  [info.resource = '', info.name = '', info.subresource = ''] = rest;
  info.verb = method === 'GET' ? (info.name ? 'get' : 'list') : (VERBS[method] ?? method.toLowerCase());
  return info;
}

export function genericResource(info: RequestInfo, apiVersionPath: string): ResourceType | null {
  return (
    GENERIC_RESOURCES.find(
      (r) =>
        r.group === info.apiGroup &&
        r.plural === info.resource &&
        apiVersionPath.includes(`/${r.version}/`) &&
        r.namespaced === !!info.namespace,
    ) ??
    // A namespaced resource listed across namespaces (GET /api/v1/configmaps).
    GENERIC_RESOURCES.find(
      (r) => r.group === info.apiGroup && r.plural === info.resource && r.namespaced && !info.name && info.verb === 'list',
    ) ??
    null
  );
}

export function objectsOf(state: ClusterState, type: ResourceType): KubeObject[] {
  state.objects ??= {};
  return (state.objects[type.key] ??= []);
}

/** "configmaps "x" not found", with the group as kubectl shows it. */
function notFound(type: ResourceType, name: string): HttpError {
  return new HttpError(404, 'NotFound', `${type.plural}${type.group ? `.${type.group}` : ''} "${name}" not found`);
}

export function findObject(state: ClusterState, type: ResourceType, namespace: string, name: string): KubeObject | undefined {
  return objectsOf(state, type).find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === namespace);
}

export function getObject(state: ClusterState, type: ResourceType, namespace: string, name: string): KubeObject {
  const found = findObject(state, type, namespace, name);
  if (!found) throw notFound(type, name);
  return found;
}

/** A Secret stores stringData base64-encoded in data, as the API server does on write. */
function normalizeSecret(object: KubeObject): void {
  const stringData = object.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((object.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(value, 'utf8').toString('base64');
  object.data = data;
  delete object.stringData;
}

export function createObject(state: ClusterState, type: ResourceType, namespace: string, body: Record<string, unknown>): KubeObject {
  const meta = (body.metadata ?? {}) as { name?: string; generateName?: string; labels?: Record<string, string>; [key: string]: unknown };
  // generateName: the server appends five random characters, as kubelet's CSR ("csr-") relies on.
  const name = meta.name || (meta.generateName ? `${meta.generateName}${randomBytes(4).toString('hex').slice(0, 5)}` : undefined);
  if (!name)
    throw new HttpError(422, 'Invalid', `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
  if (type.namespaced && meta.namespace !== undefined && meta.namespace !== namespace)
    throw new HttpError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  if (findObject(state, type, namespace, name))
    throw new HttpError(409, 'AlreadyExists', `${type.plural}${type.group ? `.${type.group}` : ''} "${name}" already exists`);
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, ...kept } = meta;
  const object: KubeObject = {
    ...body,
    apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
    kind: type.kind,
    metadata: { ...kept, ...newMeta(state, name, type.namespaced ? namespace : undefined, meta.labels) },
  };
  if (type.kind === 'Secret') normalizeSecret(object);
  objectsOf(state, type).push(object);
  return object;
}

/** PUT: the whole object, refused when its resourceVersion is not the current one (optimistic concurrency). */
export function replaceObject(
  state: ClusterState,
  type: ResourceType,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
): KubeObject {
  const existing = getObject(state, type, namespace, name);
  const meta = (body.metadata ?? {}) as { name?: string; resourceVersion?: string; [key: string]: unknown };
  if (meta.name !== undefined && meta.name !== name)
    throw new HttpError(400, 'BadRequest', `the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== existing.metadata.resourceVersion)
    throw new HttpError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${type.plural}${type.group ? `.${type.group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  const replaced: KubeObject = {
    ...body,
    apiVersion: existing.apiVersion,
    kind: existing.kind,
    metadata: {
      ...meta,
      name,
      ...(type.namespaced ? { namespace } : {}),
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: existing.metadata.resourceVersion,
    },
  };
  if (type.kind === 'Secret') normalizeSecret(replaced);
  touch(state, replaced.metadata);
  const list = objectsOf(state, type);
  list[list.indexOf(existing)] = replaced;
  return replaced;
}

/** RFC 7386 JSON merge patch (what kubectl patch --type merge sends; close enough for strategic merge on these objects). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export function patchObject(
  state: ClusterState,
  type: ResourceType,
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
): KubeObject {
  const existing = getObject(state, type, namespace, name);
  const patched = mergePatch(existing, patch) as KubeObject;
  patched.metadata = { ...patched.metadata, name, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp };
  if (type.kind === 'Secret') normalizeSecret(patched);
  touch(state, patched.metadata);
  const list = objectsOf(state, type);
  list[list.indexOf(existing)] = patched;
  return patched;
}

export function deleteObject(state: ClusterState, type: ResourceType, namespace: string, name: string): KubeObject {
  const existing = getObject(state, type, namespace, name);
  state.objects![type.key] = objectsOf(state, type).filter((o) => o !== existing);
  return existing;
}
