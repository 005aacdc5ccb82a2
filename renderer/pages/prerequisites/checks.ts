/** Turns preflight check results into what the Prerequisites page lists and counts. */
import type { CallResponse } from '../../../shared/ipc/contract.js';

export type CheckResult = CallResponse<'preflight:run'>['checks'][number];

export interface CheckCounts {
  pass: number;
  warn: number;
  fail: number;
}

export function countChecks(checks: readonly CheckResult[]): CheckCounts {
  const counts: CheckCounts = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) counts[c.status] += 1;
  return counts;
}

/** Failures first, then warnings, so the first thing read aloud on a call is what needs doing. */
export function sortChecks(checks: readonly CheckResult[]): CheckResult[] {
  const rank = { fail: 0, warn: 1, pass: 2 } as const;
  return [...checks].sort((a, b) => rank[a.status] - rank[b.status]);
}

export function checkTitleKey(id: string): string {
  return `checks.${id}.title`;
}

/** The fix to show: the one the check named, else the catalogue's fix for the check id. */
export function checkFixKey(check: CheckResult): string | null {
  if (check.status === 'pass') return null;
  return check.fixKey ?? `checks.${check.id}.fix`;
}

/** The adapter names Get-NetAdapter listed in the network-adapter check, for the Network page's picker. */
export function detectedAdapters(checks: readonly CheckResult[]): string[] {
  const found = checks.find((c) => c.id === 'network-adapter')?.detailParams?.found ?? '';
  return [
    ...new Set(
      found
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
}
