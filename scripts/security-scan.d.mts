// Types for scripts/security-scan.mjs, so its tests are typed.
export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  manualReview: boolean;
  description: string;
}
export interface Reviewed {
  check: string;
  file: string;
  reason: string;
  guardedBy: string;
}
export function stageSources(from?: string): string;
export function classify(
  issues: Finding[],
  reviewed: Reviewed[],
): { failing: Finding[]; reviewed: (Finding & { reason: string })[]; other: Finding[]; stale: Reviewed[] };
export function scan(
  input: string,
): Promise<{ electronVersion: string; checks: number; errors: { file: string; message: string; tolerable: boolean }[]; issues: Finding[] }>;
