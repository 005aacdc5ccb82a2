/**
 * docker-sdn's sample-service and port-mapping: the guide's pinned SDN
 * manifests (WebServer.yaml, PortMapping.yaml), which the node holds in
 * <installDir>\samples. Creating their Deployment and Service needs the admin
 * kubeconfig, so WinJoin's process does that (and deletes them on undo); the
 * node's step script hands the manifest over (-Manifest) and afterwards waits
 * for the pods and checks the pages with the node's own kubeconfig, which may
 * read pods but create nothing.
 */
import YAML from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import type { StepContext, StepOutcome } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import type { RunOnNode } from './node-identity.js';
import { emitLine as line } from './step-events.js';

interface ManifestObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
}

/** The collection an object is created in, as kubectl maps the two kinds the SDN samples hold. */
function collection(object: ManifestObject): { path: string; label: string } {
  const namespace = object.metadata?.namespace ?? 'default';
  const apiVersion = object.apiVersion ?? '';
  if (object.kind === 'Service' && apiVersion === 'v1') return { path: `/api/v1/namespaces/${namespace}/services`, label: 'service' };
  if (object.kind === 'Deployment' && /^[a-z0-9.]+\/v[0-9a-z]+$/.test(apiVersion))
    return { path: `/apis/${apiVersion}/namespaces/${namespace}/deployments`, label: `deployment.${apiVersion.split('/')[0]}` };
  throw new WinJoinError(
    'E_STEP_FAILED',
    `the sample manifest holds a ${object.kind ?? '?'} (${apiVersion}), which WinJoin does not apply`,
  );
}

function parseManifest(base64: string): ManifestObject[] {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  return YAML.parseAllDocuments(text)
    .map((doc) => doc.toJS() as ManifestObject | null)
    .filter((o): o is ManifestObject => Boolean(o?.metadata?.name));
}

const notFound = (error: unknown) => error instanceof ApiStatusError && error.status === 404;

/** True when every value `wanted` sets is what `actual` holds (the server adds defaults of its own). */
function holds(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') return actual === wanted;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(wanted)) return Array.isArray(actual) && actual.length === wanted.length && wanted.every((w, i) => holds(actual[i], w));
  return Object.entries(wanted).every(([key, value]) => holds((actual as Record<string, unknown>)[key], value));
}

interface LiveObject {
  metadata?: { resourceVersion?: string };
  spec?: Record<string, unknown>;
}

/**
 * As `kubectl apply` for these two kinds: creates what is missing, replaces what differs (the SDN's two
 * samples share their names, so port-mapping reconfigures sample-service's objects). True when the cluster changed.
 */
async function apply(context: StepContext, client: ClusterClient, objects: ManifestObject[]): Promise<boolean> {
  let changed = false;
  for (const object of objects) {
    const { path, label } = collection(object);
    const name = object.metadata!.name!;
    const at = `${path}/${encodeURIComponent(name)}`;
    let live: LiveObject | null = null;
    try {
      live = await client.get<LiveObject>(at);
    } catch (error) {
      if (!notFound(error)) throw error;
    }
    if (!live) {
      await client.send('POST', path, object);
      line(context, `${label} "${name}" created`);
    } else if (holds(live.spec, object.spec ?? {})) {
      line(context, `${label} "${name}" unchanged`);
      continue;
    } else {
      // A Service keeps its cluster IP: the API server refuses a change of it.
      const clusterIP = object.kind === 'Service' ? live.spec?.clusterIP : undefined;
      await client.send('PUT', at, {
        ...object,
        metadata: { ...object.metadata, resourceVersion: live.metadata?.resourceVersion },
        spec: { ...(object.spec ?? {}), ...(clusterIP ? { clusterIP } : {}) },
      });
      line(context, `${label} "${name}" configured`);
    }
    changed = true;
  }
  return changed;
}

async function remove(context: StepContext, client: ClusterClient, objects: ManifestObject[]): Promise<boolean> {
  let removed = false;
  for (const object of [...objects].reverse()) {
    const { path, label } = collection(object);
    const name = object.metadata!.name!;
    try {
      await client.send('DELETE', `${path}/${encodeURIComponent(name)}`, undefined);
      line(context, `${label} "${name}" deleted`);
      removed = true;
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  }
  return removed;
}

export async function runSdnSampleStep(context: StepContext, deps: { client: ClusterClient; runOnNode: RunOnNode }): Promise<StepOutcome> {
  const { nodeScript, kubeconfigPath: _admin, context: _context, Undo, ...nodeParams } = context.step.params;
  void _admin;
  void _context;
  const script = String(nodeScript);
  const handed = await deps.runOnNode(script, { ...nodeParams, Manifest: true });
  if (handed.status === 'failed') return handed;
  const objects = parseManifest(String(handed.facts?.manifest ?? ''));
  if (objects.length === 0) throw new WinJoinError('E_STEP_FAILED', `${script} handed over an empty manifest`);
  if (Undo === true) {
    const removed = await remove(context, deps.client, objects);
    return { status: removed ? 'done' : 'skipped', changed: removed, exitCode: 0 };
  }
  const created = await apply(context, deps.client, objects);
  const checked = await deps.runOnNode(script, nodeParams);
  return { ...checked, changed: created || Boolean(checked.changed) };
}
