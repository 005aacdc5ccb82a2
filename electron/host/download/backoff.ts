/** Exponential backoff with jitter, so many machines retrying a busy mirror do not retry in step. */
import { setTimeout as sleep } from 'node:timers/promises';

export function backoffDelay(attempt: number, baseMs: number, retryAfterSeconds: number | null, capMs = 30_000): number {
  const exponential = baseMs * 2 ** attempt;
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const wanted = retryAfterSeconds !== null ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
  return Math.min(wanted, capMs);
}

export function parseRetryAfter(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  await sleep(ms, undefined, signal ? { signal } : undefined);
}
