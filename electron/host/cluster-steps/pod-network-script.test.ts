/**
 * The script the network-check pod runs, on real PowerShell (pwsh here;
 * Windows PowerShell 5.1 in the Server Core container): it passes the 5.1
 * check, runs as the pod runs it (-EncodedCommand, targets in the
 * environment), and prints lines parseCheckLog reads, one per check (DNS, the
 * Service, the pod). Resolve-DnsName exists only on Windows, so it is replaced
 * by an advanced function answering as the DnsClient module does; the TCP
 * connections are real, to a loopback listener.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPowerShell } from '../powershell/find-powershell.js';
import { CHECK_SCRIPT, parseCheckLog } from './pod-network-check.js';
import { encodedCommand } from './sample-workloads.js';

const run = promisify(execFile);
const pwsh = findPowerShell();
const root = path.resolve(import.meta.dirname, '../../..');

let listener: net.Server;
let openPort: number;
let closedPort: number;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  listener = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  openPort = (listener.address() as net.AddressInfo).port;
  closedPort = await freePort();
});
afterAll(() => new Promise((resolve) => listener.close(resolve)));

/** Runs the pod's command line with Resolve-DnsName answering as `resolver` says. */
async function inPod(resolver: string, service: string, pod: string): Promise<string> {
  const script = `function Resolve-DnsName { [CmdletBinding()] param($Name, $Type, [switch] $DnsOnly) ${resolver} }\n${CHECK_SCRIPT}`;
  const { stdout } = await run(pwsh, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encodedCommand(script)], {
    env: {
      ...process.env,
      WINJOIN_CHECK_DNS_NAME: 'kubernetes.default.svc.cluster.local',
      WINJOIN_CHECK_SERVICE: service,
      WINJOIN_CHECK_POD: pod,
    },
  });
  return stdout;
}

describe('the network-check pod script', () => {
  it('passes the Windows PowerShell 5.1 check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-check-script-'));
    try {
      const file = path.join(dir, 'check.ps1');
      fs.writeFileSync(file, CHECK_SCRIPT + '\n');
      const { stdout } = await run(pwsh, ['-NoProfile', '-File', path.join(root, 'scripts/ps51/check-ps51.ps1'), '-Path', file]);
      expect(stdout).toContain('ps51: 1 passed, 0 failed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('prints the A record and an open connection as passes', async () => {
    const out = await inPod(
      "[pscustomobject]@{ Name = $Name; Type = 'CNAME' }; [pscustomobject]@{ Name = $Name; Type = 'A'; IPAddress = '10.96.0.1' }",
      `127.0.0.1:${openPort}`,
      `127.0.0.1:${openPort}`,
    );
    expect(parseCheckLog(out)).toEqual({
      dns: { pass: true, target: 'kubernetes.default.svc.cluster.local', answer: '10.96.0.1' },
      service: { pass: true, target: `127.0.0.1:${openPort}`, answer: '' },
      pod: { pass: true, target: `127.0.0.1:${openPort}`, answer: '' },
    });
  }, 60_000);

  it("prints the DNS client's error id and the socket error as failures", async () => {
    const out = await inPod(
      "Write-Error -Message ($Name + ' : DNS name does not exist') -ErrorId 'DNS_ERROR_RCODE_NAME_ERROR' -Category ResourceUnavailable",
      `127.0.0.1:${closedPort}`,
      `127.0.0.1:${closedPort}`,
    );
    expect(parseCheckLog(out)).toEqual({
      dns: { pass: false, target: 'kubernetes.default.svc.cluster.local', answer: 'DNS_ERROR_RCODE_NAME_ERROR' },
      service: { pass: false, target: `127.0.0.1:${closedPort}`, answer: 'ConnectionRefused' },
      pod: { pass: false, target: `127.0.0.1:${closedPort}`, answer: 'ConnectionRefused' },
    });
  }, 60_000);

  it('reports each connection on its own: the Service may answer while the pod IP does not', async () => {
    const out = await inPod(
      "[pscustomobject]@{ Name = $Name; Type = 'A'; IPAddress = '10.96.0.1' }",
      `127.0.0.1:${openPort}`,
      `127.0.0.1:${closedPort}`,
    );
    expect(parseCheckLog(out)).toMatchObject({
      service: { pass: true, target: `127.0.0.1:${openPort}` },
      pod: { pass: false, target: `127.0.0.1:${closedPort}`, answer: 'ConnectionRefused' },
    });
  }, 60_000);
});
