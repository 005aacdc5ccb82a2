/**
 * Known problems raised by WinJoin itself: one per error code a user can
 * cause or fix (shared/errors.ts), plus the restart a Docker install asks for.
 * Left out, because no user action causes or fixes them: E_INVALID_REQUEST and
 * E_IPC_SENDER (internal protocol guards), E_STEP_FAILED (the generic wrapper a
 * §7 row explains better) and E_CANCELLED (the user's own choice).
 * Generic codes rank below every §7 row (negative priority), so "the step timed
 * out" never hides "the pod CIDR never came".
 */
import type { KnownProblem } from './schema.js';

const r = String.raw;

export const WINJOIN_KNOWN_PROBLEMS: KnownProblem[] = [
  {
    code: 'KP-WJ-DOWNLOAD-CHECKSUM',
    source: 'WinJoin',
    priority: 5,
    matchers: [{ errorCodes: ['E_DOWNLOAD_CHECKSUM'] }],
  },
  {
    code: 'KP-WJ-PROXY-AUTH',
    source: 'WinJoin',
    priority: 5,
    matchers: [{ errorCodes: ['E_PROXY_AUTH'] }, { pattern: r`\b407 Proxy Authentication Required\b` }],
  },
  { code: 'KP-WJ-DOWNLOAD-HTTP', source: 'WinJoin', matchers: [{ errorCodes: ['E_DOWNLOAD_HTTP'] }] },
  { code: 'KP-WJ-DOWNLOAD-NETWORK', source: 'WinJoin', matchers: [{ errorCodes: ['E_DOWNLOAD_NETWORK'] }] },
  { code: 'KP-WJ-ARCHIVE-UNSAFE', source: 'WinJoin', priority: 5, matchers: [{ errorCodes: ['E_ARCHIVE_UNSAFE'] }] },
  { code: 'KP-WJ-KUBECONFIG-READ', source: 'WinJoin', matchers: [{ errorCodes: ['E_KUBECONFIG_READ'] }] },
  { code: 'KP-WJ-KUBECONFIG-PARSE', source: 'WinJoin', matchers: [{ errorCodes: ['E_KUBECONFIG_PARSE'] }] },
  { code: 'KP-WJ-DIR-NOT-OWNED', source: 'WinJoin', matchers: [{ errorCodes: ['E_DIR_NOT_OWNED'] }] },
  { code: 'KP-WJ-CLUSTER-UNREACHABLE', source: 'WinJoin', priority: -1, matchers: [{ errorCodes: ['E_CLUSTER_UNREACHABLE'] }] },
  {
    code: 'KP-WJ-RESTART-PENDING',
    source: 'WinJoin, DockerMsftProvider',
    matchers: [
      { pattern: r`A restart is required to enable the containers feature` },
      // 3010 is the Windows "restart required" code; POSIX truncates it to 194.
      { exitCodes: [3010, 194] },
    ],
  },
  { code: 'KP-WJ-INVALID-ANSWERS', source: 'WinJoin', matchers: [{ errorCodes: ['E_INVALID_ANSWERS'] }] },
  { code: 'KP-WJ-ANSWERS-CHANGED', source: 'WinJoin', matchers: [{ errorCodes: ['E_ANSWERS_CHANGED'] }] },
  { code: 'KP-WJ-SECRET-UNAVAILABLE', source: 'WinJoin', matchers: [{ errorCodes: ['E_SECRET_UNAVAILABLE'] }] },
  { code: 'KP-WJ-JOIN-IN-PROGRESS', source: 'WinJoin', matchers: [{ errorCodes: ['E_JOIN_IN_PROGRESS'] }] },
  { code: 'KP-WJ-NO-JOIN', source: 'WinJoin', matchers: [{ errorCodes: ['E_NO_JOIN'] }] },
  { code: 'KP-WJ-RESET-NOT-CONFIRMED', source: 'WinJoin', matchers: [{ errorCodes: ['E_RESET_NOT_CONFIRMED'] }] },
  { code: 'KP-WJ-RESET-MODE-MISMATCH', source: 'WinJoin', matchers: [{ errorCodes: ['E_RESET_MODE_MISMATCH'] }] },
  { code: 'KP-WJ-STATE-CORRUPT', source: 'WinJoin', matchers: [{ errorCodes: ['E_STATE_CORRUPT'] }] },
  { code: 'KP-WJ-POWERSHELL-MISSING', source: 'WinJoin', matchers: [{ errorCodes: ['E_POWERSHELL_MISSING'] }] },
  { code: 'KP-WJ-SCRIPT-MISSING', source: 'WinJoin', matchers: [{ errorCodes: ['E_SCRIPT_NOT_FOUND'] }] },
  { code: 'KP-WJ-STEP-TIMEOUT', source: 'WinJoin', priority: -5, matchers: [{ errorCodes: ['E_STEP_TIMEOUT'] }] },
  { code: 'KP-WJ-SCRIPT-ERROR', source: 'WinJoin', priority: -5, matchers: [{ errorCodes: ['E_SCRIPT_ERROR'] }] },
  { code: 'KP-WJ-INTERNAL', source: 'WinJoin', priority: -5, matchers: [{ errorCodes: ['E_INTERNAL'] }] },
];
