/** How the Review page shows a plan: one row per step, its script and parameters as readable text. */
import type { ImageSpec, Plan } from '../../../shared/plan.js';

export interface PlanRow {
  id: string;
  titleKey: string;
  script: string;
  paramsText: string;
  /** The step as one PowerShell line a support engineer can paste (secrets already masked). */
  powershell: string;
  needs: string[];
  downloads: string[];
  /** Container images the step pulls; a tag the node chooses is absent (the page says so in the user's language). */
  images: Pick<ImageSpec, 'repository' | 'tag' | 'digest'>[];
  changesMachine: boolean;
}

export function planRows(plan: Plan): PlanRow[] {
  return plan.steps.map((step) => ({
    id: step.id,
    titleKey: step.titleKey,
    script: step.script,
    // Secrets are already masked by plan:preview; this is the exact JSON the script receives.
    paramsText: JSON.stringify(step.params, null, 2),
    powershell: powershellLine(step.script, step.params, step.downloads.length > 0),
    needs: step.needs,
    downloads: step.downloads.map((d) => d.url),
    images: (step.images ?? []).map(({ repository, tag, digest }) => ({ repository, tag, digest })),
    changesMachine: step.changesMachine,
  }));
}

/** A PowerShell literal: single quotes (nothing expands inside), '' for a quote; arrays and hashtables spelled out. */
function psValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (value === null || value === undefined) return '$null';
  if (Array.isArray(value)) return `@(${value.map(psValue).join(', ')})`;
  return `@{ ${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} = ${psValue(v)}`)
    .join('; ')} }`;
}

/**
 * How the step host calls the script, as a line to paste into an elevated PowerShell in
 * electron/powershell (parameters bind case-insensitively, so -InstallDir is installDir).
 */
export function powershellLine(script: string, params: Record<string, unknown>, hasDownloads: boolean): string {
  const args = Object.entries(params).map(([name, value]) => {
    const flag = `-${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    return typeof value === 'boolean' ? `${flag}:${psValue(value)}` : `${flag} ${psValue(value)}`;
  });
  // WinJoin fetches and verifies downloads first and passes their local paths; by hand, give them the same way.
  if (hasDownloads) args.push('-Downloads @{ <name> = <verified local file> }');
  // A recipe's scripts sit in a folder of their own (containerd-kubeadm/...): the line is pasted on Windows.
  const windowsPath = script.replace(/\//g, '\\').replace(/'/g, "''");
  return [`& '.\\steps\\${windowsPath}'`, ...args].join(' ');
}

/** Which page fixes a field ("network.masterIp" -> network), for the links next to errors. */
export function pageForField(field: string): 'proxy' | 'cluster' | 'network' | null {
  const section = field.split('.')[0];
  return section === 'proxy' || section === 'cluster' || section === 'network' ? section : null;
}
