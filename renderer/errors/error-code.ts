/**
 * The one way an error becomes something on screen: a stable code the
 * catalogue has a message for (errors.<code>). Messages and stacks of
 * unexpected errors never reach the page.
 */
import { RemoteError } from '../../shared/ipc/client.js';
import { ERROR_CODES } from '../../shared/errors.js';

export function errorCode(error: unknown): string {
  if (error instanceof RemoteError && (ERROR_CODES as readonly string[]).includes(error.code)) return error.code;
  return 'E_INTERNAL';
}

/** An error for ErrorText: its code and the values its message names (a field, a file), which the back end sends free of secrets. */
export function shownError(error: unknown): { code: string; params?: Record<string, string> } {
  const code = errorCode(error);
  return error instanceof RemoteError && code !== 'E_INTERNAL' ? { code, params: error.params } : { code };
}

/** Field errors the back end sent with E_INVALID_ANSWERS, if any. */
export function remoteFieldErrors(error: unknown): { field: string; key: string; params: Record<string, string> }[] {
  if (!(error instanceof RemoteError) || !error.params.fields) return [];
  try {
    const parsed: unknown = JSON.parse(error.params.fields);
    return Array.isArray(parsed) ? (parsed as { field: string; key: string; params: Record<string, string> }[]) : [];
  } catch {
    return [];
  }
}
