/**
 * A Kubernetes API server double for tests: TLS on loopback with the test
 * PKI, a client certificate signed by the test CA required on every
 * connection (or, in token mode, a bearer token), serving the REST paths
 * the cluster client uses from a state object the test edits directly.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestPki } from './certs.js';

type Obj = Record<string, unknown> & {
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
};

export interface ApiState {
  version: { major: string; minor: string; gitVersion: string };
  nodes: Obj[];
  services: Obj[];
  deployments: Obj[];
  pods: Obj[];
}

export interface ApiServerDouble {
  url: string;
  state: ApiState;
  requests: { method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

export function nodeObject(name: string, options: { podCidr?: string; ready?: boolean; message?: string; os?: string } = {}): Obj {
  return {
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': options.os ?? 'linux' } },
    spec: options.podCidr ? { podCIDR: options.podCidr } : {},
    status: {
      conditions: [
        {
          type: 'Ready',
          status: options.ready ? 'True' : 'False',
          reason: options.ready ? 'KubeletReady' : 'KubeletNotReady',
          message: options.message ?? '',
        },
      ],
      nodeInfo: { operatingSystem: options.os ?? 'linux', kubeletVersion: 'v1.9.1' },
      addresses: [{ type: 'InternalIP', address: '10.1.2.3' }],
    },
  };
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res
    .writeHead(code, { 'content-type': 'application/json' })
    .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
}

export async function startApiServer(pki: TestPki, options: { token?: string } = {}): Promise<ApiServerDouble> {
  const state: ApiState = {
    version: { major: '1', minor: '9', gitVersion: 'v1.9.1' },
    nodes: [],
    services: [{ kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '11.0.0.10' } }],
    deployments: [],
    pods: [],
  };
  const requests: ApiServerDouble['requests'] = [];
  let counter = 1;

  const collections: [RegExp, keyof ApiState][] = [
    [/^\/api\/v1\/namespaces\/([^/]+)\/services(?:\/([^/]+))?$/, 'services'],
    [/^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments(?:\/([^/]+))?$/, 'deployments'],
    [/^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/, 'pods'],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://double');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj) : null;
    const json = (code: number, value: unknown): void =>
      void res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));

    if (url.pathname === '/version') return json(200, state.version);
    if (url.pathname === '/api/v1/nodes') return json(200, { kind: 'NodeList', items: state.nodes });
    const nodeMatch = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
    if (nodeMatch) {
      const node = state.nodes.find((n) => n.metadata.name === decodeURIComponent(nodeMatch[1] ?? ''));
      return node ? json(200, node) : status(res, 404, 'NotFound', `nodes "${nodeMatch[1]}" not found`);
    }
    for (const [pattern, kind] of collections) {
      const m = pattern.exec(url.pathname);
      if (!m) continue;
      const items = state[kind] as Obj[];
      const [ns, name] = [m[1], m[2] && decodeURIComponent(m[2])];
      const inNs = items.filter((o) => o.metadata.namespace === ns);
      const found = name ? inNs.find((o) => o.metadata.name === name) : undefined;
      if (req.method === 'GET' && !name) {
        const selector = url.searchParams.get('labelSelector');
        const [k, v] = (selector ?? '').split('=');
        return json(200, { items: selector ? inNs.filter((o) => o.metadata.labels?.[k ?? ''] === v) : inNs });
      }
      if (req.method === 'GET') return found ? json(200, found) : status(res, 404, 'NotFound', `${kind} "${name}" not found`);
      if (req.method === 'POST' && body) {
        if (inNs.some((o) => o.metadata.name === body.metadata.name)) return status(res, 409, 'AlreadyExists', 'already exists');
        body.metadata.resourceVersion = String(counter++);
        items.push(body);
        return json(201, body);
      }
      if (req.method === 'PUT' && body && found) {
        if (body.metadata.resourceVersion !== found.metadata.resourceVersion)
          return status(res, 409, 'Conflict', 'the object has been modified');
        body.metadata.resourceVersion = String(counter++);
        items.splice(items.indexOf(found), 1, body);
        return json(200, body);
      }
    }
    return status(res, 404, 'NotFound', `the server could not find the requested resource (${req.method} ${url.pathname})`);
  }

  const server = https.createServer(
    { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: !options.token, rejectUnauthorized: !options.token },
    (req, res) => void handle(req, res).catch((error: Error) => status(res, 500, 'InternalError', error.message)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    state,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function kubeconfigFor(server: string, pki: TestPki, auth: { token?: string } = {}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const user = auth.token
    ? `    token: ${auth.token}\n`
    : `    client-certificate-data: ${b64(pki.clientCert)}\n    client-key-data: ${b64(pki.clientKey)}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(pki.caCert)}
users:
- name: admin
  user:
${user}contexts:
- name: admin@test
  context:
    cluster: test
    user: admin
current-context: admin@test
`;
}
