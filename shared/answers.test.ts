import { describe, expect, it } from 'vitest';
import { AnswersSchema, DEFAULT_CONTAINERD_VERSION, exampleAnswers } from './answers.js';
import { toFieldErrors, withValues } from './validation/issues.js';
import { cidrsOverlap, isRfc1123NodeName, nthAddress, parseIpv4Cidr } from './validation/network.js';
import { checkProxyUrl, isNoProxyEntry, maskProxyUrl } from './validation/proxy-url.js';
import { isAbsoluteWindowsPath } from './validation/paths.js';
import { catalogues } from './i18n/index.js';

function errorsFor(patch: (a: Record<string, any>) => void) {
  const input = structuredClone(exampleAnswers()) as Record<string, any>;
  patch(input);
  const result = AnswersSchema.safeParse(input);
  return result.success ? [] : withValues(toFieldErrors(result.error), input);
}

describe('answer file v1', () => {
  it('the example is valid and fills the guide defaults', () => {
    const a = exampleAnswers();
    expect(a.installDir).toBe('C:\\k');
    expect(a.network.clusterCidr).toBe('192.168.0.0/16');
    expect(a.network.serviceCidr).toBe('11.0.0.0/16');
    expect(a.network.dnsServiceIp).toBe('11.0.0.10');
    expect(AnswersSchema.safeParse(a).success).toBe(true);
  });

  it.each([
    [
      'service CIDR overlapping the cluster CIDR',
      (a: any) => (a.network.serviceCidr = '192.168.128.0/17'),
      'network.serviceCidr',
      'validation.cidr.overlap',
    ],
    [
      'cluster CIDR inside the service CIDR',
      (a: any) => ((a.network.clusterCidr = '11.0.5.0/24'), (a.network.dnsServiceIp = '11.0.0.10')),
      'network.serviceCidr',
      'validation.cidr.overlap',
    ],
    [
      'proxy URL without a port',
      (a: any) => (a.proxy = { http: 'http://proxy.example.com', https: 'http://proxy.example.com:443', noProxy: [] }),
      'proxy.http',
      'validation.proxy.noPort',
    ],
    [
      'proxy URL with a socks scheme',
      (a: any) => (a.proxy = { http: 'socks5://p:1080', https: 'http://p:3128', noProxy: [] }),
      'proxy.http',
      'validation.proxy.scheme',
    ],
    ['upper-case node name', (a: any) => (a.nodeName = 'WIN-NODE01'), 'nodeName', 'validation.nodeName'],
    ['node name with an underscore', (a: any) => (a.nodeName = 'win_node'), 'nodeName', 'validation.nodeName'],
    [
      'DNS IP outside the service CIDR',
      (a: any) => (a.network.dnsServiceIp = '10.96.0.10'),
      'network.dnsServiceIp',
      'validation.dnsOutsideService',
    ],
    ['CIDR with host bits', (a: any) => (a.network.clusterCidr = '192.168.1.5/16'), 'network.clusterCidr', 'validation.cidr.invalid'],
    ['IPv6 master', (a: any) => (a.network.masterIp = '::1'), 'network.masterIp', 'validation.ipv4.invalid'],
    [
      'master inside the pod network',
      (a: any) => (a.network.masterIp = '192.168.3.4'),
      'network.masterIp',
      'validation.masterInClusterCidr',
    ],
    ['relative install dir', (a: any) => (a.installDir = 'k'), 'installDir', 'validation.path.windowsAbsolute'],
    ['install dir escaping with ..', (a: any) => (a.installDir = 'C:\\k\\..\\Windows'), 'installDir', 'validation.path.windowsAbsolute'],
    [
      'missing master IP (docker-sdn routes to it)',
      (a: any) => delete a.network.masterIp,
      'network.masterIp',
      'validation.masterIpRequired',
    ],
    ['calico-vxlan with docker-sdn', (a: any) => (a.network.topology = 'calico-vxlan'), 'network.topology', 'validation.topologyForRecipe'],
    ['unknown topology', (a: any) => (a.network.topology = 'overlay'), 'network.topology', 'validation.oneOf'],
    ['misspelt field', (a: any) => (a.network.clustercidr = '10.0.0.0/8'), 'network', 'validation.unknownField'],
    ['wrong version', (a: any) => (a.version = 2), 'version', 'validation.oneOf'],
  ])('%s names the field and the fix', (_name, patch, field, key) => {
    const errors = errorsFor(patch);
    expect(errors.map((e) => [e.field, e.key])).toContainEqual([field, key]);
    const message = (catalogues.en.validation as any) && key.split('.').reduce((node: any, part) => node?.[part], catalogues.en);
    expect(typeof message).toBe('string');
  });
});

describe('network validators', () => {
  it.each(['10.0.0.0/8', '192.168.0.0/16', '11.0.0.0/16', '0.0.0.0/1'])('accepts %s', (v) => expect(parseIpv4Cidr(v)).not.toBeNull());
  it.each([
    '10.0.0.1/8',
    '10.0.0.0/33',
    '10.0.0.0',
    '10.0.0.0/0',
    '256.0.0.0/8',
    '10.0.0.0/8; rm -rf /',
    "'; Write-Output PWNED; '",
    '$(Get-Date)',
    '１０.0.0.0/8',
    '10.0.0.0/8\n',
    '',
  ])('refuses %j', (v) => expect(parseIpv4Cidr(v)).toBeNull());

  it('detects overlaps either way round', () => {
    const a = parseIpv4Cidr('10.0.0.0/8')!;
    const b = parseIpv4Cidr('10.96.0.0/12')!;
    const c = parseIpv4Cidr('11.0.0.0/16')!;
    expect(cidrsOverlap(a, b)).toBe(true);
    expect(cidrsOverlap(b, a)).toBe(true);
    expect(cidrsOverlap(a, c)).toBe(false);
  });

  it('computes the .10 address of a service range', () => expect(nthAddress(parseIpv4Cidr('10.96.0.0/12')!, 10)).toBe('10.96.0.10'));

  it.each([
    ['win-node-01', true],
    ['a', true],
    ['WIN', false],
    ['-lead', false],
    ['trail-', false],
    ['x'.repeat(64), false],
    ['ノード', false],
    ['node;rm', false],
  ])('node name %j -> %s', (name, ok) => expect(isRfc1123NodeName(name)).toBe(ok));
});

describe('proxy URLs', () => {
  it.each([
    ['http://proxy.example.com:8080', null],
    ['http://user:p%40ss@proxy.example.com:3128/', null],
    ['https://proxy.example.com:443', null],
    ['http://proxy.example.com:80/', null],
    ['http://proxy.example.com', 'validation.proxy.noPort'],
    ['http://proxy.example.com:99999', 'validation.proxy.noPort'],
    ['ftp://proxy.example.com:21', 'validation.proxy.scheme'],
    ['proxy.example.com:8080', 'validation.proxy.scheme'],
    ['http://proxy.example.com:8080/pac.js', 'validation.proxy.path'],
    ['http://proxy .example.com:8080', 'validation.proxy.notUrl'],
    ["'; Write-Output PWNED; '", 'validation.proxy.notUrl'],
  ])('%j -> %s', (url, problem) => expect(checkProxyUrl(url)).toBe(problem));

  it('masks credentials for display', () => {
    expect(maskProxyUrl('http://alice:s3cret@proxy:8080/')).toBe('http://alice:***@proxy:8080/');
    expect(maskProxyUrl("http://ops:pa'ss$(whoami)@proxy:8080/")).toBe('http://ops:***@proxy:8080/');
    expect(maskProxyUrl('http://token123@proxy:8080/')).toBe('http://***@proxy:8080/');
    expect(maskProxyUrl('http://proxy:8080/')).toBe('http://proxy:8080/');
  });

  it.each([
    ['.corp.example', true],
    ['localhost', true],
    ['10.0.0.0/8', true],
    ['*', true],
    ['a b', false],
    ['$(x)', false],
  ])('NO_PROXY entry %j -> %s', (entry, ok) => expect(isNoProxyEntry(entry)).toBe(ok));
});

describe('Windows paths', () => {
  it.each([
    ['C:\\k', true],
    ['D:\\Program Files\\Kubernetes ノード', true],
    ['C:/k', false],
    ['\\\\server\\share', false],
    ['C:\\k|calc', false],
    ['C:\\k\\con:stream', false],
  ])('%j -> %s', (p, ok) => expect(isAbsoluteWindowsPath(p)).toBe(ok));
});

describe('secret references and messages', () => {
  it('never quotes a proxy password in a field error', () => {
    const errors = errorsFor(
      (a) => (a.proxy = { http: 'http://alice:Hunter2secret@proxy.corp.example', https: 'http://proxy.corp.example:8080', noProxy: [] }),
    );
    expect(errors[0]!.key).toBe('validation.proxy.noPort');
    expect(JSON.stringify(errors)).not.toContain('Hunter2secret');
    expect(errors[0]!.params.value).toBe('http://***@proxy.corp.example');
  });
});

describe('answer file v1, recipe containerd-kubeadm', () => {
  function modernErrorsFor(patch: (a: Record<string, any>) => void) {
    const input = structuredClone(exampleAnswers('containerd-kubeadm')) as Record<string, any>;
    patch(input);
    const result = AnswersSchema.safeParse(input);
    return result.success ? [] : withValues(toFieldErrors(result.error), input);
  }

  it('the example is complete and valid: no master IP, credentials created and computed through the API', () => {
    const a = exampleAnswers('containerd-kubeadm');
    expect(AnswersSchema.safeParse(JSON.parse(JSON.stringify(a))).success).toBe(true);
    expect(a).toMatchObject({
      recipe: 'containerd-kubeadm',
      kubernetesVersion: 'match-cluster',
      network: { topology: 'calico-vxlan' },
      join: { token: null, caCertHash: null, apiServerEndpoint: null },
      containerd: { version: DEFAULT_CONTAINERD_VERSION },
      cluster: { applyPrerequisites: false },
    });
    expect(a.network.masterIp).toBeUndefined();
  });

  it('accepts a pasted token, CA pin (either case) and endpoint', () => {
    const errors = modernErrorsFor((a) => {
      a.join = { token: 'abcdef.0123456789abcdef', caCertHash: `sha256:${'AB'.repeat(32)}`, apiServerEndpoint: '[2001:db8::101]:2073' };
    });
    expect(errors).toEqual([]);
    expect(modernErrorsFor((a) => (a.join.apiServerEndpoint = 'https://api.corp.example:6443'))).toEqual([]);
  });

  it.each([
    ['token with an upper-case id', (a: any) => (a.join.token = 'ABCDEF.0123456789abcdef'), 'join.token', 'validation.join.token'],
    ['token with a short secret', (a: any) => (a.join.token = 'abcdef.0123456789'), 'join.token', 'validation.join.token'],
    ['hash without sha256:', (a: any) => (a.join.caCertHash = 'ab'.repeat(32)), 'join.caCertHash', 'validation.join.caCertHash'],
    ['hash of 63 digits', (a: any) => (a.join.caCertHash = `sha256:${'a'.repeat(63)}`), 'join.caCertHash', 'validation.join.caCertHash'],
    [
      'endpoint without a port',
      (a: any) => (a.join.apiServerEndpoint = '10.1.2.3'),
      'join.apiServerEndpoint',
      'validation.join.apiServerEndpoint',
    ],
    [
      'endpoint with a path',
      (a: any) => (a.join.apiServerEndpoint = '10.1.2.3:6443/x'),
      'join.apiServerEndpoint',
      'validation.join.apiServerEndpoint',
    ],
    ['containerd version with a v', (a: any) => (a.containerd.version = 'v2.3.4'), 'containerd.version', 'validation.containerdVersion'],
    ['a docker-sdn topology', (a: any) => (a.network.topology = 'host-gateway'), 'network.topology', 'validation.topologyForRecipe'],
  ])('%s names the field and the fix', (_name, patch, field, key) => {
    const errors = modernErrorsFor(patch);
    expect(errors.map((e) => [e.field, e.key])).toContainEqual([field, key]);
    for (const lang of ['en', 'ja'] as const)
      expect(typeof key.split('.').reduce((node: any, part) => node?.[part], catalogues[lang])).toBe('string');
  });

  it('never quotes a token in a field error, even a malformed one', () => {
    const errors = modernErrorsFor((a) => (a.join.token = 'abcdef.0123456789ABCDEF'));
    expect(errors[0]).toMatchObject({ field: 'join.token', key: 'validation.join.token' });
    expect(JSON.stringify(errors)).not.toContain('0123456789ABCDEF');
  });
});
