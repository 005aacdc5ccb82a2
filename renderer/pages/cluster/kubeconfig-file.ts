/** Which dropped or chosen file to send, and what stops it before it is read. */
import type { Inspection } from '../../state/draft.js';

/** The contract's limit on kubeconfig:import content. */
export const MAX_KUBECONFIG_BYTES = 1_000_000;

export function pickFile<T extends { name: string; size: number }>(files: ArrayLike<T> | null | undefined): T | null {
  return files && files.length > 0 ? (files[0] ?? null) : null;
}

/** An i18n key saying why this file cannot be used, or null. */
export function fileProblem(file: { size: number }): string | null {
  if (file.size === 0) return 'pages.cluster.empty';
  if (file.size > MAX_KUBECONFIG_BYTES) return 'pages.cluster.tooLarge';
  return null;
}

/** Errors first; a finding code the catalogue does not know falls back to a generic line naming the code. */
export function findingKeys(code: string): string[] {
  return [`kubeconfig.findings.${code}`, 'pages.cluster.findingUnknown'];
}

export function sortFindings(inspection: Inspection): Inspection['findings'] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...inspection.findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
}
