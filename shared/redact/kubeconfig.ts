/**
 * Kubeconfig redaction. The file itself is useful in a bundle (server URL,
 * CA, context names, which auth method), its credentials are not: a user's
 * client-key-data, token, password, auth-provider config and exec env/args.
 * client-certificate-data is public and kept. The same walk collects the
 * secret values, so they are also removed wherever a log repeats them.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { MASK } from './patterns.js';
import { redactText } from './line-redactor.js';
import { yamlDepthProblem } from '../yaml-depth.js';

const USER_SECRET_KEYS = new Set(['client-key-data', 'token', 'password']);
/** Exec arguments shorter than this are flags and words, not credentials. */
const MIN_EXEC_ARG_SECRET = 16;

type Visit = (value: string, replace: (masked: string) => void, kind: 'credential' | 'exec-arg') => void;

function walkUserSecrets(doc: Document, visit: Visit): void {
  const users = doc.get('users');
  if (!isSeq(users)) return;
  for (const item of users.items) {
    if (!isMap(item)) continue;
    const user = item.get('user');
    if (!isMap(user)) continue;
    for (const pair of user.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (USER_SECRET_KEYS.has(key) && isScalar(pair.value) && pair.value.value != null) {
        const node = pair.value;
        visit(String(node.value), (m) => (node.value = m), 'credential');
      }
      if (key === 'auth-provider' && isMap(pair.value)) {
        const config = pair.value.get('config');
        if (isMap(config)) {
          for (const c of config.items) {
            if (isScalar(c.value) && c.value.value != null) {
              const node = c.value;
              visit(String(node.value), (m) => (node.value = m), 'credential');
            }
          }
        }
      }
      if (key === 'exec' && isMap(pair.value)) {
        const env = pair.value.get('env');
        if (isSeq(env)) {
          for (const e of env.items) {
            const node = isMap(e) ? e.get('value', true) : undefined;
            if (isScalar(node) && node.value != null) visit(String(node.value), (m) => (node.value = m), 'credential');
          }
        }
        const args = pair.value.get('args');
        if (isSeq(args)) {
          for (const a of args.items) if (isScalar(a) && a.value != null) visit(String(a.value), (m) => (a.value = m), 'exec-arg');
        }
      }
    }
  }
}

/** The kubeconfig with every credential masked; unparseable text falls back to line rules. */
export function redactKubeconfigYaml(text: string): string {
  // Text nested deeper than any kubeconfig is not given to the parser (yaml-depth.ts): line rules only.
  if (yamlDepthProblem(text)) return redactText(text);
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) return redactText(text);
  walkUserSecrets(doc, (_value, replace) => replace(MASK));
  // Shape rules as well: credentials in a proxy-url, or keys in places the walk does not know.
  return redactText(doc.toString({ lineWidth: 0 }));
}

/** The secret values of a kubeconfig, to be removed wherever they appear verbatim. */
export function kubeconfigSecrets(text: string): string[] {
  if (yamlDepthProblem(text)) return [];
  const doc = parseDocument(text);
  if (doc.errors.length) return [];
  const out: string[] = [];
  walkUserSecrets(doc, (value, _replace, kind) => {
    // Exec args are mostly flags and words ("--region", "token"); only long ones can be credentials.
    if (kind === 'credential' || value.length >= MIN_EXEC_ARG_SECRET) out.push(value);
  });
  return out;
}
