/**
 * The forms a secret takes on its way into a log: as typed, URL-encoded (in a
 * proxy URL's user info or a query), JSON-escaped (inside journal.jsonl), and
 * base64 (Basic auth headers, kubeconfig data, dumps). Base64 is matched at
 * every byte alignment, because "user:password" encodes the password at an
 * offset that plain base64(password) does not show.
 */

/** Shorter secrets would blank out ordinary words; they are still masked inside URLs and headers by pattern. */
export const MIN_SECRET_LENGTH = 3;
/** Alignment cores shorter than this would match random base64 text. */
const MIN_BASE64_CORE = 8;

function utf8Base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function toBase64Url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The characters of base64(prefix + secret) that depend on the secret's bytes only, for a prefix of 0, 1 and 2 bytes. */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const b64 = utf8Base64(padded);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = b64.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) cores.push(core, toBase64Url(core));
  }
  return cores;
}

function userInfoEncoded(secret: string): string {
  try {
    const url = new URL('http://host.invalid/');
    url.password = secret;
    return url.password;
  } catch {
    return secret;
  }
}

export function secretVariants(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const uri = encodeURIComponent(secret);
  const full = utf8Base64(new TextEncoder().encode(secret));
  const variants = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    uri.replace(/%20/g, '+'),
    userInfoEncoded(secret),
    JSON.stringify(secret).slice(1, -1),
    full,
    full.replace(/=+$/, ''),
    toBase64Url(full),
    ...base64Cores(secret),
  ];
  return [...new Set(variants)].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation of every variant of every secret, longest first so a longer form wins over its substring. */
export function secretsRegex(secrets: readonly string[]): RegExp | null {
  const all = [...new Set(secrets.flatMap(secretVariants))].sort((a, b) => b.length - a.length);
  return all.length ? new RegExp(all.map(escapeRegex).join('|'), 'g') : null;
}
