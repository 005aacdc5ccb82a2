/**
 * kubectl apply/delete -f on the simulated cluster. The stand-in kubectl
 * sends the manifest text as is and this side parses it (the stand-in has
 * only Node built-ins), answering with kubectl's own line per object.
 */
import YAML from 'yaml';
import type { ClusterState, DeploymentObject, NamespacedObject, ServiceObject } from './cluster-model.js';
import { newMeta, reconcile, touch } from './cluster-controller.js';

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

const KINDS: Record<string, { list: 'services' | 'deployments'; display: (apiVersion: string) => string }> = {
  Service: { list: 'services', display: () => 'service' },
  Deployment: { list: 'deployments', display: (v) => (v.startsWith('extensions/') ? 'deployment.extensions' : 'deployment.apps') },
};

function parse(text: string): Manifest[] {
  return YAML.parseAllDocuments(text)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => Boolean(m));
}

export class ManifestError extends Error {}

export function applyManifests(state: ClusterState, text: string): string[] {
  const lines: string[] = [];
  for (const manifest of parse(text)) {
    const kind = KINDS[manifest.kind ?? ''];
    const name = manifest.metadata?.name;
    if (!kind || !name)
      throw new ManifestError(
        `error: unable to recognize "${manifest.kind ?? '?'}": no matches for kind "${manifest.kind ?? ''}" in this simulated cluster`,
      );
    const namespace = manifest.metadata?.namespace ?? 'default';
    const list = state[kind.list] as NamespacedObject[];
    const existing = list.find((o) => o.metadata.name === name && o.metadata.namespace === namespace);
    const spec = structuredClone(manifest.spec ?? {});
    const label = `${kind.display(manifest.apiVersion ?? '')} "${name}"`;
    if (existing) {
      const before = JSON.stringify(existing.spec);
      const clusterIP = (existing as ServiceObject).spec.clusterIP;
      existing.spec = { ...spec, ...(manifest.kind === 'Service' && clusterIP ? { clusterIP } : {}) } as never;
      const changed = before !== JSON.stringify(existing.spec);
      if (changed) touch(state, existing.metadata);
      lines.push(`${label} ${changed ? 'configured' : 'unchanged'}`);
      continue;
    }
    const object = {
      apiVersion: manifest.apiVersion ?? 'v1',
      kind: manifest.kind,
      metadata: { ...newMeta(state, name, namespace, manifest.metadata?.labels), namespace },
      spec,
      status: {},
    } as ServiceObject | DeploymentObject;
    list.push(object);
    lines.push(`${label} created`);
  }
  reconcile(state);
  return lines;
}

export function deleteManifests(state: ClusterState, text: string, ignoreNotFound: boolean): string[] {
  const lines: string[] = [];
  for (const manifest of parse(text)) {
    const kind = KINDS[manifest.kind ?? ''];
    const name = manifest.metadata?.name ?? '';
    if (!kind) continue;
    const namespace = manifest.metadata?.namespace ?? 'default';
    const list = state[kind.list] as NamespacedObject[];
    const index = list.findIndex((o) => o.metadata.name === name && o.metadata.namespace === namespace);
    if (index < 0) {
      if (!ignoreNotFound) throw new ManifestError(`Error from server (NotFound): ${kind.list} "${name}" not found`);
      continue;
    }
    list.splice(index, 1);
    lines.push(`${kind.display(manifest.apiVersion ?? '')} "${name}" deleted`);
  }
  reconcile(state);
  return lines;
}
