/**
 * The plan as state.json keeps it: every secret value the answers put into a
 * step parameter or the download settings (a proxy URL with its password, a
 * join token, anything read from a { fromFile } / { fromEnv } reference) is
 * replaced by a marker naming its answer field, `[[winjoin-secret:proxy.http]]`.
 * The engine reveals a step's values only for the executor call, so neither
 * the file, nor a state snapshot sent to a window, nor `winjoin state` holds
 * them. Resume fills the markers from the values it resolved again.
 */
import { WinJoinError } from '../../shared/errors.js';
import type { DownloadSettings, Plan, PlannedStep } from '../../shared/plan.js';
import type { SecretField } from '../../shared/secret-refs.js';

/** A field's value as the plan was built from it. */
export type SecretValues = ReadonlyMap<SecretField, string>;

const MARKER = /\[\[winjoin-secret:([a-z.]+)\]\]/g;

export function secretMarker(field: SecretField): string {
  return `[[winjoin-secret:${field}]]`;
}

function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, change));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, change)]));
  return value;
}

/** The plan with each value replaced by its field's marker, the longest value first so no value is cut by a shorter one it contains. */
export function sealPlan(plan: Plan, values: SecretValues): Plan {
  const entries = [...values].filter(([, v]) => v.length > 0).sort(([, a], [, b]) => b.length - a.length);
  if (!entries.length) return plan;
  const seal = (text: string) => entries.reduce((out, [field, value]) => out.split(value).join(secretMarker(field)), text);
  return {
    ...plan,
    downloadSettings: mapStrings(plan.downloadSettings, seal) as DownloadSettings,
    steps: plan.steps.map((step) => mapStrings(step, seal) as PlannedStep),
  };
}

/** The fields a sealed plan's markers name: what a resume has to resolve again. */
export function markedFields(plan: Plan): Set<string> {
  const found = new Set<string>();
  mapStrings({ downloadSettings: plan.downloadSettings, steps: plan.steps }, (text) => {
    for (const match of text.matchAll(MARKER)) found.add(match[1]!);
    return text;
  });
  return found;
}

/** What the executor gets: a step and the download settings with their markers filled in. */
export function revealer(values: SecretValues) {
  const reveal = (text: string) =>
    text.replace(MARKER, (_, field: string) => {
      const value = values.get(field as SecretField);
      // The engine resolves every marked field before a run starts; a marker left over is a bug, never sent to a script.
      if (value === undefined) throw new WinJoinError('E_INTERNAL', `no value for the plan's secret ${field}`, { field });
      return value;
    });
  return {
    step: (step: PlannedStep) => mapStrings(step, reveal) as PlannedStep,
    downloadSettings: (settings: DownloadSettings) => mapStrings(settings, reveal) as DownloadSettings,
  };
}
