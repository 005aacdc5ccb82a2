/**
 * The secrets a reset can have without asking: an undo step never needs one
 * (each removes what its own record says; the plan's markers reach it as
 * markers), but WinJoin's own calls to the cluster (the samples' undo, the
 * node's drain and deletion) travel through the join's proxy, whose URL may
 * hold a password. What its saved source still gives is used and masked;
 * what it cannot give (a password typed in the wizard, a token the gate
 * created) is left out, and the cluster is then reached without the proxy.
 */
import type { DownloadSettings } from '../../shared/plan.js';
import type { SecretField } from '../../shared/secret-refs.js';
import type { JoinState } from '../../shared/state.js';
import { revealer, type SecretValues } from './sealed-plan.js';
import { resolveSealedSecrets } from './secret-sources.js';

/** Each sealed secret read again from its source, one by one; those that cannot be read are left out. */
export function readableSecrets(join: JoinState): Map<SecretField, string> {
  const values = new Map<SecretField, string>();
  for (const sealed of join.secrets) {
    if ('entered' in sealed.source || 'createdToken' in sealed.source) continue;
    try {
      for (const [field, value] of resolveSealedSecrets([sealed])) values.set(field, value);
    } catch {
      // Its source is gone: the proxy is left out below, and the reset says so.
    }
  }
  return values;
}

/** The download settings with their markers filled in, or without the proxy when a marker has no value. */
export function revealedOrDirect(settings: DownloadSettings, values: SecretValues): { settings: DownloadSettings; proxyDropped: boolean } {
  try {
    return { settings: revealer(values).downloadSettings(settings), proxyDropped: false };
  } catch {
    return { settings: { ...settings, proxy: null }, proxyDropped: true };
  }
}
