/**
 * containerd's pull on a proxy-only rehearsal network (standins/image-pull.mjs)
 * against the rehearsal's real loopback proxy: what the proxy answers to a
 * CONNECT for a registry host decides the pull, and the error carries the
 * proxy's own status text as Go's net/http would.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js';
// @ts-expect-error: a stand-in module in plain JavaScript (inlined into the stand-in kubelet), without types.
import { imageLocation, pullImage, registryProxy } from './standins/image-pull.mjs';

type Pull = (image: string, environment: Record<string, string>) => Promise<string | null>;

let proxy: ForwardProxy;
beforeAll(async () => {
  proxy = await startForwardProxy(() => undefined, null, ['registry-1.docker.io', 'quay.io']);
});
afterAll(() => proxy.close());

describe('the rehearsal proxy and a registry CONNECT', () => {
  function connect(target: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(proxy.port, '127.0.0.1', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
      socket.on('close', () => resolve(answer.split('\r\n')[0]!));
      socket.on('error', reject);
    });
  }

  it('answers 403 Forbidden for a registry its allow-list lacks, 200 for one it has, and never leaves loopback', async () => {
    expect(await connect('quay.io:443')).toBe('HTTP/1.1 403 Forbidden');
    expect(await connect('registry-1.docker.io:443')).toBe('HTTP/1.1 403 Forbidden');
    expect(await connect('registry.k8s.io:443')).toBe('HTTP/1.1 200 Connection Established');
    expect(await connect('mcr.microsoft.com:443')).toBe('HTTP/1.1 200 Connection Established');
    expect(await connect('example.com:443')).toBe('HTTP/1.1 502 Bad Gateway');
    expect(proxy.log).toEqual(expect.arrayContaining(['CONNECT quay.io:443', 'CONNECT registry.k8s.io:443']));
  });
});

describe("containerd's pull through it (image-pull.mjs)", () => {
  const pull = pullImage as Pull;
  const env = () => ({ HTTPS_PROXY: proxy.url, NO_PROXY: '192.0.2.10,.svc,11.0.0.0/16' });

  it('resolves references as containerd does: Docker Hub names to registry-1.docker.io', () => {
    expect(imageLocation('sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess')).toEqual({
      name: 'docker.io/sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess',
      host: 'registry-1.docker.io',
      manifestUrl: 'https://registry-1.docker.io/v2/sigwindowstools/kube-proxy/manifests/v1.35.1-calico-hostprocess',
    });
    expect(imageLocation('registry.k8s.io/pause:3.10.2').manifestUrl).toBe('https://registry.k8s.io/v2/pause/manifests/3.10.2');
    expect(imageLocation('nginx').name).toBe('docker.io/library/nginx:latest');
    expect(imageLocation('localhost:5000/app@sha256:abc').manifestUrl).toBe('https://localhost:5000/v2/app/manifests/sha256:abc');
  });

  it('takes HTTPS_PROXY (else HTTP_PROXY) unless NO_PROXY names the registry or a parent domain', () => {
    const proxyFor = registryProxy as (host: string, environment: Record<string, string>) => string | null;
    expect(proxyFor('quay.io', { HTTP_PROXY: 'http://p:1' })).toBe('http://p:1');
    expect(proxyFor('quay.io', { https_proxy: 'http://q:2', HTTP_PROXY: 'http://p:1' })).toBe('http://q:2');
    expect(proxyFor('cdn01.quay.io', { HTTPS_PROXY: 'http://q:2', NO_PROXY: '.quay.io' })).toBeNull();
    expect(proxyFor('quay.io', { HTTPS_PROXY: 'http://q:2', NO_PROXY: 'quay.io' })).toBeNull();
    expect(proxyFor('quay.io', {})).toBeNull();
  });

  it("fails with the proxy's status text for a refused registry, in containerd's words", async () => {
    expect(await pull('quay.io/calico/node-windows:v3.31.3', env())).toBe(
      'failed to pull and unpack image "quay.io/calico/node-windows:v3.31.3": failed to resolve reference "quay.io/calico/node-windows:v3.31.3": failed to do request: Head "https://quay.io/v2/calico/node-windows/manifests/v3.31.3": Forbidden',
    );
  });

  it('pulls from a registry the proxy lets through', async () => {
    expect(await pull('registry.k8s.io/pause:3.10.2', env())).toBeNull();
  });

  it('times out dialling the registry itself without a proxy in its environment (T16)', async () => {
    expect(await pull('registry.k8s.io/pause:3.10.2', {})).toMatch(
      /failed to do request: Head "https:\/\/registry\.k8s\.io\/v2\/pause\/manifests\/3\.10\.2": dial tcp [\d.]+:443: i\/o timeout$/,
    );
  });

  it('says proxyconnect when nothing listens at the proxy address', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    expect(await pull('quay.io/calico/node-windows:v3.31.3', { HTTPS_PROXY: `http://127.0.0.1:${closed}` })).toMatch(
      new RegExp(
        `Head "https://quay\\.io/v2/calico/node-windows/manifests/v3\\.31\\.3": proxyconnect tcp: dial tcp 127\\.0\\.0\\.1:${closed}: connectex`,
      ),
    );
  });
});
