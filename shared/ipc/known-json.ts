/**
 * JSON already made for a value. The journal serialises every event to
 * write it; a transport that sends the same batch as JSON (the preview's
 * event stream) asks here first instead of serialising a million lines again.
 * The journal keeps the batch as UTF-8 bytes, which a transport that writes
 * bytes takes as they are (jsonBytesOf): under a kubelet flood, turning them
 * into a string and back, and measuring each string for the HTTP chunk,
 * cost the preview more CPU than journaling the lines. The text is made on
 * first use, so a transport that never asks (Electron's structured clone)
 * costs nothing.
 */
export interface KnownJson {
  /** The JSON text; made when first asked for. */
  text: () => string;
  /** The same JSON as UTF-8, when the maker holds it as bytes. */
  bytes?: Uint8Array;
}

const known = new WeakMap<object, KnownJson>();

/** Remembers `value`'s JSON; the caller vouches it equals JSON.stringify(value). */
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
