import { describe, expect, it } from 'vitest';
import type { ClusterProbe } from '../network/cluster-hints.js';
import { isCurrentProbe, probeView } from './probe-view.js';

const base: ClusterProbe = {
  ok: true,
  server: 'https://10.1.2.3:6443',
  serverVersion: 'v1.9.1',
  nodes: [
    { name: 'master', os: 'linux', podCidr: null, ready: true },
    { name: 'win-1', os: 'windows', podCidr: null, ready: false },
  ],
  podCidrsAllocated: false,
  dnsServiceIp: null,
  recommendedVersion: null,
  proposedRecipe: null,
  recipes: [],
  error: null,
};

describe('probe view', () => {
  it('counts nodes and says whether pod CIDRs are handed out', () => {
    expect(probeView(base)).toEqual({ readyNodes: 1, totalNodes: 2, windowsNodes: 1, podCidrs: 'missing' });
    expect(probeView({ ...base, podCidrsAllocated: null }).podCidrs).toBe('unknown');
    expect(probeView({ ...base, podCidrsAllocated: true }).podCidrs).toBe('allocated');
  });
  it('treats a test of another file or context as stale', () => {
    const record = { kubeconfigPath: '/a', context: 'c' };
    expect(isCurrentProbe(record, '/a', 'c')).toBe(true);
    expect(isCurrentProbe(record, '/a', 'd')).toBe(false);
    expect(isCurrentProbe(null, '/a', 'c')).toBe(false);
  });
});
