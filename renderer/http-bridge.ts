/**
 * The preview's RawBridge: the same two methods the Electron preload exposes,
 * over the loopback preview server (POST /ipc/<channel>; GET /events streams
 * one JSON message per line). The rest of the app cannot tell which one it got.
 *
 * Why a streamed fetch and not EventSource: Chromium's EventSource parser
 * took 4.4 s for the 230 MB a million kubelet lines make, a streamed fetch
 * with JSON.parse per line 1.4 s (bench/log-view.bench.mjs has the whole
 * figure).
 */
import { isEventName, type Envelope, type RawBridge } from '../shared/ipc/contract.js';
import { PREVIEW_TOKEN_HEADER as TOKEN_HEADER } from '../shared/ipc/preview-token.js';

export interface HttpBridgeDeps {
  fetch: typeof fetch;
  /** The preview's session token (from the URL it printed); sent on every call and on the event stream. */
  token: string;
  /** How long to wait before reopening an event stream that ended or failed. */
  reconnectMs?: number;
}

type Listener = (payload: unknown) => void;

function failed(message: string): Envelope<unknown> {
  // The back end going away looks the same as in Electron: a coded error, no stack.
  return { ok: false, error: { code: 'E_INTERNAL', message } };
}

export function createHttpBridge(base: string, deps: HttpBridgeDeps): RawBridge {
  const listeners = new Map<string, Set<Listener>>();
  let streaming = false;

  function deliver(line: string): void {
    if (line === '') return; // a heartbeat
    let message: { name?: unknown; payload?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // A malformed message is dropped; one bad line must not end the stream.
    }
    if (!isEventName(message.name)) return;
    for (const listener of listeners.get(message.name) ?? []) {
      try {
        listener(message.payload);
      } catch (error) {
        // A failing listener is reported, not allowed to end the stream for every other one.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  /** Reads the one event stream for as long as the page lives, reopening it when it ends. */
  async function stream(): Promise<void> {
    for (;;) {
      try {
        const response = await deps.fetch(`${base}events`, { headers: { Accept: 'application/x-ndjson', [TOKEN_HEADER]: deps.token } });
        if (response.ok && response.body) await readLines(response.body, deliver);
      } catch {
        // The server went away (closed preview, restart); try again below.
      }
      await new Promise((resolve) => setTimeout(resolve, deps.reconnectMs ?? 1000));
    }
  }

  return {
    async invoke(channel, payload) {
      try {
        const response = await deps.fetch(`${base}ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: deps.token },
          body: JSON.stringify(payload ?? {}),
        });
        const envelope = (await response.json()) as Envelope<unknown>;
        return typeof envelope === 'object' && envelope !== null && 'ok' in envelope ? envelope : failed('malformed reply');
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error));
      }
    },
    on(event, listener) {
      if (!streaming) {
        streaming = true;
        void stream();
      }
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped: Listener = (payload) => listener(payload);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

/** How the reader shares the page's main thread: it gives the event loop a turn after this long. */
export interface ReadSlices {
  now: () => number;
  sliceMs: number;
  /** Resolves on a later task, so rendering, input and timers run in between. */
  yieldToPage: () => Promise<void>;
}

/**
 * Reads that are already buffered resolve as microtasks, so without a pause a
 * flood's stream was read, decoded and parsed in one task of several hundred
 * milliseconds while the page could neither paint nor answer input.
 */
const PAGE_SLICES: ReadSlices = {
  now: () => performance.now(),
  sliceMs: 40,
  yieldToPage: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/** Hands over each complete line of a UTF-8 byte stream; a batch line is megabytes, so pieces are joined once. */
export async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void, slices = PAGE_SLICES): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  let sliceStart = slices.now();
  for (;;) {
    const { value: bytes, done } = await reader.read();
    if (done) return;
    // stream: a character split between two reads is completed by the next.
    const value = decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let end = value.indexOf('\n'); end >= 0; end = value.indexOf('\n', start)) {
      pieces.push(value.slice(start, end));
      onLine(pieces.join(''));
      pieces = [];
      start = end + 1;
    }
    if (start < value.length) pieces.push(value.slice(start));
    if (slices.now() - sliceStart >= slices.sliceMs) {
      await slices.yieldToPage();
      sliceStart = slices.now();
    }
  }
}
