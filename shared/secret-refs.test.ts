import { describe, expect, it } from 'vitest';
import { exampleAnswers } from './answers.js';
import { resolveSecretRefs } from './secret-refs.js';

const readers = {
  readFile: (p: string) => {
    if (p === '/vault/proxy') return 'http://bob:Fr0mFile@proxy.corp.example:3128\n';
    if (p === '/vault/empty') return '';
    throw new Error('ENOENT');
  },
  readEnv: (n: string) => (n === 'PROXY_URL' ? 'http://bob:Fr0mEnv@proxy.corp.example:3128' : undefined),
};

function withProxy(http: unknown, https: unknown) {
  return { ...exampleAnswers(), proxy: { http, https, noProxy: [] } };
}

describe('secret references', () => {
  it('resolves fromFile and fromEnv and reports the values for redaction', () => {
    const out = resolveSecretRefs(withProxy({ fromFile: '/vault/proxy' }, { fromEnv: 'PROXY_URL' }), readers);
    expect(out.errors).toEqual([]);
    expect((out.answers as any).proxy.http).toBe('http://bob:Fr0mFile@proxy.corp.example:3128');
    expect((out.answers as any).proxy.https).toBe('http://bob:Fr0mEnv@proxy.corp.example:3128');
    expect(out.secrets).toHaveLength(2);
  });

  it('names the field when a reference cannot be read or is empty', () => {
    const out = resolveSecretRefs(withProxy({ fromFile: '/nope' }, { fromEnv: 'UNSET_VAR' }), readers);
    expect(out.errors.map((e) => [e.field, e.key])).toEqual([
      ['proxy.http', 'validation.secret.unreadable'],
      ['proxy.https', 'validation.secret.empty'],
    ]);
  });

  it('leaves inline values and non-secret fields alone', () => {
    const input = withProxy('http://p:8080', 'http://p:8080');
    expect(resolveSecretRefs(input, readers).answers).toEqual(input);
    const notARef = { ...exampleAnswers(), installDir: { fromEnv: 'X' } };
    expect((resolveSecretRefs(notARef, readers).answers as any).installDir).toEqual({ fromEnv: 'X' });
  });
});

describe('the bootstrap token as a secret reference', () => {
  it('resolves join.token from a file and reports it for redaction', () => {
    const input = {
      ...exampleAnswers('containerd-kubeadm'),
      join: { token: { fromFile: '/vault/token' }, caCertHash: null, apiServerEndpoint: null },
    };
    const out = resolveSecretRefs(input, { readFile: () => 'abcdef.0123456789abcdef\n', readEnv: () => undefined });
    expect(out.errors).toEqual([]);
    expect((out.answers as any).join.token).toBe('abcdef.0123456789abcdef');
    expect(out.secrets).toEqual(['abcdef.0123456789abcdef']);
  });
});
