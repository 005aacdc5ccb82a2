import { describe, expect, it } from 'vitest';
import { initialDraft } from '../../state/draft.js';
import { proxyErrors } from './proxy-errors.js';

describe('proxyErrors', () => {
  it('has nothing to say without a proxy, whatever the fields hold', () => {
    const d = initialDraft();
    d.proxy.http = 'garbage';
    expect(proxyErrors(d)).toEqual([]);
  });
  it('reports a bad HTTP proxy once when HTTPS is left empty', () => {
    const d = initialDraft();
    d.proxy = { ...d.proxy, mode: 'manual', http: 'proxy.corp' };
    expect(proxyErrors(d).map((e) => `${e.field} ${e.key}`)).toEqual(['proxy.http validation.proxy.notUrl']);
    d.proxy.https = 'ftp://p:21';
    expect(proxyErrors(d).map((e) => `${e.field} ${e.key}`)).toContain('proxy.https validation.proxy.scheme');
  });
  it('accepts a manual proxy with a port', () => {
    const d = initialDraft();
    d.proxy = { ...d.proxy, mode: 'manual', http: 'http://proxy.corp:8080' };
    expect(proxyErrors(d)).toEqual([]);
  });
});
