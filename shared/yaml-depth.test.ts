import { parseDocument } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { MAX_YAML_FLOW_DEPTH, MAX_YAML_INDENT, yamlDepthProblem } from './yaml-depth.js';
import { kubeconfigSecrets, redactKubeconfigYaml } from './redact/kubeconfig.js';

// The real parser, watched: the bundle must not hand it a nesting bomb at all.
vi.mock('yaml', async (importOriginal) => {
  const real = await importOriginal<typeof import('yaml')>();
  return { ...real, parseDocument: vi.fn(real.parseDocument) };
});

const KUBECONFIG = `apiVersion: v1
kind: Config
# a comment with [[[[ brackets ]]]]
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: QUJD
users:
- name: admin
  user:
    token: abcdefghijklmnopqrstuvwxyz0123456789
    password: "p[a{s]s}"
    exec: { command: kubelogin, args: [get-token, --server-id, "x]y"], env: [{ name: A, value: "[b" }] }
contexts:
- name: lab
  context: { cluster: lab, user: admin }
current-context: lab
`;

// What an attacker who can write where the admin points the wizard would hand it (issue 19, point 11).
const FLOW_BOMB = `users:\n- name: u\n  user:\n    token: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`;
const MAP_BOMB = `x: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`;
const INDENT_BOMB = 'users:\n' + Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n') + '\n';

describe('yamlDepthProblem', () => {
  it('passes a real kubeconfig, brackets in comments and quoted strings included', () => {
    expect(yamlDepthProblem(KUBECONFIG)).toBeNull();
    expect(yamlDepthProblem(`a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\n`)).toBeNull();
    expect(yamlDepthProblem(`password: x${'['.repeat(1000)}\n`)).toBeNull();
  });

  it('names the line where flow collections nest past the limit', () => {
    expect(yamlDepthProblem(FLOW_BOMB)).toEqual({ line: 4, column: 12 + MAX_YAML_FLOW_DEPTH, kind: 'flow', limit: MAX_YAML_FLOW_DEPTH });
    expect(yamlDepthProblem(MAP_BOMB)).toMatchObject({ line: 1, kind: 'flow' });
    expect(yamlDepthProblem(`a: ${'['.repeat(MAX_YAML_FLOW_DEPTH)}${']'.repeat(MAX_YAML_FLOW_DEPTH)}\n`)).toBeNull();
  });

  it('names the line where indentation goes past the limit', () => {
    expect(yamlDepthProblem(INDENT_BOMB)).toEqual({
      line: MAX_YAML_INDENT + 2,
      column: MAX_YAML_INDENT + 2,
      kind: 'indent',
      limit: MAX_YAML_INDENT,
    });
  });
});

describe('kubeconfig redaction given a nesting bomb', () => {
  it('the bundle redacts it by line rules instead of parsing it, and still reads a real one', () => {
    expect(kubeconfigSecrets(FLOW_BOMB)).toEqual([]);
    expect(redactKubeconfigYaml(MAP_BOMB)).toContain('{a: ');
    expect(redactKubeconfigYaml(KUBECONFIG)).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(kubeconfigSecrets(KUBECONFIG)).toContain('p[a{s]s}');
  });

  it('never hands the bomb to the YAML parser, which would recurse through it for seconds in the elevated process', () => {
    vi.mocked(parseDocument).mockClear();
    redactKubeconfigYaml(FLOW_BOMB);
    kubeconfigSecrets(MAP_BOMB);
    redactKubeconfigYaml(INDENT_BOMB);
    expect(parseDocument).not.toHaveBeenCalled();
    redactKubeconfigYaml(KUBECONFIG);
    expect(parseDocument).toHaveBeenCalledTimes(1);
  });
});
