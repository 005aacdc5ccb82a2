/**
 * Secrets recognised by their shape rather than their value: credentials in
 * URLs, Authorization headers, kubeconfig and flag key/values, JWTs. Each
 * rule keeps the key and replaces only the value, so a redacted log still
 * says what was there. Rules never consume quotes or backslashes, so a
 * redacted journal line stays valid JSON.
 */

export const MASK = '***';

/** Keys whose value is a secret wherever they appear (YAML, JSON, key=value). */
const SECRET_KEYS = [
  'client-key-data',
  'token',
  'password',
  'passwd',
  'secret',
  'client-secret',
  'id-token',
  'refresh-token',
  'access-token',
  'api-key',
  'apikey',
  'private-key',
  'proxy-password',
];
const keys = SECRET_KEYS.map((k) => k.replace(/-/g, '[-_]?')).join('|');
/** A quote around a key or value, possibly JSON-escaped inside a journal line. */
const q = String.raw`(?:\\?["'])?`;
const value = String.raw`[^\s"'\\,;&}\]]+`;

export interface PatternRule {
  name: string;
  re: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
  /**
   * Regex source of text every match of `re` contains, matched without
   * regard to case: a line without any rule's trigger (nearly every line of
   * a log flood) skips the rules (LineRedactor.lines).
   */
  trigger: string;
}

export const PATTERN_RULES: readonly PatternRule[] = [
  {
    // user:password@ keeps the user name (who logged in is worth knowing, and
    // not a secret): http://ops:***@proxy:3128/. A user info without a colon
    // is a token (https://ghp_...@github.com) and goes whole. A password may
    // hold ' $ ( ) as typed; only " and \ end it, so a JSON line stays valid.
    name: 'url-userinfo',
    re: /\b([a-z][a-z0-9+.-]*:\/\/)(?:([^/\s@:"'<>\\]+):)?(?:[^/\s@"<>\\]|\\.)+@/gi,
    replace: (_match, scheme, user) => `${scheme}${user ? `${user}:` : ''}${MASK}@`,
    trigger: '://',
  },
  {
    name: 'authorization-header',
    re: new RegExp(
      String.raw`((?:proxy-)?authorization${q}\s*[:=]\s*${q}\s*(?:\[\s*${q})?(?:basic|bearer|digest|negotiate|ntlm|token)\s+)${value}`,
      'gi',
    ),
    replace: `$1${MASK}`,
    trigger: 'authorization',
  },
  { name: 'bearer', re: /\b(bearer\s+)(?!\*\*\*)[A-Za-z0-9\-._~+/]{8,}=*/gi, replace: `$1${MASK}`, trigger: 'bearer' },
  {
    // A quoted value may hold spaces; take it up to its closing quote (escaped or not).
    name: 'key-quoted-value',
    re: new RegExp(String.raw`(\b(?:${keys})${q}\s*[:=]\s*)(\\?["'])(?!\*\*\*)(?:(?!\2).)+\2`, 'gi'),
    replace: `$1$2${MASK}$2`,
    trigger: keys,
  },
  // JSON's null/true/false are never a secret, and masking them would break the JSON ("token": null).
  {
    name: 'key-value',
    re: new RegExp(String.raw`(\b(?:${keys})${q}\s*[:=]\s*${q})(?!\*\*\*)(?!(?:null|true|false)\b)${value}`, 'gi'),
    replace: `$1${MASK}`,
    trigger: keys,
  },
  { name: 'flag', re: new RegExp(String.raw`(--(?:${keys})(?:=|\s+))(?!\*\*\*)${value}`, 'gi'), replace: `$1${MASK}`, trigger: keys },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: MASK, trigger: 'eyJ' },
  {
    name: 'pem-one-line',
    re: /(-----BEGIN [A-Z ]*PRIVATE KEY-----).*?(-----END [A-Z ]*PRIVATE KEY-----)/g,
    replace: `$1${MASK}$2`,
    trigger: '-----BEGIN',
  },
];

export const PEM_BEGIN = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** What every PEM_BEGIN match contains, as PatternRule.trigger. */
export const PEM_BEGIN_TRIGGER = '-----BEGIN';
export const PEM_END = /-----END [A-Z ]*PRIVATE KEY-----/;
