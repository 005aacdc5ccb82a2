/**
 * A real tinyproxy on a free loopback port with Basic authentication, run in
 * the foreground (-d) with a generated config, for proxy tests and the
 * rehearsal. stop() kills exactly the process it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Tinyproxy {
  port: number;
  /** http://127.0.0.1:<port>, no credentials. */
  origin: string;
  /** The proxy URL with the given (default: the right) credentials, URL-encoded. */
  url(user?: string, password?: string): string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(
        `tinyproxy exited (${child.exitCode}): ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-500) : 'no log'}`,
      );
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error('tinyproxy did not start listening');
}

export async function startTinyproxy(options: { user?: string; password?: string; binary?: string } = {}): Promise<Tinyproxy> {
  const user = options.user ?? 'winjoin-user';
  // tinyproxy's config grammar takes letters, digits and dashes here, no punctuation.
  const password = options.password ?? 'Pr0xy-S3cret-7';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-tinyproxy-'));
  const port = await freePort();
  const config = path.join(dir, 'tinyproxy.conf');
  const logFile = path.join(dir, 'tinyproxy.log');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 30',
      `LogFile "${logFile}"`,
      'LogLevel Info',
      'MaxClients 50',
      `BasicAuth ${user} ${password}`,
      '',
    ].join('\n'),
  );
  const child = spawn(options.binary ?? '/usr/bin/tinyproxy', ['-d', '-c', config], { stdio: 'ignore' });
  try {
    await waitForPort(port, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    user,
    password,
    url: (u = user, p = password) => `http://${encodeURIComponent(u)}:${encodeURIComponent(p)}@127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(2000).then(() => child.kill('SIGKILL'))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
