import { describe, expect, it, vi } from 'vitest';
import { createClient, RemoteError } from '../shared/ipc/client.js';
import { createHttpBridge, readLines } from './http-bridge.js';

/** A response whose body the test writes into, line by line or in arbitrary pieces. */
function streamedResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

function setup(reply: (url: string, init: RequestInit) => Promise<Response>) {
  const opened: string[] = [];
  const streams: ReturnType<typeof streamedResponse>[] = [];
  const bridge = createHttpBridge('http://127.0.0.1:5178/', {
    fetch: (async (url: string, init: RequestInit) => {
      if (!url.endsWith('/events')) return reply(url, init);
      opened.push(url);
      // The event stream, like a call, carries the session token or the preview refuses it.
      if ((init.headers as Record<string, string>)['x-winjoin-token'] !== 'session-token') throw new TypeError('403');
      const stream = streamedResponse();
      streams.push(stream);
      return stream.response;
    }) as typeof fetch,
    reconnectMs: 10,
    token: 'session-token',
  });
  return { bridge, opened, streams };
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
    // The preview refuses calls without its session token.
    expect(seen[0]?.init.headers).toMatchObject({ 'x-winjoin-token': 'session-token' });
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

  it('opens one event stream and delivers each line to its listeners until unsubscribed', async () => {
    const { bridge, opened, streams } = setup(async () => new Response('{}'));
    const got: unknown[] = [];
    const states: unknown[] = [];
    const off = bridge.on('journal:events', (p) => got.push(p));
    bridge.on('join:state', (p) => states.push(p));
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    expect(opened).toEqual(['http://127.0.0.1:5178/events']);
    const stream = streams[0]!;
    // A heartbeat, a line split across reads, a malformed line, an unknown event, then a state.
    stream.write('\n{"name":"journal:events","payload":[{"se');
    stream.write('q":1}]}\nnot json\n{"name":"nope","payload":1}\n{"name":"join:state","payload":{"phase":"running"}}\n');
    await vi.waitFor(() => expect(states).toEqual([{ phase: 'running' }]));
    expect(got).toEqual([[{ seq: 1 }]]);
    off();
    stream.write('{"name":"journal:events","payload":[{"seq":2}]}\n');
    stream.write('{"name":"join:state","payload":{"phase":"succeeded"}}\n');
    await vi.waitFor(() => expect(states).toHaveLength(2));
    expect(got).toEqual([[{ seq: 1 }]]);
  });

  it('reopens the event stream when it ends, and keeps the listeners', async () => {
    const { bridge, opened, streams } = setup(async () => new Response('{}'));
    const got: unknown[] = [];
    bridge.on('journal:events', (p) => got.push(p));
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.end();
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    streams[1]!.write('{"name":"journal:events","payload":[{"seq":7}]}\n');
    await vi.waitFor(() => expect(got).toEqual([[{ seq: 7 }]]));
    expect(opened).toHaveLength(2);
  });

  it('reads a busy stream in slices, giving the page a turn between them, and loses no line', async () => {
    const stream = streamedResponse();
    for (let i = 1; i <= 6; i++) stream.write(`{"n":${i}}\n`);
    stream.end();
    let clock = 0;
    const lines: string[] = [];
    const turns: number[] = [];
    // A clock of its own that moves 15 ms each time it is read, against 40 ms slices: nothing here waits.
    await readLines(stream.response.body!, (line) => lines.push(line), {
      now: () => (clock += 15),
      sliceMs: 40,
      yieldToPage: async () => void turns.push(lines.length),
    });
    expect(lines).toEqual([1, 2, 3, 4, 5, 6].map((n) => `{"n":${n}}`));
    expect(turns).toEqual([3, 6]);
  });
});
