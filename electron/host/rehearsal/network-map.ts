/**
 * The simulated network: which simulated address:port reaches which
 * loopback listener. Written on every start (listener ports change), read
 * by the stand-in binaries and the simulated host, which refuse any
 * non-loopback address not listed here, so nothing leaves the machine.
 */
import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

export interface NetworkMap {
  /** "192.0.2.10:6443" -> "127.0.0.1:40123" */
  forwards: Record<string, string>;
  /** The simulated LAN the Windows node and the master sit on (RFC 5737 TEST-NET-1, never routed). */
  lanCidr: string;
  masterIp: string;
  nodeIp: string;
  gatewayIp: string;
  /** The loopback forward proxy, when the scenario requires one. */
  proxyUrl: string | null;
}

export function writeNetworkMap(file: string, map: NetworkMap): void {
  writeFileAtomic.sync(file, JSON.stringify(map, null, 2) + '\n');
}

export function readNetworkMap(file: string): NetworkMap {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as NetworkMap;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

/** Where a connection to host:port really goes; throws for anything neither loopback nor simulated. */
export function resolveSimulated(map: NetworkMap, host: string, port: number): { host: string; port: number } {
  if (LOOPBACK.test(host)) return { host, port };
  const target = map.forwards[`${host}:${port}`];
  if (!target)
    throw new Error(`rehearsal: refusing to contact ${host}:${port}, which is not a simulated address (only loopback traffic is allowed)`);
  const [targetHost = '127.0.0.1', targetPort = '0'] = target.split(/:(?=\d+$)/);
  return { host: targetHost, port: Number(targetPort) };
}
