/** The whole known-problems catalogue: the recipe's §7 rows, then WinJoin's own errors. */
import { SDN_KNOWN_PROBLEMS } from './catalogue-sdn.js';
import { WINJOIN_KNOWN_PROBLEMS } from './catalogue-winjoin.js';
import type { KnownProblem } from './schema.js';

export const KNOWN_PROBLEMS: readonly KnownProblem[] = [...SDN_KNOWN_PROBLEMS, ...WINJOIN_KNOWN_PROBLEMS];

export function findKnownProblem(code: string): KnownProblem | undefined {
  return KNOWN_PROBLEMS.find((p) => p.code === code);
}
