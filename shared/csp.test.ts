import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, EMPTY_STYLE_HASH } from './csp.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name, ...sources] = part.trim().split(/\s+/);
    return [name!, sources] as const;
  }),
);

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows no inline code, no eval and no remote origin anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|strict-dynamic|wasm-unsafe/);
    for (const [name, sources] of directives) {
      for (const source of sources) {
        // Only keywords, data: for images and the empty style's hash; never a scheme or host that reaches the network.
        expect(["'self'", "'none'", 'data:', EMPTY_STYLE_HASH], `${name} ${source}`).toContain(source);
        if (source === 'data:') expect(name).toBe('img-src');
        if (source === EMPTY_STYLE_HASH) expect(name).toBe('style-src');
      }
    }
  });

  it('admits by hash only an empty <style> element (Fluent fills it through CSSOM), no inline CSS text', () => {
    expect(EMPTY_STYLE_HASH).toBe(`'sha256-${createHash('sha256').update('').digest('base64')}'`);
  });

  it('denies by default and closes the directives that do not fall back to default-src', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const name of ['base-uri', 'form-action', 'frame-ancestors', 'object-src']) expect(directives.get(name), name).toEqual(["'none'"]);
  });

  it('keeps the renderer off the network: it reaches the back end only through window.winjoin', () => {
    expect(directives.get('connect-src')).toEqual(["'none'"]);
  });

  it('is the serialisation of CSP_DIRECTIVES', () => {
    expect([...directives.keys()]).toEqual(Object.keys(CSP_DIRECTIVES));
  });
});
