/**
 * The raw bridge, derived from the contract rather than written per channel:
 * invoke() reaches main only for channel names in CALL_NAMES, on() only for
 * EVENT_NAMES, and anything else is refused here, before it crosses into the
 * elevated process. Listeners get the payload alone, never Electron's event
 * object (whose `sender` would hand the page ipcRenderer itself).
 */
import { BRIDGE_SUBSCRIBE } from '../../shared/ipc/bridge-wire.js';
import { CALL_NAMES, EVENT_NAMES, type Envelope, type RawBridge } from '../../shared/ipc/contract.js';

/** The parts of ipcRenderer the bridge uses; a fake in tests. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): RawBridge {
  const callNames = new Set<string>(CALL_NAMES);
  const eventNames = new Set<string>(EVENT_NAMES);
  const subscribed = new Set<string>();

  return Object.freeze({
    async invoke(channel: string, payload: unknown): Promise<Envelope<unknown>> {
      if (typeof channel !== 'string' || !callNames.has(channel)) {
        return {
          ok: false,
          error: { code: 'E_INVALID_REQUEST', message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}` },
        };
      }
      try {
        return (await ipc.invoke(channel, payload)) as Envelope<unknown>;
      } catch (error) {
        // Main always answers with an envelope; this is main having gone away.
        return { ok: false, error: { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) } };
      }
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !eventNames.has(event))
        throw new TypeError(`unknown event ${JSON.stringify(String(event)).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      // Main holds this event's messages back until it hears a listener exists.
      if (!subscribed.has(event)) {
        subscribed.add(event);
        ipc.send(BRIDGE_SUBSCRIBE, event);
      }
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  });
}
