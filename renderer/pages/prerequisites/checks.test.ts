import { describe, expect, it } from 'vitest';
import { checkFixKey, countChecks, sortChecks, type CheckResult } from './checks.js';

const checks: CheckResult[] = [
  { id: 'elevated', status: 'pass' },
  { id: 'os-build', status: 'fail' },
  { id: 'restart-pending', status: 'warn', fixKey: 'checks.custom.fix' },
];

describe('prerequisite checks', () => {
  it('counts and puts failures first', () => {
    expect(countChecks(checks)).toEqual({ pass: 1, warn: 1, fail: 1 });
    expect(sortChecks(checks).map((c) => c.id)).toEqual(['os-build', 'restart-pending', 'elevated']);
  });
  it('offers a fix only for checks that did not pass', () => {
    expect(checkFixKey(checks[0]!)).toBeNull();
    expect(checkFixKey(checks[1]!)).toBe('checks.os-build.fix');
    expect(checkFixKey(checks[2]!)).toBe('checks.custom.fix');
  });
});
