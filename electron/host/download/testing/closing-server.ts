/**
 * A loopback server that answers like HTTP/1.0-style servers and many
 * proxies: the whole body at once, `Connection: close`, then FIN. Raw TCP,
 * so nothing on the server side waits for the client to read. Other
 * behaviours end the connection badly, to check how the downloader reports
 * network failures: too few bytes, garbage instead of HTTP, a reset.
 */
import net from 'node:net';

export type ClosingBehaviour = 'whole' | 'short' | 'garbage' | 'reset';

export interface ClosingServer {
  url: string;
  close(): Promise<void>;
}

export async function startClosingServer(body: Buffer, behaviour: ClosingBehaviour = 'whole'): Promise<ClosingServer> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      const head = (length: number) => `HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
      if (behaviour === 'whole') {
        socket.write(head(body.length));
        socket.end(body);
      } else if (behaviour === 'short') {
        socket.write(head(body.length));
        socket.end(body.subarray(0, Math.floor(body.length / 2)));
      } else if (behaviour === 'garbage') {
        socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
      } else {
        socket.write(head(body.length));
        socket.write(body.subarray(0, 1024), () => socket.resetAndDestroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kubernetes-node.tar.gz`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
