import { describe, expect, it } from 'vitest';
import { initialDraft, networkDefaults, sectionErrors, splitList, toAnswers, withCredentials, type Draft } from './draft.js';

function filled(): Draft {
  const d = initialDraft();
  d.cluster.kubeconfigPath = '/tmp/uploads/admin.conf';
  d.network.masterIp = '10.1.2.3';
  return d;
}

describe('draft', () => {
  it('starts from the schema defaults, with no master IP and no proxy', () => {
    const d = initialDraft();
    expect(d.network).toMatchObject({
      topology: 'host-gateway',
      clusterCidr: '192.168.0.0/16',
      serviceCidr: '11.0.0.0/16',
      dnsServiceIp: '11.0.0.10',
      interfaceAlias: 'Ethernet',
      masterIp: '',
    });
    expect(d.proxy.mode).toBe('none');
  });

  it('becomes valid answers once kubeconfig and master IP are given', () => {
    const result = toAnswers(filled());
    expect(result.ok).toBe(true);
    expect(result.answers?.proxy).toBeNull();
    expect(result.answers?.network.masterIp).toBe('10.1.2.3');
  });

  it('puts encoded proxy credentials into both URLs and never quotes them in errors', () => {
    const d = filled();
    d.proxy = {
      mode: 'manual',
      http: 'http://proxy.corp:8080',
      https: '',
      noProxy: '.corp, 10.0.0.0/8',
      username: 'dom\\me',
      password: 'p@ss',
      addClusterRanges: true,
    };
    const result = toAnswers(d);
    expect(result.answers?.proxy).toEqual({
      http: 'http://dom%5Cme:p%40ss@proxy.corp:8080',
      https: 'http://dom%5Cme:p%40ss@proxy.corp:8080',
      noProxy: ['.corp', '10.0.0.0/8'],
      addClusterRanges: true,
    });
    d.proxy.http = 'http://proxy.corp:8080/path';
    const errors = sectionErrors(d, 'proxy');
    expect(errors.map((e) => `${e.field} ${e.key}`)).toContain('proxy.http validation.proxy.path');
    expect(JSON.stringify(errors)).not.toContain('p%40ss');
  });

  it('reports a page its own errors even while other pages are incomplete', () => {
    const d = initialDraft();
    d.network.masterIp = '10.1.2.3';
    d.network.serviceCidr = '192.168.0.0/24';
    expect(sectionErrors(d, 'network').map((e) => e.key)).toEqual(['validation.cidr.overlap', 'validation.dnsOutsideService']);
    expect(sectionErrors(d, 'cluster').map((e) => e.field)).toEqual(['cluster.kubeconfigPath']);
    expect(sectionErrors(d, 'proxy')).toEqual([]);
  });

  it('names a bad NO_PROXY entry and a missing master IP', () => {
    const d = initialDraft();
    d.proxy = { ...d.proxy, mode: 'manual', http: 'http://p:3128', noProxy: 'ok.corp, bad entry!' };
    expect(sectionErrors(d, 'proxy').map((e) => e.key)).toEqual(['validation.noProxy.entry']);
    expect(sectionErrors(d, 'network').map((e) => `${e.field} ${e.key}`)).toEqual(['network.masterIp validation.ipv4.invalid']);
  });

  it('leaves URLs with credentials or no user alone, and splits lists on commas and spaces', () => {
    expect(withCredentials('http://a:b@p:1', 'x', 'y')).toBe('http://a:b@p:1');
    expect(withCredentials('http://p:1', '', 'y')).toBe('http://p:1');
    expect(splitList(' a, b;c\n d ,')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('draft for containerd-kubeadm', () => {
  function modern(): Draft {
    const d = initialDraft();
    d.recipe = 'containerd-kubeadm';
    d.network = networkDefaults('containerd-kubeadm');
    d.cluster.kubeconfigPath = '/tmp/uploads/admin.conf';
    return d;
  }

  it('needs no master address, and lets WinJoin create the token and compute the CA pin by default', () => {
    const result = toAnswers(modern());
    expect(result.ok).toBe(true);
    expect(result.answers).toMatchObject({
      recipe: 'containerd-kubeadm',
      network: { topology: 'calico-vxlan' },
      join: { token: null, caCertHash: null, apiServerEndpoint: null },
    });
    expect(result.answers?.network.masterIp).toBeUndefined();
  });

  it('takes pasted credentials, and names an empty or wrong one without quoting the token', () => {
    const d = modern();
    d.join = {
      mode: 'paste',
      apiServerEndpoint: '10.1.2.3:6443',
      token: 'abcdef.0123456789abcdef',
      caCertHash: `sha256:${'a'.repeat(64)}`,
    };
    expect(toAnswers(d).answers?.join).toEqual({
      token: 'abcdef.0123456789abcdef',
      caCertHash: `sha256:${'a'.repeat(64)}`,
      apiServerEndpoint: '10.1.2.3:6443',
    });
    d.join.token = 'Secret.notatokenatall';
    d.join.caCertHash = '';
    const errors = sectionErrors(d, 'join');
    expect(errors.map((e) => e.field)).toEqual(['join.token', 'join.caCertHash']);
    expect(JSON.stringify(errors)).not.toContain('notatoken');
  });
});
