import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { networkFields, topologyChoices, topologyKeys } from './topologies.js';

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('topologies', () => {
  it('offers host-gateway, ToR and Flannel for docker-sdn, Calico VXLAN for containerd-kubeadm, each explained in both languages', () => {
    expect(topologyChoices('docker-sdn')).toEqual(['host-gateway', 'tor', 'flannel']);
    expect(topologyChoices('containerd-kubeadm')).toEqual(['calico-vxlan']);
    for (const topology of [...topologyChoices('docker-sdn'), ...topologyChoices('containerd-kubeadm')]) {
      for (const lang of ['en', 'ja'] as const) {
        const { label, explain } = topologyKeys(topology);
        expect(typeof lookup(catalogues[lang], label), `${lang} ${label}`).toBe('string');
        expect(typeof lookup(catalogues[lang], explain), `${lang} ${explain}`).toBe('string');
      }
    }
  });

  it('asks for the master address only where the recipe routes to it', () => {
    expect(networkFields('docker-sdn')).toContain('masterIp');
    expect(networkFields('containerd-kubeadm')).not.toContain('masterIp');
  });
});
