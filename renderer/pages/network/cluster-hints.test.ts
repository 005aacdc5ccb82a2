import { describe, expect, it } from 'vitest';
import { initialDraft } from '../../state/draft.js';
import { applyHints, clusterCidrFromNodes, clusterHints, serviceCidrFromDns, type ClusterProbe } from './cluster-hints.js';

const probe: ClusterProbe = {
  ok: true,
  server: 'https://10.1.2.3:6443',
  serverVersion: 'v1.9.1',
  nodes: [
    { name: 'master', os: 'linux', podCidr: '10.244.0.0/24', ready: true },
    { name: 'linux-1', os: 'linux', podCidr: '10.244.1.0/24', ready: true },
  ],
  podCidrsAllocated: true,
  dnsServiceIp: '10.96.0.10',
  recommendedVersion: 'v1.9.1',
  proposedRecipe: null,
  recipes: [],
  error: null,
};

describe('cluster hints', () => {
  it('widens the nodes ranges to the cluster range they share, at most /16', () => {
    expect(clusterCidrFromNodes(['10.244.0.0/24', '10.244.1.0/24'])).toBe('10.244.0.0/16');
    expect(clusterCidrFromNodes(['192.168.0.0/24'])).toBe('192.168.0.0/16');
    expect(clusterCidrFromNodes(['10.1.0.0/24', '10.200.0.0/24'])).toBe('10.0.0.0/8');
    expect(clusterCidrFromNodes(['nonsense'])).toBeNull();
  });

  it('estimates the service range around the kube-dns address', () => {
    expect(serviceCidrFromDns('10.96.0.10')).toBe('10.96.0.0/12');
    expect(serviceCidrFromDns('11.0.0.10')).toBe('11.0.0.0/16');
    expect(serviceCidrFromDns('x')).toBeNull();
  });

  it('says which values were read from the cluster and which are estimates', () => {
    const hints = clusterHints(probe);
    expect(hints.masterIp).toMatchObject({ value: '10.1.2.3', source: 'server', estimate: false });
    expect(hints.dnsServiceIp).toMatchObject({ value: '10.96.0.10', estimate: false });
    expect(hints.serviceCidr).toMatchObject({ value: '10.96.0.0/12', estimate: true });
    expect(hints.clusterCidr).toMatchObject({ value: '10.244.0.0/16', from: '10.244.0.0/24, 10.244.1.0/24' });
    expect(clusterHints({ ...probe, ok: false })).toEqual({});
    expect(clusterHints({ ...probe, server: 'https://master.corp:6443' }).masterIp).toBeUndefined();
  });

  it('fills only fields still at their default that the user has not touched', () => {
    const defaults = initialDraft().network;
    const typed = { ...defaults, serviceCidr: '10.0.0.0/16' };
    const { patch, applied } = applyHints(typed, defaults, { 'network.clusterCidr': true }, clusterHints(probe));
    expect(patch).toEqual({ masterIp: '10.1.2.3', dnsServiceIp: '10.96.0.10' });
    expect(applied).toEqual(['masterIp', 'dnsServiceIp']);
  });
});
