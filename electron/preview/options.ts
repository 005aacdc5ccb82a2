/**
 * The preview's command line:
 * `npm run preview -- (--rehearsal [--scenario NAME] [--recipe RECIPE] | --real-join) [--port N] [--state-dir DIR]`.
 * --recipe picks the simulated world (docker-sdn, the default, or containerd-kubeadm).
 * A preview without a rehearsal runs a real join on this machine, elevated;
 * that happens only when asked for by name, never by leaving a flag out.
 */
import { parseArgs } from 'node:util';
import { RECIPES, type RecipeId } from '../../shared/answers.js';

export const DEFAULT_PORT = 5178;

export interface PreviewOptions {
  port: number;
  stateDir: string | undefined;
  rehearsal: { scenario: string; recipe?: RecipeId } | null;
  /** True only with --real-join: the preview's join changes this machine. */
  realJoin: boolean;
}

export function parsePreviewArgs(argv: string[]): PreviewOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      rehearsal: { type: 'boolean' },
      scenario: { type: 'string' },
      'real-join': { type: 'boolean' },
      recipe: { type: 'string' },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  // Naming a scenario means rehearsing it; --rehearsal alone rehearses the happy path.
  if (values.recipe !== undefined && !(RECIPES as readonly string[]).includes(values.recipe))
    throw new Error(`--recipe must be one of ${RECIPES.join(', ')}, not ${values.recipe}`);
  const recipe = values.recipe as RecipeId | undefined;
  const rehearsal =
    values.rehearsal || values.scenario || recipe ? { scenario: values.scenario ?? 'happy', ...(recipe ? { recipe } : {}) } : null;
  const realJoin = values['real-join'] === true;
  if (rehearsal && realJoin) throw new Error('--real-join and --rehearsal/--scenario exclude each other: choose one');
  if (!rehearsal && !realJoin)
    throw new Error(
      'choose what the preview runs: --rehearsal (a simulated machine and cluster, nothing here changes) or --real-join (joins THIS machine)',
    );
  return { port, stateDir: values['state-dir'], rehearsal, realJoin };
}
