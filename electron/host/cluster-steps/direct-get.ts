/**
 * A GET from this machine straight to an address on the node's network (a
 * pod IP, the node's own host port), never through a proxy: the answers'
 * proxy is for the internet, and a proxy could not reach a pod anyway.
 */
import { Agent, request } from 'undici';
import type { PageAnswer } from './sample-steps.js';

const TIMEOUT_MS = 10_000;

export async function directHttpGet(url: string, signal: AbortSignal): Promise<PageAnswer> {
  const dispatcher = new Agent({ connect: { timeout: TIMEOUT_MS }, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  try {
    const response = await request(url, { dispatcher, signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) });
    return { status: response.statusCode, body: await response.body.text() };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
