import { describe, expect, it } from 'vitest';
import { bypassesProxy } from './no-proxy.js';
import { routeFor } from './proxy-route.js';

const bypass = (url: string, list: string[]) => bypassesProxy(new URL(url), list);

describe('NO_PROXY', () => {
  it('matches a host and its subdomains, a leading-dot suffix only subdomains', () => {
    expect(bypass('https://master.corp.example/x', ['corp.example'])).toBe(true);
    expect(bypass('https://corp.example/x', ['corp.example'])).toBe(true);
    expect(bypass('https://notcorp.example/x', ['corp.example'])).toBe(false);
    expect(bypass('https://master.corp.example/x', ['.corp.example'])).toBe(true);
    expect(bypass('https://corp.example/x', ['.corp.example'])).toBe(false);
    expect(bypass('https://MASTER.Corp.Example./x', ['.corp.example'])).toBe(true);
  });

  it('matches IPv4 addresses and CIDRs against literal IP hosts only', () => {
    expect(bypass('https://10.1.2.3:6443/', ['10.1.2.3'])).toBe(true);
    expect(bypass('https://10.1.2.4:6443/', ['10.1.2.3'])).toBe(false);
    expect(bypass('https://192.168.7.9/', ['192.168.0.0/16'])).toBe(true);
    expect(bypass('https://192.169.0.1/', ['192.168.0.0/16'])).toBe(false);
    expect(bypass('https://[::ffff:10.0.0.5]/', ['10.0.0.0/8'])).toBe(true);
    expect(bypass('https://10.0.0.5.nip.example/', ['10.0.0.0/8'])).toBe(false);
  });

  it('honours "*", ports, and <local> for dot-less names', () => {
    expect(bypass('https://anything.example/', ['*'])).toBe(true);
    expect(bypass('https://master:6443/', ['master:6443'])).toBe(true);
    expect(bypass('https://master:443/', ['master:6443'])).toBe(false);
    expect(bypass('http://master/', ['master:80'])).toBe(true);
    expect(bypass('https://master/', ['<local>'])).toBe(true);
    expect(bypass('https://master.corp/', ['<local>'])).toBe(false);
    expect(bypass('https://dl.k8s.io/', [])).toBe(false);
  });
});

describe('proxy route', () => {
  it('takes the proxy for the scheme and keeps credentials out of the origin', async () => {
    const proxy = { http: 'http://u%40corp:p%3Ass@proxy:3128', https: 'http://other:8080', noProxy: ['.corp.example'] };
    const http = await routeFor('http://dl.k8s.io/x', proxy);
    expect(http).toEqual({ origin: 'http://proxy:3128', authorization: `Basic ${Buffer.from('u@corp:p:ss').toString('base64')}` });
    expect((await routeFor('https://dl.k8s.io/x', proxy))?.origin).toBe('http://other:8080');
    expect(await routeFor('https://api.corp.example/x', proxy)).toBeNull();
  });

  it('asks the shell for the system proxy only when the answers name none', async () => {
    const asked: string[] = [];
    const system = async (url: string) => (asked.push(url), 'PROXY sys:8080; DIRECT');
    expect((await routeFor('https://dl.k8s.io/x', null, system))?.origin).toBe('http://sys:8080');
    expect(await routeFor('https://dl.k8s.io/x', null, async () => 'DIRECT')).toBeNull();
    expect((await routeFor('https://dl.k8s.io/x', null, async () => 'http://a:b@sys:3128'))?.authorization).toMatch(/^Basic /);
    await routeFor('https://dl.k8s.io/x', { http: 'http://p:1', https: 'http://p:1' }, system);
    expect(asked).toEqual(['https://dl.k8s.io/x']);
  });
});
