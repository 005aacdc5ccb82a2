import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../shared/i18n/index.js';
import { WELCOME_NEEDS, welcomeNeedKey, welcomeNeeds } from './welcome-content.js';

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('welcome needs', () => {
  it('has a sentence for every need and recipe in both languages', () => {
    for (const lang of ['en', 'ja'] as const)
      for (const recipe of [null, 'docker-sdn', 'containerd-kubeadm'] as const)
        for (const need of WELCOME_NEEDS)
          expect(typeof lookup(catalogues[lang], welcomeNeedKey(need, recipe)), `${lang} ${need} ${recipe}`).toBe('string');
  });

  it('follows the recipe once the cluster chose it', () => {
    expect(welcomeNeeds(null)).toEqual(WELCOME_NEEDS);
    expect(welcomeNeeds('containerd-kubeadm')).not.toContain('masterIp');
    expect(welcomeNeeds('docker-sdn')).not.toContain('joinCommand');
  });
});
