/**
 * The preview's RawBridge: the same two methods the Electron preload exposes,
 * over the loopback preview server (POST /ipc/<channel>, SSE on /events).
 * The rest of the app cannot tell which one it got.
 */
import type { Envelope, RawBridge } from '../shared/ipc/contract.js';

export interface HttpBridgeDeps {
  fetch: typeof fetch;
  /** Opens the one event stream, lazily, on the first listener. */
  openEvents: (url: string) => Pick<EventSource, 'addEventListener' | 'removeEventListener'>;
}

function failed(message: string): Envelope<unknown> {
  // The back end going away looks the same as in Electron: a coded error, no stack.
  return { ok: false, error: { code: 'E_INTERNAL', message } };
}

export function createHttpBridge(base: string, deps: HttpBridgeDeps): RawBridge {
  let events: ReturnType<HttpBridgeDeps['openEvents']> | null = null;
  return {
    async invoke(channel, payload) {
      try {
        const response = await deps.fetch(`${base}ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(payload ?? {}),
        });
        const envelope = (await response.json()) as Envelope<unknown>;
        return typeof envelope === 'object' && envelope !== null && 'ok' in envelope ? envelope : failed('malformed reply');
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error));
      }
    },
    on(event, listener) {
      events ??= deps.openEvents(`${base}events`);
      const wrapped = (message: Event) => {
        const data = (message as MessageEvent<string>).data;
        try {
          listener(JSON.parse(data));
        } catch {
          // A malformed message is dropped; the store re-reads state on reconnect.
        }
      };
      events.addEventListener(event, wrapped);
      return () => events?.removeEventListener(event, wrapped);
    },
  };
}
