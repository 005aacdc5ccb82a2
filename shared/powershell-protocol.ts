/**
 * The structured-event protocol between step scripts (WinJoin.psm1) and the
 * Node runner: one stdout line, the reserved prefix "##winjoin " then JSON.
 * Defined here once so the runner, the executor and any tests speak the same
 * vocabulary. Everything else a script prints is transcript.
 */
import { z } from 'zod';

export const SCRIPT_EVENT_PREFIX = '##winjoin ';

/**
 * The runner draws a nonce for each step run and hands it to the step host in
 * this variable; the step host takes it out of its environment at once, so no
 * tool it starts inherits it. Events then carry "##winjoin:<nonce> ", and a
 * "##winjoin " line that a tool's echoed output smuggles in stays transcript.
 */
export const SCRIPT_EVENT_NONCE_ENV = 'WINJOIN_EVENT_NONCE';

/** The event prefix of one run: with its nonce, or the bare prefix when none was given (Pester, a script run by hand). */
export function scriptEventPrefix(nonce?: string): string {
  return nonce ? `##winjoin:${nonce} ` : SCRIPT_EVENT_PREFIX;
}

// ConvertTo-Json writes $null for unset values and omits nothing, so the
// optional fields also accept null; unknown fields are dropped, so a newer
// script can add fields without breaking an older runner.
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const ProgressEventSchema = z.object({
  type: z.literal('progress'),
  percent: z.number().nullable().optional(),
  message: optionalText,
});

export const CheckEventSchema = z.object({
  type: z.literal('check'),
  id: z.string().min(1),
  status: z.enum(['pass', 'warn', 'fail']),
  detail: optionalText,
  fixKey: z.string().nullish(),
  /** checkDetails.<id>.<variant>: the detail in the reader's language; `detail` stays the English record for logs. */
  detailKey: z.string().nullish(),
  // ConvertTo-Json on PowerShell 5.1 writes an empty hashtable as []; values are strings or numbers.
  detailParams: z
    .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), z.array(z.never())])
    .nullish()
    .transform((v) => (v && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined)),
});

export const ResultEventSchema = z.object({
  type: z.literal('result'),
  changed: z.boolean().default(false),
  restartRequired: z.boolean().default(false),
  // An empty PowerShell hashtable can serialise as [] on Windows PowerShell 5.1.
  facts: z
    .union([z.record(z.string(), z.unknown()), z.array(z.never())])
    .nullish()
    .transform((v) => (v && !Array.isArray(v) ? v : {})),
});

export const ErrorEventSchema = z.object({
  type: z.literal('error'),
  message: optionalText,
  errorId: optionalText,
  category: optionalText,
  scriptStackTrace: optionalText,
  /** A known-problem or WinJoin code the script chose, when it knows better than the message. */
  code: z.string().nullish(),
});

export const ScriptEventSchema = z.discriminatedUnion('type', [ProgressEventSchema, CheckEventSchema, ResultEventSchema, ErrorEventSchema]);

export type ScriptEvent = z.output<typeof ScriptEventSchema>;
export type ScriptProgressEvent = z.output<typeof ProgressEventSchema>;
export type ScriptCheckEvent = z.output<typeof CheckEventSchema>;
export type ScriptResultEvent = z.output<typeof ResultEventSchema>;
export type ScriptErrorEvent = z.output<typeof ErrorEventSchema>;

export type ParsedScriptLine =
  | { kind: 'text'; line: string }
  | { kind: 'event'; event: ScriptEvent }
  /** Had the prefix but was not a valid event: kept as transcript, with a reason for a warning. */
  | { kind: 'malformed'; line: string; reason: string };

/** Classifies one stdout line. Never throws: a broken event must not end a step. */
export function parseScriptLine(line: string, prefix: string = SCRIPT_EVENT_PREFIX): ParsedScriptLine {
  if (!line.startsWith(prefix)) return { kind: 'text', line };
  let json: unknown;
  try {
    json = JSON.parse(line.slice(prefix.length));
  } catch (error) {
    return { kind: 'malformed', line, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = ScriptEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
    return { kind: 'malformed', line, reason: `not a WinJoin event: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { kind: 'event', event: parsed.data };
}
