/** The whole known-problems catalogue: docker-sdn's §7 rows, containerd-kubeadm's §3 rows, then WinJoin's own errors. */
import { KUBEADM_KNOWN_PROBLEMS } from './catalogue-kubeadm.js';
import { SDN_KNOWN_PROBLEMS } from './catalogue-sdn.js';
import { WINJOIN_KNOWN_PROBLEMS } from './catalogue-winjoin.js';
import type { KnownProblem } from './schema.js';

export const KNOWN_PROBLEMS: readonly KnownProblem[] = [...SDN_KNOWN_PROBLEMS, ...KUBEADM_KNOWN_PROBLEMS, ...WINJOIN_KNOWN_PROBLEMS];

export function findKnownProblem(code: string): KnownProblem | undefined {
  return KNOWN_PROBLEMS.find((p) => p.code === code);
}
