/**
 * A tiny HTTP forward proxy on loopback (absolute-form requests and CONNECT
 * tunnels), for the proxy-required scenarios. It forwards only to loopback
 * targets, so even a proxy URL pointed elsewhere cannot leave the machine,
 * and it tells the origin which of its outgoing connections to trust. The
 * container registries the simulated cluster's images name are the one
 * exception: a CONNECT to one is answered as a corporate proxy answers it,
 * 403 Forbidden when its allow-list lacks the host, else 200 with nothing
 * behind the tunnel (the rehearsal has no registry; what containerd would
 * pull after the tunnel opens is simulated by the stand-in kubelet).
 */
import http from 'node:http';
import net from 'node:net';
import { listenLoopback } from './listen-loopback.js';

export interface ForwardProxy {
  url: string;
  port: number;
  /** Requests seen, "CONNECT host:port" or "GET url". */
  log: string[];
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

/**
 * Where containerd connects for the images a join runs (docker.io resolves to registry-1.docker.io): the pause
 * image, kube-proxy-windows, calico-node-windows and the sample workloads' Server Core.
 */
export const SIMULATED_REGISTRY_HOSTS: readonly string[] = ['registry.k8s.io', 'registry-1.docker.io', 'quay.io', 'mcr.microsoft.com'];

export async function startForwardProxy(
  trust: (localPort: number) => void,
  preferredPort?: number | null,
  deniedHosts: readonly string[] = [],
): Promise<ForwardProxy> {
  const log: string[] = [];
  const denied = new Set(deniedHosts.map((h) => h.toLowerCase()));
  const connect = (host: string, port: number, onOpen: (socket: net.Socket) => void, onError: (error: Error) => void): void => {
    if (!LOOPBACK.test(host)) {
      onError(new Error(`rehearsal proxy: refusing to contact ${host}:${port} (only loopback)`));
      return;
    }
    const upstream = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    upstream.once('connect', () => {
      trust(upstream.localPort ?? -1);
      onOpen(upstream);
    });
    upstream.once('error', onError);
  };

  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL required\n');
      return;
    }
    connect(
      target.hostname,
      Number(target.port || 80),
      (upstream) => {
        const forward = http.request(
          { createConnection: () => upstream, method: req.method, path: target.pathname + target.search, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        req.pipe(forward);
      },
      (error) => res.writeHead(502).end(error.message + '\n'),
    );
  });
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    log.push(`CONNECT ${req.url}`);
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    if (SIMULATED_REGISTRY_HOSTS.includes(host.toLowerCase())) {
      client.end(
        denied.has(host.toLowerCase())
          ? 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
          : 'HTTP/1.1 200 Connection Established\r\n\r\n',
      );
      return;
    }
    connect(
      host,
      Number(port),
      (upstream) => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      },
      (error) => client.end(`HTTP/1.1 502 Bad Gateway\r\n\r\n${error.message}\n`),
    );
  });
  const port = await listenLoopback(server, preferredPort);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
