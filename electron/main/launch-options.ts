/**
 * What the command line asks of the app: the wizard (optionally over a
 * state directory or in rehearsal) or an unattended run (see unattended.ts).
 * Chromium adds switches of its own, so the wizard's parse is lenient.
 */
import { parseArgs } from 'node:util';

/** The user's arguments: a packaged exe gets [exe, ...args], a dev run [electron, app, ...args]. */
export function userArgs(argv: readonly string[], packaged: boolean): string[] {
  return argv.slice(packaged ? 1 : 2);
}

export function isUnattended(args: readonly string[]): boolean {
  return args.includes('--unattended');
}

export interface WizardOptions {
  stateDir: string | undefined;
  rehearsal: { scenario: string } | null;
}

export function wizardOptions(args: readonly string[]): WizardOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { 'state-dir': { type: 'string' }, rehearsal: { type: 'boolean' }, scenario: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const stateDir = typeof values['state-dir'] === 'string' ? values['state-dir'] : undefined;
  const scenario = typeof values.scenario === 'string' ? values.scenario : 'happy';
  return { stateDir, rehearsal: values.rehearsal === true ? { scenario } : null };
}
