import { describe, expect, it } from 'vitest';
import { diagramModel, MAX_DRAWN_NODES } from './diagram-model.js';
import type { ClusterProbe } from './cluster-hints.js';

const probe = (nodes: number): ClusterProbe => ({
  ok: true,
  server: 'https://127.0.0.1:41234',
  serverVersion: 'v1.35.1',
  nodes: Array.from({ length: nodes }, (_, i) => ({
    name: `node-${i}`,
    os: 'linux',
    podCidr: i === 1 ? null : `192.168.${i}.0/24`,
    ready: true,
  })),
  podCidrsAllocated: true,
  dnsServiceIp: '10.96.0.10',
  kubeadmNetworking: null,
  recommendedVersion: '1.35.1',
  proposedRecipe: 'containerd-kubeadm',
  recipes: [],
  error: null,
});
const network = { topology: 'calico-vxlan' as const, clusterCidr: ' 192.168.0.0/16 ', serviceCidr: '10.96.0.0/12' };

describe('network diagram model', () => {
  it('draws the tested nodes with their ranges, this node with where its range comes from, and the kubeconfig server', () => {
    const model = diagramModel({
      recipe: 'containerd-kubeadm',
      probe: probe(2),
      kubeconfigServer: 'https://10.1.2.3:6443',
      network,
      nodeName: 'win-1',
    });
    expect(model.server).toBe('https://10.1.2.3:6443');
    expect(model.nodes).toEqual([
      { name: 'node-0', os: 'linux', podCidr: '192.168.0.0/24', ready: true },
      { name: 'node-1', os: 'linux', podCidr: null, ready: true },
    ]);
    expect(model.windows).toEqual({ name: 'win-1', podRange: 'calico', clusterCidr: '192.168.0.0/16' });
    expect(model.hidden).toBe(0);
  });

  it('follows the fields and the recipe, caps what it draws and says how many it left out', () => {
    const model = diagramModel({
      recipe: 'docker-sdn',
      probe: probe(MAX_DRAWN_NODES + 3),
      kubeconfigServer: null,
      network: { topology: 'host-gateway', clusterCidr: '10.244.0.0/16', serviceCidr: '11.0.0.0/16' },
      nodeName: '',
    });
    expect(model.nodes).toHaveLength(MAX_DRAWN_NODES);
    expect(model.hidden).toBe(3);
    expect(model.windows).toEqual({ name: '', podRange: 'controller', clusterCidr: '10.244.0.0/16' });
    expect(model.server).toBe('https://127.0.0.1:41234');
  });

  it('draws only this server before any connection test', () => {
    const model = diagramModel({ recipe: 'docker-sdn', probe: null, kubeconfigServer: null, network, nodeName: '' });
    expect(model).toMatchObject({ server: null, nodes: [], hidden: 0 });
  });
});
