/**
 * JSON text already made for a value. The journal serialises every event to
 * write it; a transport that sends the same batch as JSON (the preview's
 * event stream) asks here first instead of serialising a million lines again.
 * The text is made on first use, so a transport that never asks (Electron's
 * structured clone) costs nothing.
 */
const known = new WeakMap<object, () => string>();

/** Remembers how to get `value`'s JSON; the caller vouches it equals JSON.stringify(value). */
export function rememberJson<T extends object>(value: T, make: () => string): T {
  let text: string | null = null;
  known.set(value, () => (text ??= make()));
  return value;
}

export function jsonOf(value: unknown): string {
  const make = typeof value === 'object' && value !== null ? known.get(value) : undefined;
  return make ? make() : JSON.stringify(value);
}
