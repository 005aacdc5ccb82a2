/**
 * The end state of a rehearsal join in a form two runs can be compared by:
 * the simulated machine (machine.json), the cluster (cluster.json), every
 * file under the install dir with its digest, and the join's step statuses.
 * What differs between two identical joins by construction is taken out:
 * the state dir's own path, process ids, times, object uids and resource
 * versions, and generated ids (GUIDs, MACs, pod name suffixes), which are
 * renamed by first appearance so that what refers to what still compares.
 * Each rehearsal makes its own PKI, so the credentials in a kubeconfig
 * differ too, and so do the certificate signing requests (compared by what
 * they ask for and what came of it). The simulated host's netsh log is compared as the set of
 * settings it made: start-kubelet.ps1 sets forwarding again each time the
 * kubelet service starts, as it does on Windows.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JoinState } from '../../../../shared/state.js';
import { rehearsalLayout } from '../paths.js';
import type { MachineSnapshot } from '../show.js';

export interface FinalState {
  phase: string;
  steps: Record<string, string>;
  machine: unknown;
  cluster: unknown;
  installDir: Record<string, string>;
  /** What `winjoin rehearsal show` printed. */
  shown: unknown;
}

/** Keys whose values change from run to run whatever the join did. */
const VOLATILE_KEYS = new Set([
  'pid',
  'startTime',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'lastHeartbeatTime',
  'lastTransitionTime',
  // The cluster's object counter counts API writes, and a resumed step that finds its object already there still asks.
  'counter',
]);

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const MAC = /\b[0-9A-F]{2}(?:-[0-9A-F]{2}){5}\b/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;
const KUBECONFIG_CREDENTIAL = /^(\s*(?:certificate-authority|client-certificate|client-key)-data:\s*)\S+$/gm;

class Normaliser {
  private readonly names = new Map<string, string>();
  constructor(private readonly stateDir: string) {}

  rename(kind: string, token: string): string {
    const key = `${kind}:${token.toLowerCase()}`;
    let name = this.names.get(key);
    if (!name) {
      name = `<${kind}${[...this.names.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}>`;
      this.names.set(key, name);
    }
    return name;
  }

  text(value: string): string {
    return value
      .split(this.stateDir)
      .join('<stateDir>')
      .replace(GUID, (g) => this.rename('guid', g))
      .replace(MAC, (m) => this.rename('mac', m))
      .replace(ISO_TIME, '<time>')
      .replace(KUBECONFIG_CREDENTIAL, '$1<credential>');
  }

  value(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !VOLATILE_KEYS.has(key))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, v]) => [this.text(key), this.value(v)]),
      );
    }
    return value;
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

interface Csr {
  metadata: { name: string; generateName?: string };
  spec: { signerName?: string; usages?: string[] };
  status?: { conditions?: { type: string }[]; certificate?: string };
}

/**
 * The certificate signing requests, as what was asked and what came of it. Each
 * rehearsal makes its own keys, so the requests and certificates differ, and
 * their names end in a hash of that key. A step that a kill interrupted finds
 * its request again when its key was still waiting, and sends a new one for a
 * new key otherwise, so they compare as a set.
 */
function signingRequests(csrs: Csr[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const csr of csrs) {
    const summary = {
      name: csr.metadata.generateName ?? csr.metadata.name.replace(/-[0-9a-z]{5,}$/, '-<key or random>'),
      signerName: csr.spec.signerName,
      usages: csr.spec.usages,
      conditions: (csr.status?.conditions ?? []).map((c) => c.type),
      issued: Boolean(csr.status?.certificate),
    };
    seen.set(JSON.stringify(summary), summary);
  }
  return [...seen.keys()].sort().map((key) => seen.get(key));
}

/** Pods are named after their deployment plus a generated suffix, which is renamed like a GUID. */
function podName(name: string, normaliser: Normaliser): string {
  const match = /^(.*)-([a-z0-9]{5,})$/.exec(name);
  return match?.[1] && match[2] ? `${match[1]}-${normaliser.rename('pod', match[2])}` : name;
}

export function readFinalState(stateDir: string, joinState: JoinState, shown: MachineSnapshot): FinalState {
  const layout = rehearsalLayout(stateDir);
  const normaliser = new Normaliser(stateDir);
  const machine = JSON.parse(fs.readFileSync(layout.machineState, 'utf8')) as Record<string, unknown>;
  machine.netsh = [...new Set(machine.netsh as string[])].sort();
  // Set while a reopened machine waits for its next step to bring its services back; false is no different from never set.
  if (machine.wakePending === false) delete machine.wakePending;
  const cluster = JSON.parse(fs.readFileSync(layout.clusterState, 'utf8')) as {
    pods?: { metadata: { name: string } }[];
    objects?: Record<string, unknown[]>;
  };
  for (const pod of cluster.pods ?? []) pod.metadata.name = podName(pod.metadata.name, normaliser);
  for (const key of Object.keys(cluster.objects ?? {}))
    if (key.endsWith('/certificatesigningrequests')) cluster.objects![key] = signingRequests(cluster.objects![key] as Csr[]);
  const installRoot = path.join(layout.machineRoot, 'C', 'k');
  const installDir = Object.fromEntries(
    listFiles(installRoot)
      .sort()
      .map((file) => {
        const content = normaliser.text(fs.readFileSync(file, 'latin1'));
        return [path.relative(installRoot, file), createHash('sha256').update(content, 'latin1').digest('hex')];
      }),
  );
  return {
    phase: joinState.phase,
    steps: Object.fromEntries(joinState.steps.map((s) => [s.id, s.status])),
    machine: normaliser.value(machine),
    cluster: normaliser.value(cluster),
    installDir,
    shown: normaliser.value({ ...shown, pods: shown.pods.map((p) => ({ ...p, name: podName(p.name, normaliser) })) }),
  };
}
