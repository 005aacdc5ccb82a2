/**
 * Typed calls over the raw bridge. Errors come back as RemoteError with the
 * stable code, so the renderer shows errors.<code> rather than
 * "Error invoking remote method".
 */
import type { CallName, CallRequest, CallResponse, EventName, EventPayload, RawBridge } from './contract.js';

export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export interface WinJoinClient {
  call<K extends CallName>(channel: K, request: CallRequest<K>): Promise<CallResponse<K>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
}

export function createClient(raw: RawBridge): WinJoinClient {
  return {
    async call(channel, request) {
      const envelope = await raw.invoke(channel, request);
      if (envelope.ok) return envelope.result as never;
      throw new RemoteError(envelope.error.code, envelope.error.message, envelope.error.params ?? {});
    },
    on(event, listener) {
      return raw.on(event, (payload) => listener(payload as never));
    },
  };
}
