import { describe, expect, it } from 'vitest';
import { checkFixKey, countChecks, detectedAdapters, sortChecks, type CheckResult } from './checks.js';

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

describe('adapters for the Network page', () => {
  it('reads the names Get-NetAdapter listed in the network-adapter check, once each, and nothing without that check', () => {
    const check = (found: string) =>
      ({
        id: 'network-adapter',
        status: 'warn',
        detailKey: 'checkDetails.network-adapter.rename',
        detailParams: { adapter: 'LAN', found },
      }) as CheckResult;
    expect(detectedAdapters([check('LAN, vEthernet (nat), LAN')])).toEqual(['LAN', 'vEthernet (nat)']);
    expect(detectedAdapters([check('')])).toEqual([]);
    expect(detectedAdapters([{ id: 'os-build', status: 'pass' } as CheckResult])).toEqual([]);
  });
});
