/**
 * What the command line asks of the app: the wizard (optionally over a
 * state directory or in rehearsal) or an unattended run (see unattended.ts).
 * Chromium adds switches of its own, so the wizard's parse is lenient.
 */
import { parseArgs } from 'node:util';
import { RECIPES, type RecipeId } from '../../shared/answers.js';

/** The user's arguments: a packaged exe gets [exe, ...args], a dev run [electron, app, ...args]. */
export function userArgs(argv: readonly string[], packaged: boolean): string[] {
  return argv.slice(packaged ? 1 : 2);
}

export function isUnattended(args: readonly string[]): boolean {
  return args.includes('--unattended');
}

export interface WizardOptions {
  stateDir: string | undefined;
  /** recipe (--recipe): the simulated world; docker-sdn when absent. */
  rehearsal: { scenario: string; recipe?: RecipeId } | null;
}

export function wizardOptions(args: readonly string[]): WizardOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { 'state-dir': { type: 'string' }, rehearsal: { type: 'boolean' }, scenario: { type: 'string' }, recipe: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const stateDir = typeof values['state-dir'] === 'string' ? values['state-dir'] : undefined;
  const scenario = typeof values.scenario === 'string' ? values.scenario : 'happy';
  const recipe = RECIPES.find((r) => r === values.recipe);
  return { stateDir, rehearsal: values.rehearsal === true ? { scenario, ...(recipe ? { recipe } : {}) } : null };
}

/**
 * How the logon task starts WinJoin again after a restart: the installed exe (or electron with the app
 * folder in development), the resume flag, and the state directory this run used, so the resumed app
 * continues this join and not whatever the default state directory holds. Windows only.
 */
export function relaunchCommand(
  platform: NodeJS.Platform,
  app: { execPath: string; isPackaged: boolean; appPath: string },
  stateDir: string,
  resumeFlag: string,
): { exePath: string; args: string[] } | null {
  if (platform !== 'win32') return null;
  const resume = [resumeFlag, '--state-dir', stateDir];
  return { exePath: app.execPath, args: app.isPackaged ? resume : [app.appPath, ...resume] };
}
