/**
 * The guide's sample service: create-or-replace the Deployments and
 * Services of a manifest (WebServer.yaml, PortMapping.yaml), then wait for
 * their pods to run. Only the kinds the samples use are supported.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import { ApiStatusError, type ClusterClient } from './client.js';
import type { WaitOptions } from './api.js';

type Obj = Record<string, unknown> & { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };

const PATHS: Record<string, (ns: string) => string> = {
  'apps/v1 Deployment': (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  'extensions/v1beta1 Deployment': (ns) => `/apis/extensions/v1beta1/namespaces/${ns}/deployments`,
  'v1 Service': (ns) => `/api/v1/namespaces/${ns}/services`,
};

export interface Applied {
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'replaced';
}

export function manifestObjects(yamlText: string): Obj[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors[0]) throw new WinJoinError('E_INVALID_REQUEST', `Manifest: ${doc.errors[0].message.split('\n')[0]}`);
      return doc.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null && typeof o === 'object');
}

export async function applyManifest(client: ClusterClient, yamlText: string, defaultNamespace = 'default'): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (const object of manifestObjects(yamlText)) {
    const key = `${String(object.apiVersion)} ${String(object.kind)}`;
    const base = PATHS[key];
    const name = object.metadata?.name;
    if (!base || !name)
      throw new WinJoinError('E_INVALID_REQUEST', `Manifest: ${key} ${name ?? '(no name)'} is not a kind WinJoin applies.`);
    const namespace = object.metadata?.namespace ?? defaultNamespace;
    const collection = base(namespace);
    let existing: Obj | null = null;
    try {
      existing = await client.get<Obj>(`${collection}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
    }
    const body: Obj = { ...object, metadata: { ...object.metadata, namespace } };
    if (!existing) {
      await client.send('POST', collection, body);
      applied.push({ kind: String(object.kind), namespace, name, action: 'created' });
      continue;
    }
    body.metadata = { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion };
    // A Service's clusterIP cannot change; a replace must carry the one it has.
    const existingSpec = existing.spec as { clusterIP?: string } | undefined;
    if (object.kind === 'Service' && existingSpec?.clusterIP) body.spec = { ...(object.spec as Obj), clusterIP: existingSpec.clusterIP };
    await client.send('PUT', `${collection}/${encodeURIComponent(name)}`, body);
    applied.push({ kind: String(object.kind), namespace, name, action: 'replaced' });
  }
  return applied;
}

interface PodJson {
  metadata: { name: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; reason?: string; containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[] };
}

export interface PodState {
  name: string;
  phase: string;
  node: string | null;
  /** Why it is not running yet: a container's waiting reason (ImagePullBackOff...) or the pod's. */
  waiting: string | null;
}

function podState(pod: PodJson): PodState {
  const waiting = pod.status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean) ?? pod.status?.reason ?? null;
  return { name: pod.metadata.name, phase: pod.status?.phase ?? 'Unknown', node: pod.spec?.nodeName ?? null, waiting };
}

/** Polls the pods matching a label selector until at least `count` exist and all are Running. */
export async function waitForPodsRunning(
  client: ClusterClient,
  namespace: string,
  labelSelector: string,
  options: WaitOptions & { count?: number },
): Promise<PodState[]> {
  const deadline = Date.now() + options.timeoutMs;
  const want = options.count ?? 1;
  for (;;) {
    const list = await client.get<{ items: PodJson[] }>(
      `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labelSelector)}`,
    );
    const pods = list.items.map(podState);
    if (pods.length >= want && pods.every((p) => p.phase === 'Running')) return pods;
    const summary = pods.length ? pods.map((p) => `${p.name} ${p.phase}${p.waiting ? ` (${p.waiting})` : ''}`).join(', ') : 'no pods yet';
    options.onUpdate?.(summary);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new WinJoinError(
        'E_STEP_TIMEOUT',
        `Pods ${labelSelector} in ${namespace} are not Running after ${Math.round(options.timeoutMs / 1000)} s: ${summary}`,
        {
          selector: labelSelector,
          namespace,
          detail: summary,
        },
      );
    }
    try {
      await sleep(Math.min(options.pollMs ?? 2000, left), undefined, options.signal ? { signal: options.signal } : undefined);
    } catch {
      throw new WinJoinError('E_CANCELLED', `Stopped waiting for pods ${labelSelector}.`, { selector: labelSelector });
    }
  }
}
