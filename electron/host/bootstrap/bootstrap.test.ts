/**
 * Join credentials, on the upstream test vectors the reference cites:
 * cluster-bootstrap token/jws/jws_test.go (detached HS256 signatures) and
 * kubeadm util/pubkeypin/pubkeypin_test.go (the CA pin of an RSA test CA);
 * then kubeadm's discovery steps against a loopback server with a throw-away PKI.
 */
import { X509Certificate, createHash } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinJoinError } from '../../../shared/errors.js';
import type { ClusterClient } from '../cluster/client.js';
import { createTestPki, type TestPki } from '../testing/certs.js';
import { caCertHash, normalizeCaCertHash } from './ca-pin.js';
import { httpClusterInfoFetcher } from './cluster-info-http.js';
import { endpointOfServer, settleJoinCredentials } from './credentials.js';
import { discoverCluster, type ClusterInfoFetcher } from './discovery.js';
import { checkDetachedSignature, computeDetachedSignature } from './jws.js';
import { clusterInfoKubeconfig } from './signer.js';
import {
  bootstrapTokenSecret,
  createBootstrapToken,
  generateBootstrapToken,
  parseBootstrapToken,
  readBootstrapTokenExpiry,
} from './token.js';

// kubeadm pubkeypin_test.go: testCertPEM and expectedHash.
const KUBEADM_TEST_CA = `-----BEGIN CERTIFICATE-----
MIIDRDCCAiygAwIBAgIJAJgVaCXvC6HkMA0GCSqGSIb3DQEBBQUAMB8xHTAbBgNV
BAMTFGt1YmVhZG0ta2V5cGlucy10ZXN0MCAXDTE3MDcwNTE3NDMxMFoYDzIxMTcw
NjExMTc0MzEwWjAfMR0wGwYDVQQDExRrdWJlYWRtLWtleXBpbnMtdGVzdDCCASIw
DQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAK0ba8mHU9UtYlzM1Own2Fk/XGjR
J4uJQvSeGLtz1hID1IA0dLwruvgLCPadXEOw/f/IWIWcmT+ZmvIHZKa/woq2iHi5
+HLhXs7aG4tjKGLYhag1hLjBI7icqV7ovkjdGAt9pWkxEzhIYClFMXDjKpMSynu+
YX6nZ9tic1cOkHmx2yiZdMkuriRQnpTOa7bb03OC1VfGl7gHlOAIYaj4539WCOr8
+ACTUMJUFEHcRZ2o8a/v6F9GMK+7SC8SJUI+GuroXqlMAdhEv4lX5Co52enYaClN
+D9FJLRpBv2YfiCQdJRaiTvCBSxEFz6BN+PtP5l2Hs703ZWEkOqCByM6HV8CAwEA
AaOBgDB+MB0GA1UdDgQWBBRQgUX8MhK2rWBWQiPHWcKzoWDH5DBPBgNVHSMESDBG
gBRQgUX8MhK2rWBWQiPHWcKzoWDH5KEjpCEwHzEdMBsGA1UEAxMUa3ViZWFkbS1r
ZXlwaW5zLXRlc3SCCQCYFWgl7wuh5DAMBgNVHRMEBTADAQH/MA0GCSqGSIb3DQEB
BQUAA4IBAQCaAUif7Pfx3X0F08cxhx8/Hdx4jcJw6MCq6iq6rsXM32ge43t8OHKC
pJW08dk58a3O1YQSMMvD6GJDAiAfXzfwcwY6j258b1ZlI9Ag0VokvhMl/XfdCsdh
AWImnL1t4hvU5jLaImUUMlYxMcSfHBGAm7WJIZ2LdEfg6YWfZh+WGbg1W7uxLxk6
y4h5rWdNnzBHWAGf7zJ0oEDV6W6RSwNXtC0JNnLaeIUm/6xdSddJlQPwUv8YH4jX
c1vuFqTnJBPcb7W//R/GI2Paicm1cmns9NLnPR35exHxFTy+D1yxmGokpoPMdife
aH+sfuxT8xeTPb3kjzF9eJTlnEquUDLM
-----END CERTIFICATE-----`;
const KUBEADM_TEST_PIN = 'sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3';

describe('detached JWS (cluster-bootstrap jws_test.go vectors)', () => {
  const content = 'Hello from the other side. I must have called a thousand times.';
  const secret = 'my voice is my passcode';
  const id = 'joshua';

  it.each([
    [content, secret, 'eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8'],
    ['', secret, 'eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk'],
    [content, '', 'eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8'],
  ])('signs %j with secret %j as upstream does', (text, key, expected) => {
    expect(computeDetachedSignature(text, id, key)).toBe(expected);
    expect(checkDetachedSignature(expected, text, id, key)).toEqual({ ok: true });
  });

  it.each([
    ['', 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..GBG9nJpyHc7Tk_iryUsRXOvX6U-19DDCA2AmlC326DU'],
    ['x', 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..x-LVIHM7D6uo6buZFEW2ldnwJL2Ddduh2ZhxFN33v5w'],
    ['x'.repeat(8), 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..pCqXr-QOqtnLik5dOn0DZu842z-u_rchSqd6B-MoOFQ'],
    ['x'.repeat(31), 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..Wy4AKm0ArcyixzYnGnwAjWR7POeVBKBwnkLZw8GUkG8'],
    ['x'.repeat(32), 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..1z14ArXPw5a3L8hIAZmzMWdDXXsxED78LO7wn3m4a0k'],
    ['x'.repeat(33), 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImlkIn0..exPZdsbPApmX14UF7bf2KoBdZwrkzSotja4egZ60UXs'],
  ])('signature compatibility: secret of %j', (key, expected) => {
    expect(computeDetachedSignature('content', 'id', key)).toBe(expected);
  });

  it('refuses a tampered signature, another key id, another algorithm, a wrong secret and malformed text', () => {
    const good = 'eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8';
    expect(checkDetachedSignature(`${good}foo`, content, id, secret)).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkDetachedSignature(good, content, 'other1', secret)).toEqual({ ok: false, reason: 'key-id' });
    expect(checkDetachedSignature(good, content, id, 'wrong secret')).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkDetachedSignature(good, `${content}!`, id, secret)).toEqual({ ok: false, reason: 'mismatch' });
    const none = `${Buffer.from('{"alg":"none","kid":"joshua"}').toString('base64url')}..${good.split('..')[1]}`;
    expect(checkDetachedSignature(none, content, id, secret)).toEqual({ ok: false, reason: 'algorithm' });
    expect(checkDetachedSignature('abc', content, id, secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkDetachedSignature('a.b.c', content, id, secret)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('CA pin (kubeadm pubkeypin_test.go vector)', () => {
  it('hashes the SubjectPublicKeyInfo of the test CA to the expected pin', () => {
    expect(caCertHash(KUBEADM_TEST_CA)).toBe(KUBEADM_TEST_PIN);
  });

  it('accepts upper-case pins as kubeadm does and refuses malformed ones', () => {
    expect(normalizeCaCertHash(KUBEADM_TEST_PIN.toUpperCase().replace('SHA256', 'sha256'))).toBe(KUBEADM_TEST_PIN);
    expect(normalizeCaCertHash('xyz')).toBeNull();
    expect(normalizeCaCertHash(KUBEADM_TEST_PIN + KUBEADM_TEST_PIN)).toBeNull();
  });

  it('agrees with Node for an EC CA (the rehearsal and test PKIs use P-256 keys)', async () => {
    const pki = await createTestPki();
    try {
      const spki = new X509Certificate(pki.caCert).publicKey.export({ type: 'spki', format: 'der' });
      expect(caCertHash(pki.caCert)).toBe(`sha256:${createHash('sha256').update(spki).digest('hex')}`);
    } finally {
      pki.remove();
    }
  });
});

describe('bootstrap tokens', () => {
  it('generates tokens of the kubeadm shape and parses only that shape', () => {
    for (let i = 0; i < 20; i++)
      expect(parseBootstrapToken(`${generateBootstrapToken().id}.${generateBootstrapToken().secret}`)).not.toBeNull();
    expect(parseBootstrapToken('abcdef.0123456789abcdef')).toEqual({ id: 'abcdef', secret: '0123456789abcdef' });
    expect(parseBootstrapToken('abcdef.0123456789ABCDEF')).toBeNull();
    expect(parseBootstrapToken('abcdef:0123456789abcdef')).toBeNull();
  });

  it('creates the Secret kubeadm creates, with a short expiry, and retries an id collision', async () => {
    const posts: { path: string; body: any }[] = [];
    let conflicts = 1;
    const client = {
      server: 'https://127.0.0.1:1',
      get: () => Promise.reject(new Error('unused')),
      send: (_method: string, path: string, body: unknown) => {
        posts.push({ path, body });
        if (conflicts-- > 0) return Promise.reject(Object.assign(new Error('exists'), { status: 409 }));
        return Promise.resolve(body);
      },
      close: () => Promise.resolve(),
    } as unknown as ClusterClient;
    const ids = ['aaaaaa', 'bbbbbb'];
    const created = await createBootstrapToken(client, {
      ttlMs: 3_600_000,
      now: () => new Date('2026-12-02T13:00:00.123Z'),
      generate: () => ({ id: ids.shift()!, secret: '0123456789abcdef' }),
    });
    expect(created.token.id).toBe('bbbbbb');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.path).toBe('/api/v1/namespaces/kube-system/secrets');
    expect(posts[1]!.body).toEqual(bootstrapTokenSecret({ id: 'bbbbbb', secret: '0123456789abcdef' }, created.expires));
    expect(posts[1]!.body).toMatchObject({
      metadata: { name: 'bootstrap-token-bbbbbb', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      stringData: {
        'token-id': 'bbbbbb',
        'token-secret': '0123456789abcdef',
        expiration: '2026-12-02T14:00:00Z',
        'usage-bootstrap-authentication': 'true',
        'usage-bootstrap-signing': 'true',
        'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
      },
    });
  });

  it("reads a pasted token's expiry from its Secret, keeping nothing else, and gives null when it cannot", async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const clientAnswering = (answer: () => Promise<unknown>) => {
      const paths: string[] = [];
      const client = { get: (path: string) => (paths.push(path), answer()) } as unknown as ClusterClient;
      return { client, paths };
    };
    const { client, paths } = clientAnswering(() =>
      Promise.resolve({
        data: { 'token-id': b64('abcdef'), 'token-secret': b64('0123456789abcdef'), expiration: b64('2026-12-03T14:32:00Z') },
      }),
    );
    expect(await readBootstrapTokenExpiry(client, 'abcdef')).toBe('2026-12-03T14:32:00.000Z');
    expect(paths).toEqual(['/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef']);

    const forbidden = clientAnswering(() => Promise.reject(Object.assign(new Error('forbidden'), { status: 403 })));
    expect(await readBootstrapTokenExpiry(forbidden.client, 'abcdef')).toBeNull();
    const noExpiry = clientAnswering(() => Promise.resolve({ data: { 'token-id': b64('abcdef') } }));
    expect(await readBootstrapTokenExpiry(noExpiry.client, 'abcdef')).toBeNull();
    const garbled = clientAnswering(() => Promise.resolve({ data: { expiration: b64('next tuesday') } }));
    expect(await readBootstrapTokenExpiry(garbled.client, 'abcdef')).toBeNull();
  });
});

/** cluster-info as kubeadm's bootstrap signer leaves it: the kubeconfig and one signature per live signing token. */
function clusterInfo(caPem: string, server: string, tokens: { id: string; secret: string }[]): Record<string, string> {
  const kubeconfig = clusterInfoKubeconfig(server, caPem);
  const data: Record<string, string> = { kubeconfig };
  for (const t of tokens) data[`jws-kubeconfig-${t.id}`] = computeDetachedSignature(kubeconfig, t.id, t.secret);
  return data;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof WinJoinError ? error.code : `not a WinJoinError: ${String(error)}`;
  }
}

describe('kubeadm discovery, before the machine changes', () => {
  const token = { id: 'abcdef', secret: '0123456789abcdef' };
  const data = clusterInfo(KUBEADM_TEST_CA, 'https://10.1.2.3:6443', [token]);
  const fetch: ClusterInfoFetcher = () => Promise.resolve(data);
  const base = { endpoint: '10.1.2.3:6443', token, caCertHashes: [KUBEADM_TEST_PIN], fetch };

  it('accepts the right token and pin, and returns the CA pin and server the node will use', async () => {
    await expect(discoverCluster(base)).resolves.toMatchObject({ caCertHash: KUBEADM_TEST_PIN, server: 'https://10.1.2.3:6443' });
  });

  it('names the token as unknown or expired when cluster-info carries no signature for its id', async () => {
    expect(await codeOf(discoverCluster({ ...base, token: { id: 'zzzzzz', secret: token.secret } }))).toBe('E_JOIN_TOKEN_UNKNOWN');
  });

  it('names the token secret when the signature does not verify', async () => {
    expect(await codeOf(discoverCluster({ ...base, token: { id: token.id, secret: 'ffffffffffffffff' } }))).toBe('E_JOIN_TOKEN_SIGNATURE');
  });

  it('names the CA pin when the hash is another CA, and says which CA the cluster has', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(discoverCluster({ ...base, caCertHashes: [wrong] })).rejects.toMatchObject({
      code: 'E_JOIN_CA_PIN',
      params: { actual: KUBEADM_TEST_PIN, expected: wrong },
    });
  });

  it('refuses cluster-info that is unreadable, unsigned, or changes between the two reads', async () => {
    expect(await codeOf(discoverCluster({ ...base, fetch: () => Promise.reject(new Error('HTTP 403')) }))).toBe('E_JOIN_CLUSTER_INFO');
    expect(await codeOf(discoverCluster({ ...base, fetch: () => Promise.resolve({}) }))).toBe('E_JOIN_CLUSTER_INFO');
    const other = clusterInfo(KUBEADM_TEST_CA, 'https://10.9.9.9:6443', [token]);
    expect(await codeOf(discoverCluster({ ...base, fetch: (ca) => Promise.resolve(ca ? other : data) }))).toBe('E_JOIN_CLUSTER_INFO');
  });
});

describe('cluster-info over HTTPS on loopback, anonymously, then trusting its own CA', () => {
  let pki: TestPki;
  let server: https.Server;
  let endpoint: string;
  const seen: { authorization?: string; clientCert: boolean }[] = [];
  const token = { id: 'k7q2xz', secret: 'p9w4m1r8t6y3u5e0' };

  beforeAll(async () => {
    pki = await createTestPki();
    server = https.createServer({ cert: pki.serverCert, key: pki.serverKey, requestCert: false }, (req, res) => {
      seen.push({ authorization: req.headers.authorization, clientCert: false });
      if (req.url !== '/api/v1/namespaces/kube-public/configmaps/cluster-info') return void res.writeHead(404).end('{}');
      const data = clusterInfo(pki.caCert, `https://${endpoint}`, [token]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'ConfigMap', data }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    pki.remove();
  });

  it('settles pasted credentials against a real TLS server, sending no credentials', async () => {
    const credentials = await settleJoinCredentials({
      join: {
        token: `${token.id}.${token.secret}`,
        caCertHash: caCertHash(pki.caCert).toUpperCase().replace('SHA256', 'sha256'),
        apiServerEndpoint: endpoint,
      },
      server: 'https://unused.invalid:6443',
      kubeconfigCa: null,
      client: () => Promise.reject(new Error('no token to create')),
      fetchFor: (e) => httpClusterInfoFetcher(e),
    });
    expect(credentials).toMatchObject({
      tokenId: token.id,
      endpoint,
      caCertHash: caCertHash(pki.caCert),
      tokenCreated: false,
      caCertHashSource: 'answers',
    });
    expect(credentials.secrets).toEqual([`${token.id}.${token.secret}`, token.secret]);
    // The kubeconfig here cannot be used: the token still settles, without an expiry to show.
    expect(credentials.tokenExpires).toBeNull();
    expect(seen.length).toBe(2);
    expect(seen.every((s) => s.authorization === undefined)).toBe(true);
  });

  it('computes the pin from the kubeconfig CA and derives the endpoint from its server when the answers leave them null', async () => {
    const posted: unknown[] = [];
    const client = { send: (_m: string, _p: string, body: any) => (posted.push(body), Promise.resolve(body)) } as unknown as ClusterClient;
    // The server signs with whichever token it knows: make the created token one it knows.
    const credentials = await settleJoinCredentials({
      join: { token: null, caCertHash: null, apiServerEndpoint: null },
      server: `https://${endpoint}/`,
      kubeconfigCa: pki.caCert,
      client: () => Promise.resolve(client),
      fetchFor: (e) => {
        const real = httpClusterInfoFetcher(e);
        return async (ca) => {
          const data = await real(ca);
          const created = (posted[0] as { stringData: Record<string, string> }).stringData;
          return {
            kubeconfig: data.kubeconfig!,
            [`jws-kubeconfig-${created['token-id']}`]: computeDetachedSignature(
              data.kubeconfig!,
              created['token-id']!,
              created['token-secret']!,
            ),
          };
        };
      },
    });
    expect(credentials).toMatchObject({ endpoint, tokenCreated: true, caCertHashSource: 'kubeconfig', caCertHash: caCertHash(pki.caCert) });
    expect(credentials.tokenExpires).not.toBeNull();
  });

  it('reports a kubeconfig CA that is not the cluster-info CA as a wrong pin', async () => {
    const other = await createTestPki();
    try {
      const result = settleJoinCredentials({
        join: { token: `${token.id}.${token.secret}`, caCertHash: null, apiServerEndpoint: endpoint },
        server: 'https://unused.invalid:6443',
        kubeconfigCa: other.caCert,
        client: () => Promise.reject(new Error('unused')),
        fetchFor: (e) => httpClusterInfoFetcher(e),
      });
      expect(await codeOf(result)).toBe('E_JOIN_CA_PIN');
    } finally {
      other.remove();
    }
  });

  it('turns a kubeconfig server into the host:port kubeadm join takes', () => {
    expect(endpointOfServer('https://10.1.2.3:6443/')).toBe('10.1.2.3:6443');
    expect(endpointOfServer('https://api.corp.example')).toBe('api.corp.example:443');
    expect(endpointOfServer('https://[2001:db8::1]:6443')).toBe('[2001:db8::1]:6443');
  });
});
