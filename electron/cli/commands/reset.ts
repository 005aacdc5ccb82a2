/**
 * `winjoin reset [--answers FILE] [--yes] [--json] [--rehearsal [--scenario NAME]]`:
 * undoes the join this machine holds (docs/state-and-recovery.md, "Reset").
 * It says what it will undo, then asks on an interactive terminal; an
 * unattended run must say --yes. A rehearsal's join is reset in its simulated
 * machine again, as `join --resume` does. --answers gives the kubeconfig (and
 * its proxy) for the node's removal when the saved join no longer can.
 * Exit codes: 0 reset (or nothing to reset), 1 an undo failed or was held
 * back (run it again after the fix), 2 invalid input or not confirmed,
 * 3010 reset but Windows must restart (194 on Linux).
 */
import type { Answers, RecipeId } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import { EXIT } from '../../../shared/exit-codes.js';
import type { JournalEvent } from '../../../shared/events.js';
import type { ResetState } from '../../../shared/reset.js';
import { RESET_OWN_STEP_IDS } from '../../../shared/steps.js';
import { planReset } from '../../join/reset-plan.js';
import { StateStore } from '../../join/state-store.js';
import { writeLine, type CliIo } from '../io.js';
import { loadAnswersOrExit } from '../load-answers.js';
import type { ServiceFactory } from '../service-factory.js';
import { formatEvent } from './join.js';

export interface ResetCommandOptions {
  answers?: string;
  yes: boolean;
  json: boolean;
  rehearsal: boolean;
  scenario?: string;
  stateDir: string;
  /** Asks the person at the terminal; absent when nobody is there (no TTY). */
  prompt?: (question: string) => Promise<string>;
}

export async function runResetCommand(options: ResetCommandOptions, io: CliIo, open: ServiceFactory): Promise<number> {
  let answers: Answers | undefined;
  let secrets: string[] = [];
  if (options.answers) {
    const loaded = loadAnswersOrExit(options.answers, io);
    if (!loaded) return EXIT.invalidInput;
    answers = loaded.answers;
    secrets = loaded.secrets;
  }

  const saved = new StateStore(options.stateDir).load();
  if (!saved) {
    if (options.json) writeLine(io.stdout, JSON.stringify({ outcome: 'nothing-to-do' }));
    writeLine(io.stderr, io.t('cli.reset.nothing', { stateDir: options.stateDir }));
    return EXIT.ok;
  }
  if (options.rehearsal && !saved.rehearsal) {
    const error = new WinJoinError('E_RESET_MODE_MISMATCH', 'the saved join ran on this machine', { mode: 'machine' });
    writeLine(io.stderr, `${error.code}: ${io.t(`errors.${error.code}`, error.params)}`);
    return EXIT.invalidInput;
  }

  const kubeconfig = answers ? { path: answers.cluster.kubeconfigPath, context: answers.cluster.context } : undefined;
  const preview = planReset(saved, kubeconfig ? { kubeconfig } : {});
  if (preview && !options.json) {
    writeLine(io.stderr, io.t('cli.reset.plan', { recipe: preview.recipe, steps: preview.steps.map((s) => s.step.id).join(', ') || '-' }));
    if (preview.nodeRemovalMissing) writeLine(io.stderr, `  ${io.t(`reset.nodeRemovalMissing.${preview.nodeRemovalMissing}`)}`);
  }
  if (!options.yes) {
    if (!options.prompt) {
      writeLine(io.stderr, `E_RESET_NOT_CONFIRMED: ${io.t('errors.E_RESET_NOT_CONFIRMED')}`);
      return EXIT.invalidInput;
    }
    const answer = (await options.prompt(io.t('cli.reset.confirm') + ' ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      writeLine(io.stderr, io.t('cli.reset.declined'));
      return EXIT.invalidInput;
    }
  }

  const scenario = saved.rehearsal ? (options.scenario ?? saved.scenario ?? 'happy') : null;
  // The saved join's recipe picks the simulated world: another one would start a fresh machine with nothing to undo.
  const recipe = saved.plan.recipe as RecipeId;
  const service = await open({ rehearsal: scenario ? { scenario, recipe } : null });
  if (scenario && !options.json) writeLine(io.stderr, io.t('cli.rehearsalBanner', { scenario }));
  const unsubscribe = service.engine.subscribe((batch) => {
    for (const event of batch) writeLine(io.stdout, options.json ? JSON.stringify(event) : formatResetEvent(event, io));
  });
  const onSignal = () => service.engine.cancel();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const handle = await service.reset(answers, secrets);
    if (!handle) {
      writeLine(io.stderr, io.t('cli.reset.nothing', { stateDir: options.stateDir }));
      return EXIT.ok;
    }
    const state = await handle.done;
    if (!options.json) writeLine(io.stderr, summary(state, io));
    return exitCodeForReset(state);
  } catch (error) {
    if (error instanceof WinJoinError) {
      writeLine(io.stderr, `${error.code}: ${io.t(`errors.${error.code}`, error.params)}`);
      return error.code === 'E_RESET_MODE_MISMATCH' ? EXIT.invalidInput : EXIT.stepFailed;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
    await service.close();
  }
}

/** As the join's log, except that a join step's line says it is being undone (its title names what the join did). */
function formatResetEvent(event: JournalEvent, io: CliIo): string {
  if (event.type !== 'step.started' || (RESET_OWN_STEP_IDS as readonly string[]).includes(event.stepId)) return formatEvent(event, io);
  return `> ${event.stepId}: ${io.t('cli.reset.undo', { title: io.t(`steps.${event.stepId}.title`) })}`;
}

export function exitCodeForReset(state: ResetState): number {
  if (state.phase === 'succeeded') return EXIT.ok;
  if (state.phase === 'restart-required') return EXIT.restartRequired;
  return EXIT.stepFailed;
}

/** The outcome, then each undo that did not finish with its error and known problems. */
function summary(state: ResetState, io: CliIo): string {
  const lines = [io.t(`cli.reset.outcome.${state.phase}`)];
  for (const step of state.steps) {
    if (step.status === 'failed') {
      const problems = step.knownProblems.length ? ` [${step.knownProblems.join(', ')}]` : '';
      lines.push(`  ${step.id}: ${step.error?.code ?? 'E_STEP_FAILED'} ${step.error?.message ?? ''}${problems}`);
    } else if (step.status === 'pending') lines.push(`  ${step.id}: ${io.t('cli.reset.notRun')}`);
  }
  return lines.join('\n');
}
