/**
 * The simulated download origin: one loopback HTTP server standing in for
 * every host the recipe downloads from. Scenario faults: corruptFile serves
 * that file, and the archive carrying it, with a flipped byte (their
 * .sha256/.sha512 stay those of the true bytes); requireProxy drops every connection that does not come through
 * the rehearsal's forward proxy, like a firewall that allows only the proxy.
 */
import http from 'node:http';
import type { FaultSwitches } from './scenarios.js';
import { listenLoopback } from './listen-loopback.js';
import { buildArtifact, carriesFile } from './origin-catalog.js';

export interface OriginServer {
  baseUrl: string;
  port: number;
  /** Local ports of connections the proxy opened; only these pass when the proxy is required. */
  trustedPorts: Set<number>;
  /** Paths served so far, for show() and tests. */
  served: string[];
  warm(paths: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startOriginServer(
  faults: Pick<FaultSwitches, 'corruptFile' | 'requireProxy'>,
  preferredPort?: number | null,
): Promise<OriginServer> {
  const cache = new Map<string, Promise<Buffer | null>>();
  const artifact = (urlPath: string): Promise<Buffer | null> => {
    let entry = cache.get(urlPath);
    if (!entry) {
      entry = buildArtifact(urlPath);
      cache.set(urlPath, entry);
    }
    return entry;
  };
  const trustedPorts = new Set<number>();
  const served: string[] = [];

  const server = http.createServer((req, res) => {
    if (faults.requireProxy && !trustedPorts.has(req.socket.remotePort ?? -1)) {
      req.socket.destroy();
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://origin').pathname;
    void artifact(urlPath).then(
      (data) => {
        if (!data) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
          return;
        }
        let body = data;
        if (faults.corruptFile && carriesFile(urlPath, faults.corruptFile)) {
          body = Buffer.from(data);
          body[body.length - 1] = (body[body.length - 1]! ^ 0xff) & 0xff;
        }
        served.push(urlPath);
        const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        const start = range ? Math.min(Number(range[1]), body.length) : 0;
        res.writeHead(range ? 206 : 200, {
          'content-type': 'application/octet-stream',
          'content-length': String(body.length - start),
          'accept-ranges': 'bytes',
          ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
        });
        res.end(req.method === 'HEAD' ? undefined : body.subarray(start));
      },
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  const port = await listenLoopback(server, preferredPort);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    trustedPorts,
    served,
    async warm(paths) {
      await Promise.all(paths.map(artifact));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
