/**
 * A kubeadm API server double on loopback for the containerd-kubeadm gate:
 * TLS with the test PKI; every path needs the admin client certificate except
 * kube-public/cluster-info, which is anonymous and signed by the real
 * bootstrap-signer logic for the token Secrets in kube-system (expired ones
 * sign nothing). Objects are kept by path, as the cluster-prerequisite tests do.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CLUSTER_INFO_PATH } from '../../bootstrap/discovery.js';
import { clusterInfoKubeconfig, signedClusterInfo } from '../../bootstrap/signer.js';
import type { TestPki } from '../../testing/certs.js';
import { readyCluster, type Obj } from './ready-cluster.js';

export interface KubeadmApiServer {
  url: string;
  objects: Map<string, Obj>;
  writes: string[];
  /** Token Secrets in kube-system, as bootstrap-token-<id> paths hold them. */
  tokenSecrets(): Obj[];
  close(): Promise<void>;
}

const SECRETS = '/api/v1/namespaces/kube-system/secrets';

/** A Secret as the API server returns it: what was written as stringData comes back base64 in data, never as stringData. */
function asServed(object: Obj): Obj {
  if (object.kind !== 'Secret' || !object.stringData) return object;
  const data: Record<string, string> = { ...(object.data ?? {}) };
  for (const [key, value] of Object.entries(object.stringData as Record<string, string>)) data[key] = Buffer.from(value).toString('base64');
  const { stringData: _written, ...rest } = object;
  return { ...rest, data };
}

export async function startKubeadmApiServer(pki: TestPki, now: () => Date = () => new Date()): Promise<KubeadmApiServer> {
  const objects = readyCluster();
  const writes: string[] = [];
  let url = '';
  const tokenSecrets = () => [...objects.entries()].filter(([p]) => p.startsWith(`${SECRETS}/bootstrap-token-`)).map(([, o]) => o);

  function send(res: ServerResponse, code: number, value: unknown) {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'https://double').pathname;
    if (path === CLUSTER_INFO_PATH && req.method === 'GET')
      return send(res, 200, { kind: 'ConfigMap', data: signedClusterInfo(clusterInfoKubeconfig(url, pki.caCert), tokenSecrets(), now()) });
    if (!(req.socket as TLSSocket).authorized) return send(res, 401, { kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET') {
      const found = objects.get(path);
      return found ? send(res, 200, asServed(found)) : send(res, 404, { kind: 'Status', reason: 'NotFound', message: `${path} not found` });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj;
    writes.push(`${req.method} ${path}`);
    const target = req.method === 'POST' ? `${path}/${body.metadata.name}` : path;
    if (req.method === 'POST' && objects.has(target)) return send(res, 409, { kind: 'Status', reason: 'AlreadyExists', message: 'exists' });
    objects.set(target, body);
    const pool = /^(\/apis\/crd\.projectcalico\.org\/v1\/ippools)\/(.+)$/.exec(target);
    if (pool) {
      const list = objects.get(pool[1]!)!;
      list.items = list.items.map((p: Obj) => (p.metadata.name === decodeURIComponent(pool[2]!) ? body : p));
    }
    return send(res, req.method === 'POST' ? 201 : 200, body);
  }

  const server = https.createServer(
    { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true, rejectUnauthorized: false },
    (req, res) => void handle(req, res).catch((error: Error) => send(res, 500, { kind: 'Status', message: error.message })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    objects,
    writes,
    tokenSecrets,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
