/** The connection test's result in the words the Cluster access page shows. */
import type { ClusterProbe } from '../network/cluster-hints.js';

export interface ProbeView {
  readyNodes: number;
  totalNodes: number;
  windowsNodes: number;
  /** i18n key under pages.cluster.probe.podCidrs. */
  podCidrs: 'allocated' | 'missing' | 'unknown';
}

export function probeView(probe: ClusterProbe): ProbeView {
  return {
    readyNodes: probe.nodes.filter((n) => n.ready).length,
    totalNodes: probe.nodes.length,
    windowsNodes: probe.nodes.filter((n) => n.os === 'windows').length,
    podCidrs: probe.podCidrsAllocated === null ? 'unknown' : probe.podCidrsAllocated ? 'allocated' : 'missing',
  };
}

/** A test of another file or context says nothing about this one. */
export function isCurrentProbe(record: { kubeconfigPath: string; context: string } | null, path: string, context: string): boolean {
  return record !== null && record.kubeconfigPath === path && record.context === context;
}
