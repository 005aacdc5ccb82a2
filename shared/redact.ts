/**
 * Redaction: everything that reaches disk outside the state directory (the
 * support bundle, exported logs) passes through here first. Pure, no I/O.
 * Two layers: known secret values (collected from the answers and the
 * kubeconfig, removed in every encoding they could take) and shapes
 * (credentials in URLs, Authorization headers, kubeconfig keys, JWTs, PEM keys).
 */
import { SECRET_FIELDS, isSecretRef } from './secret-refs.js';
import { maskProxyUrl } from './validation/proxy-url.js';
import { redactText } from './redact/line-redactor.js';

export { MASK } from './redact/patterns.js';
export { LineRedactor, createLineRedactor, redactText } from './redact/line-redactor.js';
export { kubeconfigSecrets, redactKubeconfigYaml } from './redact/kubeconfig.js';
export { secretVariants } from './redact/variants.js';

/**
 * The secret values an answer file holds: each proxy URL's password (as
 * written and decoded), the bootstrap token and its secret half, plus values already resolved from { fromFile } /
 * { fromEnv } references. "user:password", what a Basic header encodes, needs
 * no entry of its own: the password's base64 forms are matched at every byte
 * offset, and leaving the user out keeps "ops:***" readable in a log.
 */
export function collectAnswerSecrets(answers: unknown, resolved: readonly string[] = []): string[] {
  const out: string[] = [...resolved];
  for (const field of SECRET_FIELDS) {
    const value = getPath(answers, field);
    if (typeof value !== 'string') continue;
    if (field === 'join.token') {
      out.push(...bootstrapTokenSecrets(value));
      continue;
    }
    const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(value)?.[1];
    if (!userInfo) continue;
    const colon = userInfo.indexOf(':');
    const password = colon >= 0 ? userInfo.slice(colon + 1) : '';
    if (!password) continue;
    out.push(password, safeDecode(password));
  }
  return [...new Set(out.filter((s) => s.length > 0))];
}

/**
 * A copy of the answers fit for a ticket: proxy credentials masked, secret
 * references kept as references (a path or a variable name is not the secret),
 * and every other string passed through the shape rules.
 */
export function redactAnswers<T>(answers: T, secrets: readonly string[] = []): T {
  const all = collectAnswerSecrets(answers, secrets);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(maskProxyUrl(value), all);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      if (isSecretRef(value)) return { ...value };
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(answers) as T;
}

/**
 * A bootstrap token "<id>.<secret>": the whole token and its secret half are
 * credentials (the secret alone keys the cluster-info signature); the id is
 * public and stays readable so a ticket can still say which token was used.
 */
export function bootstrapTokenSecrets(token: string): string[] {
  const dot = token.indexOf('.');
  return dot > 0 ? [token, token.slice(dot + 1)] : [token];
}

function getPath(root: unknown, dotted: string): unknown {
  let node: unknown = root;
  for (const part of dotted.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
