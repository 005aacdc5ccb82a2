/** `winjoin state [--json]`: where the join in this state directory stands. */
import { EXIT } from '../../../shared/exit-codes.js';
import { StateStore } from '../../join/state-store.js';
import { writeLine, type CliIo } from '../io.js';

export function runStateCommand(options: { json: boolean; stateDir: string }, io: CliIo): number {
  const state = new StateStore(options.stateDir).load();
  if (options.json) {
    writeLine(io.stdout, JSON.stringify(state, null, 2));
    return EXIT.ok;
  }
  if (!state) {
    writeLine(io.stdout, io.t('cli.noState', { stateDir: options.stateDir }));
    return EXIT.ok;
  }
  writeLine(
    io.stdout,
    io.t('cli.stateHeader', { phase: state.phase, runId: state.runId, rehearsal: state.rehearsal ? io.t('cli.rehearsalTag') : '' }),
  );
  for (const step of state.steps) {
    const duration = step.durationMs === null ? '' : ` ${(step.durationMs / 1000).toFixed(1)}s`;
    const problems = step.knownProblems.length ? ` [${step.knownProblems.join(', ')}]` : '';
    writeLine(io.stdout, `  ${step.status.padEnd(15)} ${step.id}${duration}${problems}`);
  }
  return EXIT.ok;
}
