import { describe, expect, it } from 'vitest';
import { createClient, RemoteError } from '../shared/ipc/client.js';
import { createHttpBridge } from './http-bridge.js';

class FakeEvents {
  listeners = new Map<string, Set<(e: Event) => void>>();
  addEventListener(name: string, l: (e: Event) => void) {
    const set = this.listeners.get(name) ?? new Set();
    set.add(l);
    this.listeners.set(name, set);
  }
  removeEventListener(name: string, l: (e: Event) => void) {
    this.listeners.get(name)?.delete(l);
  }
  emit(name: string, data: string) {
    for (const l of this.listeners.get(name) ?? []) l({ data } as MessageEvent);
  }
}

function setup(reply: (url: string, init: RequestInit) => Promise<Response>) {
  const opened: string[] = [];
  const events = new FakeEvents();
  const bridge = createHttpBridge('http://127.0.0.1:5178/', {
    fetch: ((url: string, init: RequestInit) => reply(url, init)) as typeof fetch,
    openEvents: (url) => {
      opened.push(url);
      return events as unknown as EventSource;
    },
  });
  return { bridge, opened, events };
}

describe('http bridge', () => {
  it('posts the payload as JSON to /ipc/<channel> and returns the envelope', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const { bridge } = setup(async (url, init) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, result: { runId: 'r1' } }));
    });
    const client = createClient(bridge);
    await expect(client.call('join:retry', { stepId: 'docker' })).resolves.toEqual({ runId: 'r1' });
    expect(seen[0]?.url).toBe('http://127.0.0.1:5178/ipc/join%3Aretry');
    expect(seen[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ stepId: 'docker' });
  });

  it('turns error envelopes into RemoteError with the code, and a dead server into E_INTERNAL', async () => {
    const { bridge } = setup(async () => new Response(JSON.stringify({ ok: false, error: { code: 'E_NO_JOIN', message: 'none' } })));
    await expect(createClient(bridge).call('join:cancel', {})).rejects.toMatchObject({ code: 'E_NO_JOIN' });
    const dead = setup(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await createClient(dead.bridge)
      .call('app:info', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).code).toBe('E_INTERNAL');
  });

  it('opens one event stream and delivers parsed payloads until unsubscribed', () => {
    const { bridge, opened, events } = setup(async () => new Response('{}'));
    const got: unknown[] = [];
    const off = bridge.on('journal:events', (p) => got.push(p));
    bridge.on('join:state', () => undefined);
    expect(opened).toEqual(['http://127.0.0.1:5178/events']);
    events.emit('journal:events', '[{"seq":1}]');
    events.emit('journal:events', 'not json');
    off();
    events.emit('journal:events', '[{"seq":2}]');
    expect(got).toEqual([[{ seq: 1 }]]);
  });
});
