/**
 * The simulated Kubernetes API server: TLS on loopback, serving the core
 * paths the steps, the stand-in binaries and the cluster client use, with
 * Kubernetes-shaped JSON and Status errors. State is saved after every change.
 *
 * The docker-sdn world (2018) requires a client certificate signed by the
 * rehearsal CA on every connection, and knows the caller by its subject: the
 * admin, or the node's kubelet and kube-proxy once WinJoin got them their own
 * certificates through certificates.k8s.io/v1beta1 (approved only by
 * system:masters, then signed as 1.9's signer does: csr-signer.ts). The
 * containerd-kubeadm world authenticates like a current API server
 * (cluster-auth.ts: client certificate, bootstrap token, or anonymous) and
 * authorizes with kubeadm's RBAC rules (cluster-rbac.ts); it also serves the
 * kubeadm, Calico, DaemonSet and CSR objects (cluster-resources.ts), signs
 * cluster-info for the live bootstrap tokens on every read, and approves and
 * signs node client CSRs (csr-signer.ts).
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signedClusterInfo, type TokenSecret } from '../bootstrap/signer.js';
import type {
  ClusterState,
  Condition,
  DeploymentObject,
  KubeObject,
  NamespacedObject,
  NodeObject,
  ObjectMeta,
  PodObject,
} from './cluster-model.js';
import { reconcileCalicoOperator } from './calico-operator.js';
import { newMeta, reconcile, touch } from './cluster-controller.js';
import { saveClusterState } from './cluster-store.js';
import { authenticate, type Identity } from './cluster-auth.js';
import { authorize } from './cluster-rbac.js';
import {
  createObject,
  deleteObject,
  genericResource,
  getObject,
  GENERIC_RESOURCES,
  HttpError,
  objectsOf,
  patchObject,
  replaceObject,
  requestInfo,
  type RequestInfo,
} from './cluster-resources.js';
import { approveAndSign, csrInvalidity, signApproved } from './csr-signer.js';
import { endpointsObject } from './cluster-endpoints.js';
import { ManifestError, applyManifests, deleteManifests } from './manifests.js';
import type { Pki } from './pki.js';

export interface ClusterServer {
  port: number;
  state: ClusterState;
  close(): Promise<void>;
}

/** Private path the stand-in kubectl posts manifests to (see manifests.ts). */
export const APPLY_PATH = '/apis/rehearsal.winjoin.io/v1/manifests';

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function selectorMatches(selector: string | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return key !== undefined && labels?.[key.trim()] === value?.trim();
  });
}

function fieldMatches(selector: string | null, pod: PodObject): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    if (key === 'spec.nodeName') return (pod.spec.nodeName ?? '') === value;
    if (key === 'metadata.namespace') return pod.metadata.namespace === value;
    return true;
  });
}

function list(kind: string, state: ClusterState, items: unknown[]): Record<string, unknown> {
  return { kind, apiVersion: 'v1', metadata: { resourceVersion: String(state.counter) }, items };
}

function mergeConditions(current: Condition[], patch: Condition[]): Condition[] {
  const byType = new Map(current.map((c) => [c.type, c]));
  for (const condition of patch) byType.set(condition.type, { ...byType.get(condition.type), ...condition });
  return [...byType.values()];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'BadRequest', 'the request body is not JSON');
  }
}

type Handler = (match: RegExpExecArray, url: URL, body: string, who: Identity) => unknown;

export interface ClusterServerOptions {
  pki: Pki;
  state: ClusterState;
  stateFile: string;
  /** Where ca.key is: the containerd-kubeadm world signs node CSRs with it. */
  pkiDir?: string;
  /** The simulated machine's drives: a pod's log is read where its kubelet writes it (C:\var\log\pods). */
  machineRoot?: string;
  now?: () => Date;
}

/**
 * A container's log as the API server relays it from the kubelet: the CRI log file
 * (<ns>_<pod>_<uid>\<container>\0.log) without its "<time> <stream> <tag> " prefixes.
 */
function podLog(machineRoot: string | undefined, pod: PodObject, container: string | null): string {
  const name = container ?? pod.spec.containers[0]?.name ?? '';
  const { namespace, name: podName, uid } = pod.metadata;
  const file = machineRoot && path.join(machineRoot, 'C', 'var', 'log', 'pods', `${namespace}_${podName}_${uid}`, name, '0.log');
  if (!file || !fs.existsSync(file)) {
    const waiting = pod.status.phase === 'Pending' ? 'ContainerCreating' : pod.status.phase;
    throw new HttpError(400, 'BadRequest', `container "${name}" in pod "${podName}" is waiting to start: ${waiting}`);
  }
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^\S+ (?:stdout|stderr) [FP] /, '') + '\n')
    .join('');
}

export async function startClusterServer(options: ClusterServerOptions): Promise<ClusterServer> {
  const { state, stateFile } = options;
  const kubeadm = state.recipe === 'containerd-kubeadm';
  const now = options.now ?? (() => new Date());
  const signing = new Set<Promise<void>>();
  const changed = (): void => {
    // Operators first: what they create is then reconciled like any object.
    reconcileCalicoOperator(state);
    reconcile(state);
    saveClusterState(stateFile, state);
  };
  const findNode = (name: string): NodeObject => {
    const node = state.nodes.find((n) => n.metadata.name === name);
    if (!node) throw new HttpError(404, 'NotFound', `nodes "${name}" not found`);
    return node;
  };
  const inNamespace = <T extends NamespacedObject>(items: T[], ns: string | undefined, url: URL): T[] =>
    items.filter((o) => (!ns || o.metadata.namespace === ns) && selectorMatches(url.searchParams.get('labelSelector'), o.metadata.labels));
  const one = <T extends NamespacedObject>(items: T[], ns: string, name: string, resource: string): T => {
    const found = items.find((o) => o.metadata.namespace === ns && o.metadata.name === name);
    if (!found) throw new HttpError(404, 'NotFound', `${resource} "${name}" not found`);
    return found;
  };

  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/version\/?$/, () => versionInfo(state.serverVersion)],
    ['GET', /^\/healthz$/, () => 'ok'],
    ['GET', /^\/api\/?$/, () => ({ kind: 'APIVersions', versions: ['v1'] })],
    [
      'GET',
      /^\/apis\/?$/,
      () => ({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: ['extensions/v1beta1', 'apps/v1'].map((gv) => ({
          name: gv.split('/')[0],
          versions: [{ groupVersion: gv, version: gv.split('/')[1] }],
        })),
      }),
    ],
    [
      'GET',
      /^\/api\/v1\/namespaces\/?$/,
      (_m, url) =>
        kubeadm
          ? genericList(
              GENERIC_RESOURCES.find((r) => r.plural === 'namespaces')!,
              '',
              url,
            )
          : list(
              'NamespaceList',
              state,
              ['default', 'kube-system', 'kube-public'].map((name) => ({
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name },
                status: { phase: 'Active' },
              })),
            ),
    ],
    [
      'GET',
      /^\/api\/v1\/nodes\/?$/,
      (_m, url) =>
        list(
          'NodeList',
          state,
          state.nodes.filter((n) => selectorMatches(url.searchParams.get('labelSelector'), n.metadata.labels)),
        ),
    ],
    ['GET', /^\/api\/v1\/nodes\/([^/]+)\/?$/, (m) => findNode(decodeURIComponent(m[1]!))],
    [
      'POST',
      /^\/api\/v1\/nodes\/?$/,
      (_m, _url, body) => {
        const node = parseJson(body) as unknown as NodeObject;
        const name = node.metadata?.name;
        if (!name) throw new HttpError(422, 'Invalid', 'Node "" is invalid: metadata.name: Required value');
        if (state.nodes.some((n) => n.metadata.name === name)) throw new HttpError(409, 'AlreadyExists', `nodes "${name}" already exists`);
        const created: NodeObject = {
          ...(kubeadm ? (node as unknown as Record<string, unknown>) : {}),
          apiVersion: 'v1',
          kind: 'Node',
          metadata: newMeta(state, name, undefined, node.metadata.labels),
          spec: node.spec ?? {},
          status: { ...(node.status ?? {}), conditions: node.status?.conditions ?? [] },
        };
        state.nodes.push(created);
        changed();
        return created;
      },
    ],
    [
      'PATCH',
      /^\/api\/v1\/nodes\/([^/]+)\/?$/,
      (m, _url, body) => {
        const node = findNode(decodeURIComponent(m[1]!));
        const patch = parseJson(body) as {
          metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
          spec?: object;
        };
        node.metadata.labels = { ...node.metadata.labels, ...(patch.metadata?.labels ?? {}) };
        if (patch.metadata?.annotations)
          node.metadata.annotations = { ...(node.metadata.annotations as object | undefined), ...patch.metadata.annotations };
        if (patch.spec) node.spec = { ...node.spec, ...patch.spec };
        touch(state, node.metadata);
        changed();
        return node;
      },
    ],
    [
      // An update of the whole node, as kubectl cordon's client and WinJoin's drain send it: spec and metadata
      // change, the status only through nodes/{name}/status; a stale resourceVersion is a conflict.
      'PUT',
      /^\/api\/v1\/nodes\/([^/]+)\/?$/,
      (m, _url, body) => {
        const name = decodeURIComponent(m[1]!);
        const node = findNode(name);
        const sent = parseJson(body) as { metadata?: Partial<ObjectMeta>; spec?: NodeObject['spec'] };
        if (sent.metadata?.name !== name)
          throw new HttpError(
            400,
            'BadRequest',
            `the name of the object (${sent.metadata?.name ?? ''}) does not match the name on the URL (${name})`,
          );
        if (sent.metadata.resourceVersion && sent.metadata.resourceVersion !== node.metadata.resourceVersion)
          throw new HttpError(
            409,
            'Conflict',
            `Operation cannot be fulfilled on nodes "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          );
        const podCIDR = node.spec.podCIDR;
        if (podCIDR && sent.spec?.podCIDR !== undefined && sent.spec.podCIDR !== podCIDR)
          throw new HttpError(
            422,
            'Invalid',
            `Node "${name}" is invalid: spec.podCIDR: Forbidden: node updates may not change podCIDR except from "" to valid`,
          );
        node.spec = { ...(sent.spec ?? {}), ...(podCIDR ? { podCIDR } : {}) };
        node.metadata.labels = sent.metadata.labels ?? {};
        if (sent.metadata.annotations) node.metadata.annotations = sent.metadata.annotations;
        else delete node.metadata.annotations;
        touch(state, node.metadata);
        changed();
        return node;
      },
    ],
    [
      'PATCH',
      /^\/api\/v1\/nodes\/([^/]+)\/status\/?$/,
      (m, _url, body) => {
        const node = findNode(decodeURIComponent(m[1]!));
        const patch = (parseJson(body).status ?? {}) as Partial<NodeObject['status']>;
        node.status = { ...node.status, ...patch, conditions: mergeConditions(node.status.conditions, patch.conditions ?? []) };
        touch(state, node.metadata);
        changed();
        return node;
      },
    ],
    [
      'DELETE',
      /^\/api\/v1\/nodes\/([^/]+)\/?$/,
      (m) => {
        const node = findNode(decodeURIComponent(m[1]!));
        state.nodes = state.nodes.filter((n) => n !== node);
        for (const pod of state.pods) if (pod.spec.nodeName === node.metadata.name) delete pod.spec.nodeName;
        changed();
        return { kind: 'Status', apiVersion: 'v1', status: 'Success' };
      },
    ],
    ['GET', /^\/api\/v1\/services\/?$/, (_m, url) => list('ServiceList', state, inNamespace(state.services, undefined, url))],
    [
      'GET',
      /^\/api\/v1\/namespaces\/([^/]+)\/services\/?$/,
      (m, url) => list('ServiceList', state, inNamespace(state.services, m[1], url)),
    ],
    ['GET', /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/?$/, (m) => one(state.services, m[1]!, m[2]!, 'services')],
    [
      // A Service is created as `kubectl apply` creates it here (manifests.ts: the cluster IP and endpoints follow).
      'POST',
      /^\/api\/v1\/namespaces\/([^/]+)\/services\/?$/,
      (m, _url, body) => {
        const sent = parseJson(body) as { metadata?: { name?: string; namespace?: string } };
        const name = sent.metadata?.name;
        if (!name) throw new HttpError(422, 'Invalid', 'Service "" is invalid: metadata.name: Required value');
        if (state.services.some((o) => o.metadata.namespace === m[1] && o.metadata.name === name))
          throw new HttpError(409, 'AlreadyExists', `services "${name}" already exists`);
        applyManifests(state, JSON.stringify({ ...sent, metadata: { ...sent.metadata, namespace: m[1] } }));
        changed();
        return one(state.services, m[1]!, name, 'services');
      },
    ],
    [
      // A replace as the API server takes it: the resourceVersion read, the cluster IP unchanged.
      'PUT',
      /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/?$/,
      (m, _url, body) => {
        const service = one(state.services, m[1]!, m[2]!, 'services');
        const sent = parseJson(body) as { metadata?: { resourceVersion?: string }; spec?: Record<string, unknown> };
        if (sent.metadata?.resourceVersion && sent.metadata.resourceVersion !== service.metadata.resourceVersion)
          throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on services "${m[2]}": the object has been modified`);
        const clusterIP = service.spec.clusterIP;
        if (sent.spec?.clusterIP !== undefined && sent.spec.clusterIP !== clusterIP)
          throw new HttpError(
            422,
            'Invalid',
            `Service "${m[2]}" is invalid: spec.clusterIP: Invalid value: "${String(sent.spec.clusterIP)}": field is immutable`,
          );
        service.spec = { ...(sent.spec ?? {}), ...(clusterIP ? { clusterIP } : {}) } as never;
        touch(state, service.metadata);
        changed();
        return service;
      },
    ],
    [
      'DELETE',
      /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/?$/,
      (m) => {
        const service = one(state.services, m[1]!, m[2]!, 'services');
        state.services = state.services.filter((o) => o !== service);
        changed();
        return { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: m[2], kind: 'services' } };
      },
    ],
    [
      'GET',
      /^\/api\/v1\/pods\/?$/,
      (_m, url) =>
        list(
          'PodList',
          state,
          inNamespace(state.pods, undefined, url).filter((p) => fieldMatches(url.searchParams.get('fieldSelector'), p)),
        ),
    ],
    [
      'GET',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/?$/,
      (m, url) =>
        list(
          'PodList',
          state,
          inNamespace(state.pods, m[1], url).filter((p) => fieldMatches(url.searchParams.get('fieldSelector'), p)),
        ),
    ],
    ['GET', /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/?$/, (m) => one(state.pods, m[1]!, m[2]!, 'pods')],
    [
      // The Eviction API kubectl drain uses: the pod goes as a DELETE would take it. No PodDisruptionBudget exists
      // in the simulated cluster, so none answers 429; a DaemonSet's pod is evicted too (its controller brings it
      // back on the node: kubectl drain --ignore-daemonsets is what leaves those alone).
      'POST',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction\/?$/,
      (m, _url, body) => {
        const [namespace, name] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
        const sent = parseJson(body) as { kind?: string; metadata?: { name?: string; namespace?: string } };
        if (sent.kind !== 'Eviction') throw new HttpError(400, 'BadRequest', `expected an Eviction, got ${sent.kind ?? 'no kind'}`);
        if (sent.metadata?.name !== name) throw new HttpError(400, 'BadRequest', 'name in URL does not match name in Eviction object');
        if (sent.metadata.namespace && sent.metadata.namespace !== namespace)
          throw new HttpError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
        const pod = one(state.pods, namespace, name, 'pods');
        state.pods = state.pods.filter((p) => p !== pod);
        changed();
        return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
      },
    ],
    [
      'GET',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log\/?$/,
      (m, url) => podLog(options.machineRoot, one(state.pods, m[1]!, m[2]!, 'pods'), url.searchParams.get('container')),
    ],
    [
      'POST',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/?$/,
      (m, _url, body) => {
        const sent = parseJson(body) as unknown as PodObject;
        const name = sent.metadata?.name;
        if (!name)
          throw new HttpError(422, 'Invalid', 'Pod "" is invalid: metadata.name: Required value: name or generateName is required');
        if (state.pods.some((p) => p.metadata.namespace === m[1] && p.metadata.name === name))
          throw new HttpError(409, 'AlreadyExists', `pods "${name}" already exists`);
        const created: PodObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { ...newMeta(state, name, m[1], sent.metadata.labels), namespace: m[1]! },
          spec: sent.spec,
          status: { phase: 'Pending' },
        };
        state.pods.push(created);
        changed();
        return created;
      },
    ],
    [
      'DELETE',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/?$/,
      (m) => {
        const pod = one(state.pods, m[1]!, m[2]!, 'pods');
        state.pods = state.pods.filter((p) => p !== pod);
        changed();
        return pod;
      },
    ],
    [
      'GET',
      /^\/api\/v1\/namespaces\/([^/]+)\/endpoints\/([^/]+)\/?$/,
      (m) => endpointsObject(state, one(state.services, m[1]!, m[2]!, 'endpoints')),
    ],
    [
      'PATCH',
      /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/status\/?$/,
      (m, _url, body) => {
        const pod = one(state.pods, m[1]!, m[2]!, 'pods');
        pod.status = { ...pod.status, ...((parseJson(body).status ?? {}) as Partial<PodObject['status']>) };
        touch(state, pod.metadata);
        changed();
        return pod;
      },
    ],
    [
      'GET',
      /^\/apis\/(?:extensions\/v1beta1|apps\/v1)\/deployments\/?$/,
      (_m, url) => list('DeploymentList', state, inNamespace(state.deployments, undefined, url)),
    ],
    [
      'GET',
      /^\/apis\/(?:extensions\/v1beta1|apps\/v1)\/namespaces\/([^/]+)\/deployments\/?$/,
      (m, url) => list('DeploymentList', state, inNamespace(state.deployments, m[1], url)),
    ],
    [
      'GET',
      /^\/apis\/(?:extensions\/v1beta1|apps\/v1)\/namespaces\/([^/]+)\/deployments\/([^/]+)\/?$/,
      (m) => one(state.deployments, m[1]!, m[2]!, 'deployments.extensions'),
    ],
    [
      'POST',
      /^\/apis\/(extensions\/v1beta1|apps\/v1)\/namespaces\/([^/]+)\/deployments\/?$/,
      (m, _url, body) => {
        const [, groupVersion, namespace] = m as unknown as [string, string, string];
        const group = groupVersion.split('/')[0];
        const sent = parseJson(body) as unknown as DeploymentObject;
        const name = sent.metadata?.name;
        if (!name) throw new HttpError(422, 'Invalid', `Deployment.${group} "" is invalid: metadata.name: Required value`);
        if (state.deployments.some((d) => d.metadata.namespace === namespace && d.metadata.name === name))
          throw new HttpError(409, 'AlreadyExists', `deployments.${group} "${name}" already exists`);
        const created: DeploymentObject = {
          apiVersion: groupVersion,
          kind: 'Deployment',
          metadata: { ...newMeta(state, name, namespace, sent.metadata.labels), namespace },
          spec: sent.spec,
          status: {},
        };
        state.deployments.push(created);
        changed();
        return created;
      },
    ],
    [
      'PUT',
      /^\/apis\/(?:extensions\/v1beta1|apps\/v1)\/namespaces\/([^/]+)\/deployments\/([^/]+)\/?$/,
      (m, _url, body) => {
        const existing = one(state.deployments, m[1]!, m[2]!, 'deployments.apps');
        const sent = parseJson(body) as unknown as DeploymentObject;
        if (sent.metadata?.resourceVersion && sent.metadata.resourceVersion !== existing.metadata.resourceVersion)
          throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "${m[2]}": the object has been modified`);
        existing.spec = sent.spec;
        if (sent.metadata?.labels) existing.metadata.labels = sent.metadata.labels;
        touch(state, existing.metadata);
        changed();
        return existing;
      },
    ],
    [
      'DELETE',
      /^\/apis\/(?:extensions\/v1beta1|apps\/v1)\/namespaces\/([^/]+)\/deployments\/([^/]+)\/?$/,
      (m) => {
        const existing = one(state.deployments, m[1]!, m[2]!, 'deployments.apps');
        state.deployments = state.deployments.filter((d) => d !== existing);
        changed();
        return { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: m[2], group: 'apps', kind: 'deployments' } };
      },
    ],
    // certificates.k8s.io/v1beta1 as 1.9 serves it (the docker-sdn world): create, read, and the approval subresource.
    [
      'POST',
      /^\/apis\/certificates\.k8s\.io\/v1beta1\/certificatesigningrequests\/?$/,
      (_m, _url, body, who) => {
        const sent = legacyOnly(parseJson(body));
        const spec = (sent.spec ?? {}) as { request?: string; usages?: unknown };
        const pem = spec.request ? Buffer.from(spec.request, 'base64').toString('utf8') : '';
        if (!/-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/.test(pem))
          throw new HttpError(
            422,
            'Invalid',
            'CertificateSigningRequest.certificates.k8s.io "" is invalid: spec.request: Invalid value: []byte{...}: PEM block type must be CERTIFICATE REQUEST',
          );
        // Who asked is the API server's to say, whatever the body claims; 1.9 has no signerName and drops it.
        const { signerName: _dropped, ...kept } = spec as Record<string, unknown>;
        void _dropped;
        sent.spec = { ...kept, username: who.user, groups: who.groups };
        const created = createObject(state, CSRS, '', { ...sent, apiVersion: 'certificates.k8s.io/v1beta1' });
        changed();
        return created;
      },
    ],
    [
      'GET',
      /^\/apis\/certificates\.k8s\.io\/v1beta1\/certificatesigningrequests\/([^/]+)\/?$/,
      (m) => getObject(state, CSRS, '', decodeURIComponent(legacyOnly(m)[1]!)),
    ],
    [
      'PUT',
      /^\/apis\/certificates\.k8s\.io\/v1beta1\/certificatesigningrequests\/([^/]+)\/approval\/?$/,
      (m, _url, body, who) => {
        const name = decodeURIComponent(legacyOnly(m)[1]!);
        // Only an administrator approves: a node may not approve its own request.
        if (!who.groups.includes('system:masters'))
          throw new HttpError(
            403,
            'Forbidden',
            `certificatesigningrequests.certificates.k8s.io "${name}" is forbidden: User "${who.user}" cannot update certificatesigningrequests/approval.certificates.k8s.io at the cluster scope`,
          );
        const csr = getObject(state, CSRS, '', name);
        const conditions = (((parseJson(body).status ?? {}) as { conditions?: Record<string, unknown>[] }).conditions ?? []).map((c) => ({
          ...c,
          lastUpdateTime: now().toISOString(),
        }));
        csr.status = { ...((csr.status as object | undefined) ?? {}), conditions };
        touch(state, csr.metadata);
        changed();
        signLater(csr);
        return csr;
      },
    ],
    [
      'POST',
      new RegExp(`^${APPLY_PATH.replace(/[./]/g, '\\$&')}$`),
      (_m, url, body) => {
        const remove = url.searchParams.get('action') === 'delete';
        const lines = remove
          ? deleteManifests(state, body, url.searchParams.get('ignoreNotFound') === 'true')
          : applyManifests(state, body);
        changed();
        return { lines };
      },
    ],
  ];

  /** Approves and signs a new CSR in the background, as the controller-manager does after the POST returned. */
  const approveLater = (csr: KubeObject): void => {
    if (!options.pkiDir) return;
    const job = approveAndSign(state, csr, options.pkiDir)
      .then((status) => {
        if (!status) return;
        const current = objectsOf(state, CSRS).find((o) => o.metadata.uid === csr.metadata.uid);
        if (!current) return;
        current.status = status;
        touch(state, current.metadata);
        changed();
      })
      .catch(() => undefined)
      .finally(() => signing.delete(job));
    signing.add(job);
  };

  /** The 1.9 signer: signs an approved CSR in the background, after the approval's PUT returned. */
  const signLater = (csr: KubeObject): void => {
    if (!options.pkiDir) return;
    const job = signApproved(csr, options.pkiDir)
      .then((status) => {
        if (!status || !objectsOf(state, CSRS).includes(csr)) return;
        csr.status = status;
        touch(state, csr.metadata);
        changed();
      })
      .catch(() => undefined)
      .finally(() => signing.delete(job));
    signing.add(job);
  };

  // The controller-manager finishes what it had not when it starts: a request approved (or, in the kubeadm world,
  // sent) while the simulated cluster was down is signed now. A real cluster's controller-manager does not go down
  // with WinJoin; here it lives in WinJoin's process, and a join killed between the approval and the signature left
  // an approved request unsigned for good (kill-resume.e2e).
  for (const csr of objectsOf(state, CSRS)) {
    const current = csr.status as { conditions?: { type: string }[]; certificate?: string } | undefined;
    const types = (current?.conditions ?? []).map((c) => c.type);
    if (current?.certificate || types.includes('Denied') || types.includes('Failed')) continue;
    if (types.includes('Approved')) {
      if (!kubeadm) signLater(csr);
    } else if (kubeadm) approveLater(csr);
  }

  /** v1beta1 CSRs exist in the docker-sdn world only: today's API server (the kubeadm world) no longer serves them. */
  function legacyOnly<T>(value: T): T {
    if (kubeadm) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    return value;
  }

  function genericList(type: (typeof GENERIC_RESOURCES)[number], namespace: string, url: URL): Record<string, unknown> {
    const items = objectsOf(state, type).filter(
      (o) =>
        (!namespace || o.metadata.namespace === namespace) && selectorMatches(url.searchParams.get('labelSelector'), o.metadata.labels),
    );
    return {
      kind: `${type.kind}List`,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      metadata: { resourceVersion: String(state.counter) },
      items: items.map(served),
    };
  }

  /** cluster-info as the bootstrap signer keeps it: one signature per live signing token, at the moment of the read. */
  function served(object: KubeObject): KubeObject {
    if (object.kind !== 'ConfigMap' || object.metadata.namespace !== 'kube-public' || object.metadata.name !== 'cluster-info')
      return object;
    const data = object.data as Record<string, string>;
    const tokens = objectsOf(state, SECRETS).filter((s) => s.metadata.namespace === 'kube-system') as TokenSecret[];
    return { ...object, data: { ...data, ...signedClusterInfo(data.kubeconfig ?? '', tokens, now()) } };
  }

  /** The generic resources: get, list, create, update (PUT), merge patch and delete. */
  function generic(info: RequestInfo, url: URL, body: string, who: Identity): { code: number; payload: unknown } | null {
    const type = genericResource(info, url.pathname);
    if (!type || info.subresource) return null;
    const ns = info.namespace;
    switch (info.verb) {
      case 'list':
        return { code: 200, payload: genericList(type, ns, url) };
      case 'get':
        return { code: 200, payload: served(getObject(state, type, ns, info.name)) };
      case 'create': {
        if (info.name) return null;
        const sent = parseJson(body);
        if (type === CSRS) {
          const invalid = csrInvalidity(sent.spec);
          if (invalid) throw new HttpError(422, 'Invalid', `CertificateSigningRequest.certificates.k8s.io "" is invalid: ${invalid}`);
          // Who asked is the API server's to say, whatever the body claims.
          sent.spec = { ...(sent.spec as object), username: who.user, groups: who.groups };
        }
        const created = createObject(state, type, ns, sent);
        changed();
        if (type === CSRS) approveLater(created);
        return { code: 201, payload: created };
      }
      case 'update': {
        const replaced = replaceObject(state, type, ns, info.name, parseJson(body));
        changed();
        return { code: 200, payload: replaced };
      }
      case 'patch': {
        const patched = patchObject(state, type, ns, info.name, parseJson(body));
        changed();
        return { code: 200, payload: patched };
      }
      case 'delete': {
        const removed = deleteObject(state, type, ns, info.name);
        changed();
        return {
          code: 200,
          payload: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: { name: removed.metadata.name, kind: type.plural },
          },
        };
      }
      default:
        return null;
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://simulated');
    const body = req.method === 'GET' ? '' : await readBody(req);
    let code = 200;
    let payload: unknown;
    try {
      const info = requestInfo(req.method ?? 'GET', url.pathname);
      // The docker-sdn world's TLS already refused a connection without a client certificate of its CA: who is its subject.
      const who = authenticate(req, state, now());
      if (!kubeadm) authorizeLegacy(who, req.method ?? 'GET', url.pathname);
      if (kubeadm) {
        let bodyName: string | undefined;
        if (info.verb === 'create') {
          try {
            bodyName = (JSON.parse(body) as { metadata?: { name?: string } }).metadata?.name;
          } catch {
            // Refused as BadRequest by the handler, after authorization.
          }
        }
        authorize(state, who, info, bodyName);
      }
      const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
      if (route) {
        payload = route[2](route[1].exec(url.pathname)!, url, body, who);
        if (
          req.method === 'POST' &&
          /^\/(api\/v1\/nodes|api\/v1\/namespaces\/[^/]+\/(?:pods|services)|apis\/(?:apps\/v1|extensions\/v1beta1)\/namespaces\/[^/]+\/deployments|api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/eviction|apis\/certificates\.k8s\.io\/v1beta1\/certificatesigningrequests)\/?$/.test(
            url.pathname,
          )
        )
          code = 201;
      } else {
        const answer = kubeadm ? generic(info, url, body, who) : null;
        if (!answer)
          throw new HttpError(404, 'NotFound', `the server could not find the requested resource (${req.method} ${url.pathname})`);
        ({ code, payload } = answer);
      }
    } catch (error) {
      if (error instanceof HttpError) [code, payload] = [error.code, status(error.code, error.reason, error.message)];
      else if (error instanceof ManifestError) [code, payload] = [422, status(422, 'Invalid', error.message)];
      else [code, payload] = [500, status(500, 'InternalError', (error as Error).message)];
    }
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(code, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  };

  // kubeadm's API server asks for a client certificate but lets requests without one through to the token and anonymous authenticators.
  const server = https.createServer(
    { key: options.pki.serverKey, cert: options.pki.serverCert, ca: options.pki.caCert, requestCert: true, rejectUnauthorized: !kubeadm },
    (req, res) => void handle(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  saveClusterState(stateFile, state);
  return {
    port: (server.address() as AddressInfo).port,
    state,
    close: async () => {
      await Promise.all([...signing]);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

const CSRS = GENERIC_RESOURCES.find((r) => r.plural === 'certificatesigningrequests')!;
const SECRETS = GENERIC_RESOURCES.find((r) => r.plural === 'secrets')!;

/**
 * What a 1.9 cluster with --authorization-mode=Node,RBAC lets the node's own identities write (the docker-sdn
 * world): kubelet registers and updates its Node and the status of its pods, and asks for certificates;
 * kube-proxy writes nothing. Reads are left open (the Node authorizer narrows Secrets and ConfigMaps, which this
 * world does not serve). Anything else needs system:masters: the samples' Deployments and Services are
 * WinJoin's to create with the admin kubeconfig, never the node's.
 */
const NODE_WRITES: { method: string; path: RegExp; ownNode?: true }[] = [
  { method: 'POST', path: /^\/api\/v1\/nodes\/?$/ },
  // A node may change only its own Node object (NodeRestriction).
  { method: 'PATCH', path: /^\/api\/v1\/nodes\/([^/]+)(?:\/status)?\/?$/, ownNode: true },
  { method: 'PATCH', path: /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/status\/?$/ },
  { method: 'POST', path: /^\/apis\/certificates\.k8s\.io\/v1beta1\/certificatesigningrequests\/?$/ },
];

function authorizeLegacy(who: Identity, method: string, pathname: string): void {
  if (method === 'GET' || who.groups.includes('system:masters')) return;
  const node = who.user.startsWith('system:node:') && who.groups.includes('system:nodes') ? who.user.slice('system:node:'.length) : null;
  const allowed =
    node !== null &&
    NODE_WRITES.some((rule) => {
      const match = rule.method === method ? rule.path.exec(pathname) : null;
      return match !== null && (!rule.ownNode || decodeURIComponent(match[1]!) === node);
    });
  if (!allowed) {
    const info = requestInfo(method, pathname);
    const resource = info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource || pathname;
    const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
    throw new HttpError(403, 'Forbidden', `${resource} is forbidden: User "${who.user}" cannot ${info.verb} ${resource} ${scope}`);
  }
}

export function versionInfo(gitVersion: string): Record<string, string> {
  const [major = '1', minor = '9'] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '3a1c9449a956b6026f075fa3134ff92f7d55f812',
    gitTreeState: 'clean',
    buildDate: '2018-01-04T11:40:06Z',
    goVersion: 'go1.9.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
