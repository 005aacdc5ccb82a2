/**
 * `winjoin join --answers FILE [--json] [--resume] [--rehearsal [--scenario NAME]]`:
 * the unattended join. --json prints one journal event per line (what fleet
 * tools parse); otherwise a readable log. Exit codes: 0 joined, 1 a step
 * failed or the run was cancelled, 2 invalid input, 3010 restart needed
 * (194 on Linux, where exit codes are 8 bits), 1641 restart arranged as the
 * answer file's restart.when asked (restart-choice.ts).
 */
import type { Answers, RecipeId } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import type { RunPhase } from '../../../shared/state.js';
import type { SecretOrigins } from '../../join/secret-sources.js';
import { StateStore } from '../../join/state-store.js';
import { JoinGateError } from '../../service/join-gate.js';
import { formatGate } from './cluster.js';
import { carryOutRestartChoice, savedRestartChoice } from './restart-choice.js';
import { writeLine, type CliIo } from '../io.js';
import { loadAnswersOrExit } from '../load-answers.js';
import type { ServiceFactory } from '../service-factory.js';

export interface JoinOptions {
  answers?: string;
  json: boolean;
  resume: boolean;
  rehearsal: boolean;
  scenario?: string;
  stateDir: string;
}

export async function runJoinCommand(options: JoinOptions, io: CliIo, open: ServiceFactory): Promise<number> {
  let answers: Answers | undefined;
  // Values resolved from { fromFile } / { fromEnv }: the journal masks them too.
  let secrets: string[] = [];
  let origins: SecretOrigins = {};
  if (options.answers) {
    const loaded = loadAnswersOrExit(options.answers, io);
    if (!loaded) return EXIT.invalidInput;
    answers = loaded.answers;
    secrets = loaded.secrets;
    origins = loaded.origins;
  } else if (!options.resume) {
    writeLine(io.stderr, io.t('cli.usage.join'));
    return EXIT.invalidInput;
  }

  // A resumed rehearsal must come back to the same simulated machine.
  const saved = options.resume ? new StateStore(options.stateDir).load() : null;
  const rehearsalScenario = options.rehearsal ? (options.scenario ?? 'happy') : saved?.rehearsal ? (saved.scenario ?? 'happy') : null;
  // The answers' recipe (or the saved plan's, on a resume without answers) picks the simulated world.
  const recipe = (answers?.recipe ?? saved?.plan.recipe) as RecipeId | undefined;
  // unattended: the rehearsal's answers consent to cluster fixes, as an unattended answer file does.
  const service = await open({
    rehearsal: rehearsalScenario ? { scenario: rehearsalScenario, unattended: true, ...(recipe ? { recipe } : {}) } : null,
  });
  if (rehearsalScenario && !options.json) writeLine(io.stderr, io.t('cli.rehearsalBanner', { scenario: rehearsalScenario }));

  const unsubscribe = service.engine.subscribe((batch) => {
    for (const event of batch) writeLine(io.stdout, options.json ? JSON.stringify(event) : formatEvent(event, io));
  });
  const onSignal = () => service.engine.cancel();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // A containerd-kubeadm join passes the kubeadm gate inside start (and renews a created token inside resume).
    const handle = options.resume
      ? await service.resume(answers, secrets, origins)
      : await service.start(answers!, { secrets, secretOrigins: origins });
    const phase = await handle.done;
    if (!options.json) writeLine(io.stderr, io.t(`cli.outcome.${phase}`));
    // A resume without an answer file (the logon task's) keeps the choice the join started with.
    const choice = answers ? answers.restart : savedRestartChoice(options.stateDir);
    if (phase === 'restart-required') return await carryOutRestartChoice(service, choice, io);
    return exitCodeFor(phase);
  } catch (error) {
    if (error instanceof JoinGateError) {
      // Each failed check with its fix, the wrong credential and its known problems, as `winjoin cluster check` prints them.
      writeLine(
        io.stderr,
        formatGate(error.gate, (key, params) => io.t(key, params ?? {})),
      );
      return EXIT.stepFailed;
    }
    if (error instanceof WinJoinError) {
      writeLine(io.stderr, `${error.code}: ${io.t(`errors.${error.code}`, error.params)}`);
      return ['E_NO_JOIN', 'E_ANSWERS_CHANGED', 'E_SECRET_UNAVAILABLE'].includes(error.code) ? EXIT.invalidInput : EXIT.stepFailed;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
    await service.close();
  }
}

export function exitCodeFor(phase: RunPhase): number {
  if (phase === 'succeeded') return EXIT.ok;
  if (phase === 'restart-required') return EXIT.restartRequired;
  return EXIT.stepFailed;
}

/** One journal event as the readable log prints it (a join's and a reset's alike). */
export function formatEvent(event: JournalEvent, io: CliIo): string {
  switch (event.type) {
    case 'run.started':
      return io.t(event.resumed ? 'cli.event.resumed' : 'cli.event.started', { count: event.stepIds.length });
    case 'step.started':
      return `> ${event.stepId}: ${io.t(`steps.${event.stepId}.title`)}${event.attempt > 1 ? ` (#${event.attempt})` : ''}`;
    case 'step.output':
      return `  ${event.stepId} | ${event.line}`;
    case 'step.progress':
      return `  ${event.stepId} | ${event.percent === null ? '' : `${Math.round(event.percent)}% `}${event.message ?? ''}`;
    case 'step.check':
      return `  ${event.stepId} | [${event.status}] ${event.checkId}${event.detail ? `: ${event.detail}` : ''}`;
    case 'step.finished': {
      const seconds = (event.durationMs / 1000).toFixed(1);
      const error = event.error ? ` - ${event.error.code}: ${event.error.message}` : '';
      const problems = event.knownProblems?.length ? ` [${event.knownProblems.join(', ')}]` : '';
      return `< ${event.stepId}: ${event.status} (${seconds}s)${error}${problems}`;
    }
    case 'run.finished':
      return io.t('cli.event.finished', { outcome: event.outcome });
    case 'reset.started':
      return io.t('cli.reset.started', { count: event.stepIds.length });
    case 'reset.finished':
      return io.t('cli.reset.finished', { outcome: event.outcome });
    case 'note':
      return `  ${event.level}: ${io.t(event.key, event.params ?? {})}`;
  }
}
