/**
 * Listens on 127.0.0.1, on the port a previous start of the same rehearsal
 * used when it is free. A saved plan holds the origin's and the proxy's URLs,
 * and a resumed join downloads from the URLs it planned with, as a real
 * machine would: the simulated download hosts must keep their addresses.
 */
import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Returns the port listened on: `preferred` if it could be had, else any free one. */
export async function listenLoopback(server: Server, preferred?: number | null): Promise<number> {
  if (preferred) {
    try {
      await listen(server, preferred);
      return (server.address() as AddressInfo).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  await listen(server, 0);
  return (server.address() as AddressInfo).port;
}
