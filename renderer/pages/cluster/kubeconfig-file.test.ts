import { describe, expect, it } from 'vitest';
import { fileProblem, findingKeys, pickFile, sortFindings } from './kubeconfig-file.js';

describe('kubeconfig file', () => {
  it('takes the first file of a drop', () => {
    expect(
      pickFile([
        { name: 'a', size: 1 },
        { name: 'b', size: 1 },
      ])?.name,
    ).toBe('a');
    expect(pickFile([])).toBeNull();
    expect(pickFile(null)).toBeNull();
  });
  it('refuses empty and oversized files before reading them', () => {
    expect(fileProblem({ size: 0 })).toBe('pages.cluster.empty');
    expect(fileProblem({ size: 2_000_000 })).toBe('pages.cluster.tooLarge');
    expect(fileProblem({ size: 5000 })).toBeNull();
  });
  it('lists errors before warnings and has a fallback key for unknown findings', () => {
    const inspection = {
      path: '/k',
      usable: false,
      contexts: [],
      currentContext: null,
      server: null,
      findings: [
        { code: 'a', severity: 'info' as const, params: {} },
        { code: 'b', severity: 'error' as const, params: {} },
      ],
    };
    expect(sortFindings(inspection).map((f) => f.code)).toEqual(['b', 'a']);
    expect(findingKeys('x')).toEqual(['kubeconfig.findings.x', 'pages.cluster.findingUnknown']);
  });
});
