/**
 * What a kubeconfig holds that kubelet and kube-proxy on a Windows node
 * cannot use, as stable codes the UI and the CLI word from
 * kubeconfig.findings.<code>. Errors make it unusable; warnings let it work.
 */
export const FINDING_CODES = [
  'KC_NO_CONTEXT',
  'KC_CONTEXT_NOT_FOUND',
  'KC_CLUSTER_NOT_FOUND',
  'KC_USER_NOT_FOUND',
  'KC_NO_SERVER',
  'KC_LOCALHOST_SERVER',
  'KC_HTTP_SERVER',
  'KC_INSECURE_SKIP_TLS',
  'KC_NO_CA',
  'KC_EXEC_PLUGIN',
  'KC_AUTH_PROVIDER',
  'KC_NO_CREDENTIALS',
  'KC_INCOMPLETE_CLIENT_CERT',
  'KC_BASIC_AUTH',
  'KC_CERT_EXPIRED',
  'KC_MISSING_FILE',
  'KC_FILE_NOT_ALLOWED',
  'KC_BAD_DATA',
  'KC_MULTIPLE_CONTEXTS',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  params: Record<string, string>;
  /** 1-based line in the kubeconfig. */
  line?: number;
}
