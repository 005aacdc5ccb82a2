/**
 * Whether a known problem's fix can be carried out: its fixIn names a page
 * and answer field the wizard has, and its texts quote the control's label
 * (in each language) or the command verbatim. A fix that points at nothing
 * leaves the user with a Retry that can only fail again (issue 20, point 4).
 * Pure: the test feeds it the renderer's page ids and the i18n catalogues.
 */
import { z } from 'zod';
import { AnswersSchema } from '../answers.js';
import type { KnownProblem } from './schema.js';
import { knownProblemKeys } from './schema.js';

export type Catalogue = Record<string, unknown>;

export interface FixTargetContext {
  pageIds: readonly string[];
  catalogues: Readonly<Record<string, Catalogue>>;
}

/** The string at a dotted i18n key, or undefined. */
export function lookupText(catalogue: Catalogue, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Whether a dotted path (e.g. "downloads.offlineSource") names a field of the answer file. */
export function isAnswerField(path: string): boolean {
  let schema: z.ZodType = AnswersSchema;
  for (const part of path.split('.')) {
    const object = unwrap(schema);
    if (!(object instanceof z.ZodObject)) return false;
    const next = (object.shape as Record<string, z.ZodType | undefined>)[part];
    if (!next) return false;
    schema = next;
  }
  return true;
}

/** Optional, nullable and defaulted fields wrap the schema that says what they hold. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const inner = (current as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
    if (!inner) return current;
    current = inner;
  }
}

/** Every way the entry's fix metadata fails; empty when the user can act on it. */
export function fixTargetProblems(entry: KnownProblem, context: FixTargetContext): string[] {
  const problems: string[] = [];
  const { fixIn, clusterCommand, machineCommand } = entry;
  if (!fixIn && !clusterCommand && !machineCommand) problems.push('no fixIn, clusterCommand or machineCommand');
  if (fixIn && !context.pageIds.includes(fixIn.page)) problems.push(`fixIn.page "${fixIn.page}" is not a wizard page`);
  if (fixIn?.field !== undefined && !isAnswerField(fixIn.field)) problems.push(`fixIn.field "${fixIn.field}" is not an answer field`);
  for (const [lang, catalogue] of Object.entries(context.catalogues)) {
    const fix = lookupText(catalogue, knownProblemKeys(entry.code).fix);
    if (fix === undefined) {
      problems.push(`${lang}: no fix text`);
      continue;
    }
    if (fixIn) {
      const label = lookupText(catalogue, fixIn.label);
      if (label === undefined) problems.push(`${lang}: fixIn.label "${fixIn.label}" is not an i18n text`);
      else if (!fix.includes(label)) problems.push(`${lang}: the fix does not name the control "${label}"`);
    }
    for (const command of [clusterCommand, machineCommand]) {
      if (command !== undefined && !fix.includes(command)) problems.push(`${lang}: the fix does not quote the command "${command}"`);
    }
  }
  return problems;
}
