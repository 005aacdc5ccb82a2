/**
 * Reads the `kubeadm join …` line an admin copies from the control plane
 * (`kubeadm token create --print-join-command`) into the three answers it
 * carries: the API server endpoint, the bootstrap token and the CA pin. The
 * parts are then validated by the answers' own schema, so the wizard and the
 * answer file say the same thing about a wrong token or hash.
 *
 * Errors never quote the token: the line holds a credential.
 */
import { JoinSchema } from './answers.js';
import { toFieldErrors, type FieldError } from './validation/issues.js';

export interface ParsedJoinCommand {
  apiServerEndpoint: string;
  token: string;
  caCertHash: string;
  /** Flags WinJoin sets itself or has no use for on Windows (e.g. --cri-socket), named so the page can say so. */
  ignoredFlags: string[];
}

export type JoinCommandResult = { ok: true; value: ParsedJoinCommand } | { ok: false; errors: FieldError[] };

/** The field the pasted line is entered in; its errors name it. */
export const JOIN_COMMAND_FIELD = 'join.command';

/** Flags that take a value, so the value is not mistaken for the endpoint. */
const VALUE_FLAGS = new Set([
  'token',
  'discovery-token',
  'tls-bootstrap-token',
  'discovery-token-ca-cert-hash',
  'discovery-file',
  'certificate-key',
  'cri-socket',
  'node-name',
  'config',
  'apiserver-advertise-address',
  'apiserver-bind-port',
  'ignore-preflight-errors',
  'skip-phases',
  'patches',
  'v',
]);

/** Splits like a shell would for this one command: quotes, backslash-newline continuations, `--flag=value`. */
function words(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ').replace(/`\r?\n/g, ' ');
  const out: string[] = [];
  const pattern = /(?:'[^']*'|"[^"]*"|[^\s'"]+)+/g;
  for (let m = pattern.exec(joined); m; m = pattern.exec(joined)) out.push(m[0].replace(/'([^']*)'|"([^"]*)"/g, '$1$2'));
  return out;
}

function commandError(key: string, params: Record<string, string> = {}): JoinCommandResult {
  return {
    ok: false,
    errors: [{ field: JOIN_COMMAND_FIELD, key: `validation.joinCommand.${key}`, params: { field: JOIN_COMMAND_FIELD, ...params } }],
  };
}

export function parseJoinCommand(text: string): JoinCommandResult {
  const all = words(text.trim());
  if (all.length === 0) return commandError('empty');
  let i = 0;
  while (i < all.length && /^(sudo|\$|#|PS>?)$/.test(all[i]!)) i++;
  if (!/(^|[\\/])kubeadm(\.exe)?$/i.test(all[i] ?? '') || all[i + 1] !== 'join') return commandError('notJoin');

  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let j = i + 2; j < all.length; j++) {
    const word = all[j]!;
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    let value = eq === -1 ? '' : word.slice(eq + 1);
    if (eq === -1 && VALUE_FLAGS.has(name) && j + 1 < all.length) value = all[++j]!;
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }

  // The control plane's own join line carries the certificate key, a secret that must not travel further.
  if (flags.has('control-plane') || flags.has('certificate-key')) return commandError('controlPlane');
  if (flags.has('discovery-token-unsafe-skip-ca-verification')) return commandError('unsafeSkip');
  if (flags.has('discovery-file')) return commandError('discoveryFile');

  const token = flags.get('discovery-token')?.[0] ?? flags.get('token')?.[0] ?? null;
  const tlsToken = flags.get('tls-bootstrap-token')?.[0] ?? flags.get('token')?.[0] ?? token;
  // kubeadm allows two tokens; the node uses one for both, as every printed join command does.
  if (token && tlsToken && tlsToken !== token) return commandError('twoTokens');
  const missing = [
    !positional[0] && 'endpoint',
    !token && '--token',
    !flags.get('discovery-token-ca-cert-hash')?.[0] && '--discovery-token-ca-cert-hash',
  ].filter((m): m is string => Boolean(m));
  if (missing.length) return commandError('missing', { parts: missing.join(', ') });
  if (positional.length > 1) return commandError('extraWords', { words: positional.slice(1).join(' ') });

  const parts = { apiServerEndpoint: positional[0]!, token: token!, caCertHash: flags.get('discovery-token-ca-cert-hash')![0]! };
  const checked = JoinSchema.safeParse(parts);
  if (!checked.success) {
    return {
      ok: false,
      errors: toFieldErrors(checked.error).map((e) => {
        const field = `join.${e.field}`;
        const value = e.field === 'token' ? '***' : (parts[e.field as keyof typeof parts] ?? '').slice(0, 120);
        return { field, key: e.key, params: { ...e.params, field, value } };
      }),
    };
  }
  const ignoredFlags = [...flags.keys()].filter(
    (name) => !['token', 'discovery-token', 'tls-bootstrap-token', 'discovery-token-ca-cert-hash'].includes(name),
  );
  return { ok: true, value: { ...parts, ignoredFlags } };
}
