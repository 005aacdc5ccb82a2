import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WinJoinError } from '../../shared/errors.js';
import { CALL_NAMES, type EventName, type Handlers } from '../../shared/ipc/contract.js';
import { rememberJson } from '../../shared/ipc/known-json.js';
import { PREVIEW_CSP } from './csp.js';
import { startPreviewServer, type PreviewServer } from './server.js';

function fakeHandlers(): Handlers {
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      async () => {
        throw new WinJoinError('E_NO_JOIN', `${name} is not part of this fake`);
      },
    ]),
  ) as unknown as Handlers;
  handlers['app:info'] = async () => ({
    version: '9.9.9',
    shell: 'preview',
    systemLanguages: [],
    platform: 'linux',
    stateDir: '/tmp/x',
    rehearsal: { enabled: false, scenario: null, scenarios: [], kubeconfigPath: null },
  });
  handlers['kubeconfig:import'] = async ({ fileName, content }) => ({ path: `/uploads/${fileName}:${content.length}` });
  return handlers;
}

/** Listeners the server registered, so a test can emit events and see unsubscription. */
function fakeEvents() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    listeners,
    subscribe: ((event: EventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as never,
    emit(event: EventName, payload: unknown) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    count(event: EventName) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request as the page makes it: with the session token, unless the test leaves it out. */
function request(
  server: PreviewServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; withoutToken?: boolean },
): Promise<RawResponse> {
  const url = new URL(server.url);
  const headers = options.withoutToken ? options.headers : { 'X-WinJoin-Token': server.token, ...options.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('preview server', () => {
  let dir: string;
  let server: PreviewServer;
  let events: ReturnType<typeof fakeEvents>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-preview-'));
    fs.mkdirSync(path.join(dir, 'static', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'static', 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(dir, 'static', 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    events = fakeEvents();
    server = await startPreviewServer({
      handlers: fakeHandlers(),
      subscribe: events.subscribe,
      port: 0,
      staticDir: path.join(dir, 'static'),
      heartbeatMs: 20,
    });
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback and serves the renderer with its content type and the CSP header', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const index = await request(server, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(PREVIEW_CSP);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const script = await request(server, { path: '/assets/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log(1)');
  });

  it('serves nothing outside the static directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await request(server, { path: p });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('secret');
    }
    expect((await request(server, { path: '/missing.js' })).status).toBe(404);
  });

  it('answers a call with the handler result in an envelope', async () => {
    const res = await request(server, { method: 'POST', path: '/ipc/app:info', headers: json, body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, result: { version: '9.9.9', shell: 'preview' } });
  });

  it('validates payloads and names unknown channels through dispatch', async () => {
    const bad = await request(server, { method: 'POST', path: '/ipc/kubeconfig:import', headers: json, body: '{"fileName": 3}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
    const unknown = await request(server, { method: 'POST', path: '/ipc/shell:exec', headers: json, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
    const failing = await request(server, { method: 'POST', path: '/ipc/join:state', headers: json, body: '{}' });
    const envelope = JSON.parse(failing.body);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'E_NO_JOIN' } });
    expect(JSON.stringify(envelope)).not.toContain('at ');
  });

  it('takes JSON only, by POST, within the size limit', async () => {
    expect(
      (await request(server, { method: 'POST', path: '/ipc/app:info', headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status,
    ).toBe(415);
    expect((await request(server, { method: 'GET', path: '/ipc/app:info' })).status).toBe(405);
    expect((await request(server, { method: 'POST', path: '/ipc/app:info', headers: json, body: '{not json' })).status).toBe(400);
    const big = JSON.stringify({ fileName: 'k', content: 'x'.repeat(5 * 1024 * 1024) });
    const tooBig = await request(server, { method: 'POST', path: '/ipc/kubeconfig:import', headers: json, body: big });
    expect(tooBig.status).toBe(413);
    const fits = await request(server, {
      method: 'POST',
      path: '/ipc/kubeconfig:import',
      headers: json,
      body: JSON.stringify({ fileName: 'k', content: 'x'.repeat(900_000) }),
    });
    expect(JSON.parse(fits.body)).toMatchObject({ ok: true, result: { path: '/uploads/k:900000' } });
  });

  it('refuses foreign Host and Origin headers (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const call = (headers: Record<string, string>) =>
      request(server, { method: 'POST', path: '/ipc/app:info', headers: { ...json, ...headers }, body: '{}' });
    expect((await call({ Host: `evil.example:${port}` })).status).toBe(403);
    expect((await call({ Host: `127.0.0.1:1` })).status).toBe(403);
    expect((await call({ Origin: `http://evil.example:${port}` })).status).toBe(403);
    expect((await call({ Origin: 'null' })).status).toBe(403);
    expect((await request(server, { path: '/', headers: { Host: `attacker.test:${port}` } })).status).toBe(403);
    expect((await call({ Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('streams events one JSON line each, batches as given, with heartbeats, and unsubscribes when the stream closes', async () => {
    const url = new URL(server.url);
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: '/events', headers: { 'X-WinJoin-Token': server.token } }, (res) => {
        expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
        let text = '';
        let emitted = false;
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (!emitted) {
            emitted = true;
            events.emit('journal:events', [{ seq: 1 }, { seq: 2 }]);
            // A batch whose JSON bytes the journal made goes out as those bytes (the space shows it).
            events.emit('journal:events', rememberJson([{ seq: 3 }], { text: () => '[{"seq":3}]', bytes: Buffer.from('[{"seq": 3}]') }));
            events.emit('join:state', { phase: 'running' });
          }
          // The heartbeat after the state: an empty line.
          if (text.includes('"join:state"') && text.endsWith('}\n\n')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
    });
    const lines = received.split('\n').filter(Boolean);
    expect(lines).toEqual([
      '{"name":"journal:events","payload":[{"seq":1},{"seq":2}]}',
      '{"name":"journal:events","payload":[{"seq": 3}]}',
      '{"name":"join:state","payload":{"phase":"running"}}',
    ]);
    await expect.poll(() => events.count('journal:events') + events.count('join:state')).toBe(0);
  });

  it("keeps a slow viewer's backlog bounded: the oldest lines go, every transition and the newest line arrive", async () => {
    const slow = await startPreviewServer({
      handlers: fakeHandlers(),
      subscribe: events.subscribe,
      port: 0,
      staticDir: path.join(dir, 'static'),
      backlogMaxEvents: 1_000,
    });
    const url = new URL(slow.url);
    const ts = '2026-11-29T00:00:00.000Z';
    const filler = 'x'.repeat(2_000);
    let seq = 0;
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: '/events', headers: { 'X-WinJoin-Token': slow.token } }, (res) => {
        // The viewer reads nothing while 40,000 lines (80 MB) are emitted, far more than the socket holds.
        res.pause();
        for (let b = 0; b < 40; b++) {
          const batch = Array.from({ length: 1_000 }, () => ({
            seq: ++seq,
            ts,
            runId: 'r',
            type: 'step.output',
            stepId: 'kubelet',
            stream: 'service',
            line: filler,
          }));
          batch.push({ seq: ++seq, ts, runId: 'r', type: 'step.finished', stepId: 'kubelet', status: 'done', durationMs: 1 } as never);
          events.emit('journal:events', batch);
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(`"seq":${seq}`) && text.endsWith('\n')) {
            req.destroy();
            resolve(text);
          }
        });
        res.resume();
      });
      req.on('error', reject);
    });
    await slow.close();
    const got = received
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => (JSON.parse(line) as { payload: { seq: number; type: string }[] }).payload);
    expect(got.filter((e) => e.type === 'step.finished')).toHaveLength(40);
    expect(got.length).toBeLessThan(40_040 / 2);
    expect(got.at(-1)?.seq).toBe(seq);
    // In order, each once.
    expect(got.map((e) => e.seq)).toEqual([...new Set(got.map((e) => e.seq))].sort((a, b) => a - b));
  });

  it('serves its creator only: calls and the event stream without the per-start token are refused', async () => {
    const called: string[] = [];
    const handlers = fakeHandlers();
    handlers['join:start'] = async () => {
      called.push('join:start');
      return { runId: 'r' };
    };
    const other = await startPreviewServer({ handlers, subscribe: events.subscribe, port: 0, staticDir: path.join(dir, 'static') });
    try {
      const start = { method: 'POST', path: '/ipc/join:start', headers: json, body: '{}' };
      expect((await request(other, { ...start, withoutToken: true })).status).toBe(403);
      expect((await request(other, { ...start, headers: { ...json, 'X-WinJoin-Token': 'guess' } })).status).toBe(403);
      // Another preview's token is no good here: each start draws its own.
      expect(other.token).not.toBe(server.token);
      expect((await request(other, { ...start, headers: { ...json, 'X-WinJoin-Token': server.token } })).status).toBe(403);
      expect((await request(other, { path: '/events', withoutToken: true })).status).toBe(403);
      expect(
        (await request(other, { method: 'POST', path: '/ipc/join:state', headers: json, body: '{}', withoutToken: true })).status,
      ).toBe(403);
      expect(called).toEqual([]);
      // The renderer's static files are public; the printed URL carries the token for the page to send.
      expect((await request(other, { path: '/', withoutToken: true })).status).toBe(200);
      expect(new URL(other.url).searchParams.get('token')).toBe(other.token);
    } finally {
      await other.close();
    }
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(
      startPreviewServer({ handlers: fakeHandlers(), subscribe: events.subscribe, port: 0, staticDir: dir, host: '0.0.0.0' as never }),
    ).rejects.toThrow(/loopback/);
  });
});
