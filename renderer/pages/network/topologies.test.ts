import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { TOPOLOGY_CHOICES, topologyKeys } from './topologies.js';

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('topologies', () => {
  it('offers host-gateway, ToR and Flannel, each explained in both languages', () => {
    expect(TOPOLOGY_CHOICES).toEqual(['host-gateway', 'tor', 'flannel']);
    for (const topology of TOPOLOGY_CHOICES) {
      for (const lang of ['en', 'ja'] as const) {
        const { label, explain } = topologyKeys(topology);
        expect(typeof lookup(catalogues[lang], label), `${lang} ${label}`).toBe('string');
        expect(typeof lookup(catalogues[lang], explain), `${lang} ${explain}`).toBe('string');
      }
    }
  });
});
