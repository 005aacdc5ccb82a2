/**
 * JSON already made for a value, or to be made at most once. A journal batch
 * goes to every viewer of the preview's event stream as the same JSON: the
 * journal makes it as UTF-8 while it writes the batch's lines
 * (electron/join/batch-json.ts), and a transport that writes bytes takes
 * them as they are (jsonBytesOf): turning megabytes into a string and back,
 * and measuring each string for the HTTP chunk, cost the preview more CPU
 * than journaling the lines. The text is made on first use, so a transport
 * that never asks (Electron's structured clone) costs nothing.
 */
export interface KnownJson {
  /** The JSON text; made when first asked for. */
  text: () => string;
  /** The same JSON as UTF-8, when the maker holds it as bytes. */
  bytes?: Uint8Array;
}

const known = new WeakMap<object, KnownJson>();

/** Remembers `value`'s JSON; the caller vouches it parses to a value equal to `value`. */
export function rememberJson<T extends object>(value: T, json: KnownJson): T {
  let text: string | null = null;
  known.set(value, { text: () => (text ??= json.text()), ...(json.bytes ? { bytes: json.bytes } : {}) });
  return value;
}

export function jsonOf(value: unknown): string {
  const json = typeof value === 'object' && value !== null ? known.get(value) : undefined;
  return json ? json.text() : JSON.stringify(value);
}

/** The value's JSON as UTF-8 bytes, when they were remembered; null otherwise. */
export function jsonBytesOf(value: unknown): Uint8Array | null {
  return (typeof value === 'object' && value !== null ? known.get(value)?.bytes : undefined) ?? null;
}
