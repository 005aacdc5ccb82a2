/**
 * Where a rehearsal keeps its simulated world inside the state dir, and the
 * one mapping from Windows paths to that world. Step scripts are real
 * PowerShell and write with .NET file I/O, which no simulated cmdlet can
 * intercept, so every Windows path a step receives must already point into
 * the rehearsal dir: C:\k -> <stateDir>/rehearsal/machine/C/k.
 */
import path from 'node:path';

export interface RehearsalLayout {
  /** <stateDir>/rehearsal: everything simulated lives here. */
  root: string;
  /** The simulated machine's drives: <root>/machine/<drive letter>/... */
  machineRoot: string;
  /** Simulated Windows host state (features, services, env, HNS, ...), written by the PowerShell module. */
  machineState: string;
  /** Simulated cluster objects, written only by the cluster server. */
  clusterState: string;
  /** Which scenario this rehearsal dir was created with; a resume reuses it. */
  scenarioFile: string;
  /** Simulated address -> loopback listener, rewritten on every start (ports change). */
  networkMap: string;
  /** CA, server and client certificates of the simulated API server. */
  pkiDir: string;
  /** Built stand-in downloads served by the origin. */
  originDir: string;
  /** Kubeconfig naming the simulated master address: what the Windows node is given. */
  kubeconfig: string;
  /** Kubeconfig naming the loopback listener: for Node-side API clients only. */
  loopbackKubeconfig: string;
  /** Time scale for Start-Sleep and stand-in loops (1 = real time). */
  clockFile: string;
  /** Loopback ports of the origin and proxy, reused when the rehearsal starts again (a saved plan names them). */
  portsFile: string;
}

export function rehearsalLayout(stateDir: string): RehearsalLayout {
  const root = path.join(path.resolve(stateDir), 'rehearsal');
  return {
    root,
    machineRoot: path.join(root, 'machine'),
    machineState: path.join(root, 'machine.json'),
    clusterState: path.join(root, 'cluster.json'),
    scenarioFile: path.join(root, 'scenario.json'),
    networkMap: path.join(root, 'network.json'),
    pkiDir: path.join(root, 'pki'),
    originDir: path.join(root, 'origin'),
    kubeconfig: path.join(root, 'admin.conf'),
    loopbackKubeconfig: path.join(root, 'loopback.kubeconfig'),
    clockFile: path.join(root, 'clock.json'),
    portsFile: path.join(root, 'ports.json'),
  };
}

const WINDOWS_ABSOLUTE = /^([A-Za-z]):[\\/](.*)$/;

/** C:\k\config -> <machineRoot>/C/k/config. Anything that is not an absolute Windows path comes back unchanged. */
export function toRehearsalPath(machineRoot: string, windowsPath: string): string {
  const match = WINDOWS_ABSOLUTE.exec(windowsPath);
  if (!match) return windowsPath;
  const parts = (match[2] ?? '').split(/[\\/]+/).filter((p) => p !== '');
  return path.join(machineRoot, (match[1] ?? 'C').toUpperCase(), ...parts);
}

/** <machineRoot>/C/k/config -> C:\k\config, for showing paths the way the machine would. */
export function toWindowsPath(machineRoot: string, rehearsalPath: string): string {
  const relative = path.relative(machineRoot, rehearsalPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return rehearsalPath;
  const [drive, ...rest] = relative.split(path.sep);
  return `${drive}:\\${rest.join('\\')}`;
}

/**
 * A line a step printed, with every path inside the simulated machine shown
 * as the Windows path it stands for (<machineRoot>/C/k/config -> C:\k\config),
 * so a rehearsal's log reads like the real machine's: support staff train on it.
 */
export function showWindowsPaths(machineRoot: string, text: string): string {
  const root = machineRoot.replace(/[/\\]+$/, '');
  if (!text.includes(root)) return text;
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A folder may hold spaces (Program Files), the last name may not: the text goes on after it.
  const name = `[^/\\s'"\`,;:)\\]]`;
  const segment = `/(?:${name}+(?: ${name}+)*(?=/)|${name}*)`;
  return text.replace(
    new RegExp(`${escaped}/([A-Za-z])((?:${segment})*)`, 'g'),
    (_all, drive: string, rest: string) => `${drive.toUpperCase()}:\\${rest.replace(/^\//, '').replace(/\//g, '\\')}`,
  );
}

/**
 * A planned step's params with every absolute Windows path mapped into the
 * rehearsal dir (installDir, dockerDir, ...). The executor applies this to
 * the params it writes for the step host, and only in a rehearsal.
 */
export function mapStepParams(machineRoot: string, params: Record<string, unknown>): Record<string, unknown> {
  const map = (value: unknown): unknown => {
    if (typeof value === 'string') return toRehearsalPath(machineRoot, value);
    if (Array.isArray(value)) return value.map(map);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v)]));
    return value;
  };
  return map(params) as Record<string, unknown>;
}
