/**
 * The shape of a known problem. The catalogue is data (catalogue-*.ts) checked
 * against this schema by a test, so adding a row never means writing code.
 * Texts live in the i18n catalogues under knownProblems.<code>.{title,cause,fix}
 * so the wizard, the CLI and the support bundle word them the same in en and ja.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { STEP_IDS } from '../steps.js';

/**
 * KP-T<row>-<WORDS> for rows of windows-join-domain.md §7 (docker-sdn),
 * KP-M<row>-<WORDS> for rows of windows-join-modern.md §3 (containerd-kubeadm),
 * KP-WJ-<WORDS> for WinJoin's own errors.
 */
export const KNOWN_PROBLEM_CODE = /^KP-(T\d{1,2}|M\d{1,2}|WJ)-[A-Z0-9]+(-[A-Z0-9]+)*$/;

export const CheckMatcherSchema = z
  .object({
    id: z.string().min(1),
    /** Statuses that count; fail only when omitted. */
    statuses: z.array(z.enum(['pass', 'warn', 'fail'])).default(['fail']),
  })
  .strict();

/**
 * One way to recognise a problem. Every field given must hold (AND); an entry
 * matches when any of its matchers does (OR). A matcher with no evidence field
 * (pattern, errorCodes, exitCodes, check) is refused: a step id alone says nothing.
 */
export const MatcherSchema = z
  .object({
    steps: z.array(z.enum(STEP_IDS)).optional(),
    /** Regular expression source, tested case-insensitively against each output line and the error message. */
    pattern: z.string().optional(),
    /** The pattern must match at least this many lines (loops that print the same line until a timeout). */
    minCount: z.number().int().positive().optional(),
    errorCodes: z.array(z.enum(ERROR_CODES)).optional(),
    exitCodes: z.array(z.number().int()).optional(),
    check: CheckMatcherSchema.optional(),
  })
  .strict()
  .refine((m) => m.pattern !== undefined || m.errorCodes !== undefined || m.exitCodes !== undefined || m.check !== undefined, {
    message: 'a matcher needs a pattern, error codes, exit codes or a check',
  })
  .refine((m) => m.pattern === undefined || isValidRegex(m.pattern), { message: 'pattern is not a valid regular expression' });

/**
 * Where the fix is carried out in the wizard: the page (a renderer PAGE_ID),
 * the answer field the control sets as a dotted path into AnswersSchema
 * (absent for a button such as "Check the cluster"), and the i18n key of the
 * control's label, which the fix text quotes so the user can find it.
 */
export const FixInSchema = z
  .object({
    page: z.string().min(1),
    field: z.string().min(1).optional(),
    label: z.string().min(1),
  })
  .strict();

export const KnownProblemSchema = z
  .object({
    code: z.string().regex(KNOWN_PROBLEM_CODE),
    /** The reference's source key(s), e.g. "CP-8a3ea757", "SDN start-kubelet.ps1", or "WinJoin" for our own errors. */
    source: z.string().min(1),
    /** Extra rank among entries whose evidence ties; the generic fallbacks use a negative value. */
    priority: z.number().int().default(0),
    matchers: z.array(MatcherSchema).min(1),
    /** A wizard control that fixes it (Retry can only fail again unless something changes). */
    fixIn: FixInSchema.optional(),
    /** The command only the cluster side can run (kubectl/kubeadm on a control-plane node); the fix text quotes it verbatim. */
    clusterCommand: z.string().min(1).optional(),
    /** The command to run on this Windows server (PowerShell or winjoin); the fix text quotes it verbatim. */
    machineCommand: z.string().min(1).optional(),
  })
  .strict()
  .refine((p) => p.fixIn !== undefined || p.clusterCommand !== undefined || p.machineCommand !== undefined, {
    message: 'a known problem needs fixIn, clusterCommand or machineCommand: where the user carries out the fix',
  });

export type CheckMatcher = z.infer<typeof CheckMatcherSchema>;
export type FixIn = z.infer<typeof FixInSchema>;
export type Matcher = z.input<typeof MatcherSchema>;
export type KnownProblem = z.input<typeof KnownProblemSchema>;

/** i18n keys of an entry's texts. */
export function knownProblemKeys(code: string): { title: string; cause: string; fix: string } {
  return { title: `knownProblems.${code}.title`, cause: `knownProblems.${code}.cause`, fix: `knownProblems.${code}.fix` };
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}
