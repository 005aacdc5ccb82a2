/**
 * WinJoin's own error codes. Handlers, the CLI, the journal and the
 * known-problems catalogue use these strings; the UI shows errors.<code> from
 * the i18n catalogue, never a raw message or stack trace.
 */
export const ERROR_CODES = [
  'E_INVALID_ANSWERS',
  'E_INVALID_REQUEST',
  'E_IPC_SENDER',
  'E_STEP_FAILED',
  'E_STEP_TIMEOUT',
  'E_CANCELLED',
  'E_SCRIPT_ERROR',
  'E_SCRIPT_NOT_FOUND',
  'E_POWERSHELL_MISSING',
  'E_JOIN_IN_PROGRESS',
  'E_NO_JOIN',
  'E_STATE_CORRUPT',
  'E_DIR_NOT_OWNED',
  'E_ANSWERS_CHANGED',
  'E_SECRET_UNAVAILABLE',
  'E_DOWNLOAD_HTTP',
  'E_DOWNLOAD_CHECKSUM',
  'E_DOWNLOAD_NETWORK',
  'E_PROXY_AUTH',
  'E_ARCHIVE_UNSAFE',
  'E_KUBECONFIG_READ',
  'E_KUBECONFIG_PARSE',
  'E_CLUSTER_UNREACHABLE',
  'E_JOIN_CLUSTER_INFO',
  'E_JOIN_TOKEN_UNKNOWN',
  'E_JOIN_TOKEN_SIGNATURE',
  'E_JOIN_CA_PIN',
  'E_CLUSTER_NOT_READY',
  /** docker-sdn: the cluster denied the node's certificate request or issued no certificate (params: csr, user, reason). */
  'E_NODE_CSR_NOT_ISSUED',
  /** `winjoin reset` in an unattended run without --yes: nothing was changed. */
  'E_RESET_NOT_CONFIRMED',
  /** The saved join was a rehearsal and the reset is not (or the other way round): reset it the way it ran. */
  'E_RESET_MODE_MISMATCH',
  /** A scheduled restart's time is not ahead or too far ahead (params: field, problem, maxDays). */
  'E_RESTART_TIME',
  /** shutdown.exe refused to schedule or cancel the restart (params: exitCode). */
  'E_RESTART_SCHEDULE',
  'E_INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error that crosses a boundary (IPC, CLI, journal): a stable code plus safe details. */
export interface WinJoinErrorShape {
  code: ErrorCode;
  /** English detail for logs; already free of secrets. The UI shows errors.<code> instead. */
  message: string;
  /** Values the i18n message interpolates (field names, file names, digests). */
  params?: Record<string, string>;
}

export class WinJoinError extends Error implements WinJoinErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'WinJoinError';
  }

  toShape(): WinJoinErrorShape {
    return { code: this.code, message: this.message, params: this.params };
  }
}

export function toErrorShape(error: unknown): WinJoinErrorShape {
  if (error instanceof WinJoinError) return error.toShape();
  // Unknown errors keep only their message: stack traces never cross a boundary.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'E_INTERNAL', message };
}
