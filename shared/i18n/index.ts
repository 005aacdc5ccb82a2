/**
 * The i18n catalogues, English and Japanese, shared by the renderer and the
 * CLI. Both must hold the same keys; a test fails when either lacks one.
 */
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const catalogues = { en, ja } as const;

/** Every key of a nested catalogue, dotted ("steps.docker.title"). */
export function flattenKeys(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object') return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}
