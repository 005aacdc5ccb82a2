/**
 * The values a known problem's cause and fix name (the file, the builds, the
 * node), taken from what the failed attempt left: the error's parameters, its
 * checks' detail parameters, a few of the step's planned parameters, and
 * named groups of the evidence patterns below run over its output. Pure, so
 * the failure card and the bundle word a problem with the same real values.
 */
import { KNOWN_PROBLEMS } from './catalogue.js';

/** containerd's failed pull: the image as it resolved it and the registry host it asked (quotes escaped or not). */
const CONTAINERD_PULL =
  /failed to pull and unpack image \\*"(?<image>[^"\\]+)\\*": failed to resolve reference \\*"[^"\\]+\\*": failed to do request: Head \\*"https:\/\/(?<registry>[^/"\\]+)\//i;

/** Per known problem: output patterns whose named groups are values its texts use. */
const EVIDENCE: Record<string, readonly RegExp[]> = {
  'KP-T8-IMAGE-OS-MISMATCH': [
    /Windows version 10\.0\.(?<imageBuild>\d+)-based image is incompatible with a 10\.0\.(?<hostBuild>\d+) host/i,
  ],
  'KP-M16-CONTAINERD-NO-PROXY': [CONTAINERD_PULL],
  'KP-M16-PROXY-DENIES-REGISTRY': [CONTAINERD_PULL],
  'KP-T14-POD-CIDR-WAIT': [
    /node (?<node>[a-z0-9][a-z0-9.-]*) (?:did not become Ready|not Ready)/i,
    /Waiting for node (?<node>[a-z0-9][a-z0-9.-]*) to be Ready/i,
  ],
};

/** Planned parameters a known problem may name; never the proxy or anything secret. */
const PLAN_VALUES = ['nodeName', 'clusterCidr', 'masterIp', 'installDir', 'baseImageTag', 'serviceCidr'] as const;

/** The container base image tag Microsoft publishes for a Windows Server build (the guide's 1709 for 16299). */
const TAG_FOR_BUILD: Record<string, string> = { '14393': 'ltsc2016', '16299': '1709', '17134': '1803', '17763': '1809' };

export interface EvidenceInput {
  lines: readonly string[];
  errorParams?: Record<string, string> | undefined;
  checkParams?: readonly Record<string, string>[];
  stepParams?: Record<string, unknown> | undefined;
}

export function knownProblemEvidence(code: string, input: EvidenceInput): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of PLAN_VALUES) {
    const v = input.stepParams?.[name];
    if (typeof v === 'string' && v !== '') values[name === 'nodeName' ? 'node' : name] = v;
  }
  for (const params of input.checkParams ?? []) Object.assign(values, params);
  Object.assign(values, input.errorParams ?? {});
  for (const pattern of EVIDENCE[code] ?? [])
    for (const line of input.lines) {
      const groups = pattern.exec(line)?.groups;
      if (groups) {
        Object.assign(values, groups);
        break;
      }
    }
  const tag = values.hostBuild ? TAG_FOR_BUILD[values.hostBuild] : undefined;
  if (tag) values.hostTag = tag;
  return values;
}

const priorities = new Map(KNOWN_PROBLEMS.map((kp) => [kp.code, kp.priority ?? 0]));

/**
 * The matches worth showing: a catch-all (negative priority: "the script
 * reported an error") only when nothing specific matched.
 */
export function specificKnownProblems(codes: readonly string[]): string[] {
  const specific = codes.filter((c) => (priorities.get(c) ?? 0) >= 0);
  return specific.length > 0 ? specific : [...codes];
}
