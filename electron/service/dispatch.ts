/**
 * The one place a call from a renderer enters the back end, for both shells:
 * Electron's ipcMain handler and the preview bridge's loopback HTTP server.
 * It checks the channel against the contract, validates the payload with the
 * channel's schema, runs the handler and wraps the outcome in an envelope
 * whose error carries a stable code, never a stack trace.
 */
import { calls, isCallName, type Envelope, type Handlers } from '../../shared/ipc/contract.js';
import { toErrorShape } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/validation/issues.js';

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
  if (!isCallName(channel)) {
    return { ok: false, error: { code: 'E_INVALID_REQUEST', message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}` } };
  }
  const parsed = calls[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    const code =
      channel === 'join:start' || channel === 'plan:preview' || channel === 'answers:save' ? 'E_INVALID_ANSWERS' : 'E_INVALID_REQUEST';
    return {
      ok: false,
      error: { code, message: fields.map((f) => `${f.field}: ${f.key}`).join('; '), params: { fields: JSON.stringify(fields) } },
    };
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}
