/**
 * The preview's command line:
 * `npm run preview -- (--rehearsal [--scenario NAME] [--recipe R] | --real-join) [--port N] [--state-dir DIR]`.
 * --recipe picks the simulated world: docker-sdn (a 2018 cluster, the default) or
 * containerd-kubeadm (a current kubeadm cluster with Calico and Windows Server 2022).
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
      recipe: { type: 'string' },
      'real-join': { type: 'boolean' },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  // Naming a scenario means rehearsing it; --rehearsal alone rehearses the happy path.
  const recipe = values.recipe;
  if (recipe !== undefined && !(RECIPES as readonly string[]).includes(recipe))
    throw new Error(`--recipe must be one of ${RECIPES.join(', ')}, not ${recipe}`);
  if (recipe !== undefined && !(values.rehearsal || values.scenario))
    throw new Error('--recipe chooses the simulated world: use it with --rehearsal');
  const rehearsal =
    values.rehearsal || values.scenario
      ? { scenario: values.scenario ?? 'happy', ...(recipe ? { recipe: recipe as RecipeId } : {}) }
      : null;
  const realJoin = values['real-join'] === true;
  if (rehearsal && realJoin) throw new Error('--real-join and --rehearsal/--scenario exclude each other: choose one');
  if (!rehearsal && !realJoin)
    throw new Error(
      'choose what the preview runs: --rehearsal (a simulated machine and cluster, nothing here changes) or --real-join (joins THIS machine)',
    );
  return { port, stateDir: values['state-dir'], rehearsal, realJoin };
}
