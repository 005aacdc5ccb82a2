/**
 * A tiny HTTP forward proxy on loopback (absolute-form requests and CONNECT
 * tunnels), for the proxy-required scenario. It forwards only to loopback
 * targets, so even a proxy URL pointed elsewhere cannot leave the machine,
 * and it tells the origin which of its outgoing connections to trust.
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

export async function startForwardProxy(trust: (localPort: number) => void, preferredPort?: number | null): Promise<ForwardProxy> {
  const log: string[] = [];
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
