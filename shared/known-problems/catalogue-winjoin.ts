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
    fixIn: { page: 'network', field: 'downloads.offlineSource', label: 'pages.network.advanced.offlineSource.label' },
    source: 'WinJoin',
    priority: 5,
    matchers: [{ errorCodes: ['E_DOWNLOAD_CHECKSUM'] }],
  },
  {
    code: 'KP-WJ-PROXY-AUTH',
    fixIn: { page: 'proxy', field: 'proxy.http', label: 'pages.proxy.username' },
    source: 'WinJoin',
    priority: 5,
    matchers: [
      { errorCodes: ['E_PROXY_AUTH'] },
      { pattern: r`\b407 Proxy Authentication Required\b` },
      // containerd through a proxy that wants credentials: Go's net/http gives the CONNECT status text alone (no 407).
      { pattern: r`failed to do request: Head \\*"https://[^"\\]+\\*": Proxy Authentication Required\b` },
    ],
  },
  {
    code: 'KP-WJ-DOWNLOAD-HTTP',
    fixIn: { page: 'network', field: 'kubernetesVersion', label: 'pages.network.advanced.kubernetesVersion.label' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_DOWNLOAD_HTTP'] }],
  },
  {
    code: 'KP-WJ-DOWNLOAD-NETWORK',
    fixIn: { page: 'proxy', field: 'proxy.http', label: 'pages.proxy.http' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_DOWNLOAD_NETWORK'] }],
  },
  {
    code: 'KP-WJ-ARCHIVE-UNSAFE',
    fixIn: { page: 'network', field: 'downloads.offlineSource', label: 'pages.network.advanced.offlineSource.label' },
    source: 'WinJoin',
    priority: 5,
    matchers: [{ errorCodes: ['E_ARCHIVE_UNSAFE'] }],
  },
  {
    code: 'KP-WJ-KUBECONFIG-READ',
    fixIn: { page: 'cluster', field: 'cluster.kubeconfigPath', label: 'pages.cluster.choose' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_KUBECONFIG_READ'] }],
  },
  {
    code: 'KP-WJ-KUBECONFIG-PARSE',
    fixIn: { page: 'cluster', field: 'cluster.context', label: 'pages.cluster.context' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_KUBECONFIG_PARSE'] }],
  },
  {
    code: 'KP-WJ-DIR-NOT-OWNED',
    fixIn: { page: 'network', field: 'installDir', label: 'pages.network.advanced.installDir.label' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_DIR_NOT_OWNED'] }],
  },
  {
    code: 'KP-WJ-CLUSTER-UNREACHABLE',
    fixIn: { page: 'cluster', label: 'pages.cluster.probe.test' },
    source: 'WinJoin',
    priority: -1,
    matchers: [{ errorCodes: ['E_CLUSTER_UNREACHABLE'] }],
  },
  {
    code: 'KP-WJ-RESTART-PENDING',
    fixIn: { page: 'join', label: 'pages.join.restart.now' },
    source: 'WinJoin, DockerMsftProvider',
    matchers: [
      { pattern: r`A restart is required to enable the containers feature` },
      // 3010 is the Windows "restart required" code; POSIX truncates it to 194.
      { exitCodes: [3010, 194] },
    ],
  },
  {
    code: 'KP-WJ-NODE-CSR',
    machineCommand: 'kubectl get csr',
    source: 'WinJoin, Kubernetes certificates.k8s.io',
    matchers: [{ errorCodes: ['E_NODE_CSR_NOT_ISSUED'] }],
  },
  {
    code: 'KP-WJ-RESTART-REFUSED',
    fixIn: { page: 'join', label: 'pages.join.restart.scheduleChoice' },
    source: 'WinJoin, shutdown.exe',
    matchers: [{ errorCodes: ['E_RESTART_SCHEDULE'] }],
  },
  {
    code: 'KP-WJ-INVALID-ANSWERS',
    machineCommand: 'winjoin plan --answers FILE',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_INVALID_ANSWERS'] }],
  },
  {
    code: 'KP-WJ-ANSWERS-CHANGED',
    fixIn: { page: 'review', label: 'pages.review.start' },
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_ANSWERS_CHANGED'] }],
  },
  {
    code: 'KP-WJ-SECRET-UNAVAILABLE',
    machineCommand: 'winjoin join --resume --answers FILE',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_SECRET_UNAVAILABLE'] }],
  },
  {
    code: 'KP-WJ-JOIN-IN-PROGRESS',
    machineCommand: 'winjoin state',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_JOIN_IN_PROGRESS'] }],
  },
  { code: 'KP-WJ-NO-JOIN', machineCommand: 'winjoin state --state-dir DIR', source: 'WinJoin', matchers: [{ errorCodes: ['E_NO_JOIN'] }] },
  {
    code: 'KP-WJ-RESET-NOT-CONFIRMED',
    machineCommand: 'winjoin reset --yes',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_RESET_NOT_CONFIRMED'] }],
  },
  {
    code: 'KP-WJ-RESET-MODE-MISMATCH',
    machineCommand: 'winjoin reset',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_RESET_MODE_MISMATCH'] }],
  },
  {
    code: 'KP-WJ-STATE-CORRUPT',
    machineCommand: 'winjoin bundle --out FILE.zip',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_STATE_CORRUPT'] }],
  },
  {
    code: 'KP-WJ-POWERSHELL-MISSING',
    machineCommand: r`dir C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_POWERSHELL_MISSING'] }],
  },
  {
    code: 'KP-WJ-SCRIPT-MISSING',
    machineCommand: 'Add-MpPreference -ExclusionPath <WinJoin folder>',
    source: 'WinJoin',
    matchers: [{ errorCodes: ['E_SCRIPT_NOT_FOUND'] }],
  },
  {
    code: 'KP-WJ-STEP-TIMEOUT',
    machineCommand: 'winjoin bundle --out FILE.zip',
    source: 'WinJoin',
    priority: -5,
    matchers: [{ errorCodes: ['E_STEP_TIMEOUT'] }],
  },
  {
    code: 'KP-WJ-SCRIPT-ERROR',
    machineCommand: 'winjoin bundle --out FILE.zip',
    source: 'WinJoin',
    priority: -5,
    matchers: [{ errorCodes: ['E_SCRIPT_ERROR'] }],
  },
  {
    code: 'KP-WJ-INTERNAL',
    machineCommand: 'winjoin bundle --out FILE.zip',
    source: 'WinJoin',
    priority: -5,
    matchers: [{ errorCodes: ['E_INTERNAL'] }],
  },
];
