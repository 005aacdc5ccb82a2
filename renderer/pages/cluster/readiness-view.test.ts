import { describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { changesByCheck, readinessSummary } from './readiness-view.js';

type Readiness = CallResponse<'cluster:readiness'>;
const check = (id: Readiness['checks'][number]['id'], status: 'pass' | 'warn' | 'fail') => ({
  id,
  status,
  detailKey: 'k',
  params: {},
  fixable: true,
});
const base: Readiness = {
  checks: [],
  changes: [],
  applied: [],
  credentials: null,
  error: null,
  knownProblems: [],
  serverVersion: 'v1.35.1',
};
const change = (checkId: Readiness['changes'][number]['checkId'], path: string) => ({ checkId, method: 'PUT' as const, path, body: {} });

describe('readiness view', () => {
  it('says ready, warnings, fixable (every failure has an Apply) or blocked', () => {
    expect(readinessSummary({ ...base, checks: [check('server-version', 'pass')] })).toBe('ready');
    expect(readinessSummary({ ...base, checks: [check('clock-skew', 'warn')] })).toBe('warnings');
    const calico = { ...base, checks: [check('calico-installation', 'fail')], changes: [change('calico-installation', '/a')] };
    expect(readinessSummary(calico)).toBe('fixable');
    expect(readinessSummary({ ...calico, checks: [...calico.checks, check('bootstrap-rbac', 'fail')] })).toBe('blocked');
    expect(readinessSummary({ ...base, error: { code: 'E_JOIN_CA_PIN', message: 'x' } })).toBe('blocked');
  });

  it('groups the requests by the check they fix, in order', () => {
    const byCheck = changesByCheck({
      ...base,
      changes: [change('calico-ippool', '/p1'), change('calico-ippool', '/p2'), change('kube-proxy-windows', '/d')],
    });
    expect(byCheck.get('calico-ippool')?.map((c) => c.path)).toEqual(['/p1', '/p2']);
    expect(byCheck.get('kube-proxy-windows')).toHaveLength(1);
  });
});
