/**
 * An unattended join that stopped for a restart: carry out the answer file's
 * restart choice (answers.restart). "later" (or none) leaves the restart to
 * the fleet tool: exit 3010, as before. "now" and "scheduled" ask the service
 * to arrange the resume at the next logon and restart Windows (now, or at the
 * next occurrence of restart.at): exit 1641, Windows' "restart initiated",
 * so a deployment tool that reads 3010 as "restart it yourself" does not
 * restart the server a second time or before its maintenance window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AnswersSchema, type Answers } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { nextOccurrence } from '../../../shared/restart-schedule.js';
import { STATE_FILES } from '../../join/state-dir.js';
import type { WinJoinService } from '../../service/create-service.js';
import { writeLine, type CliIo } from '../io.js';

export async function carryOutRestartChoice(
  service: Pick<WinJoinService, 'handlers'>,
  choice: Answers['restart'],
  io: CliIo,
  now: () => Date = () => new Date(),
): Promise<number> {
  if (!choice || choice.when === 'later') return EXIT.restartRequired;
  try {
    const at = choice.when === 'scheduled' ? nextOccurrence(choice.at ?? '', now()) : null;
    const answer = await service.handlers['system:restart'](at ? { when: 'scheduled', at: at.toISOString() } : { when: 'now' });
    if (answer.simulated) {
      writeLine(
        io.stderr,
        io.t(answer.restartAt ? 'cli.restart.simulatedScheduled' : 'cli.restart.simulatedNow', { at: answer.restartAt ?? '' }),
      );
    } else {
      writeLine(io.stderr, io.t(answer.restartAt ? 'cli.restart.scheduled' : 'cli.restart.now', { at: answer.restartAt ?? '' }));
    }
    return EXIT.restartInitiated;
  } catch (error) {
    // Nothing was arranged: the fleet tool (or the admin) restarts, as for "later".
    const shape = error instanceof WinJoinError ? error : new WinJoinError('E_INTERNAL', String(error));
    writeLine(io.stderr, `${shape.code}: ${io.t(`errors.${shape.code}`, shape.params)}`);
    writeLine(io.stderr, io.t('cli.restart.notArranged'));
    return EXIT.restartRequired;
  }
}

/**
 * The restart choice of the answers the interrupted join started with (the service records them,
 * redacted, in the state directory): `winjoin join --resume` at the next logon has no answer file,
 * and must not fall back to "later" when the file said now or scheduled. Undefined when unreadable.
 */
export function savedRestartChoice(stateDir: string): Answers['restart'] {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(stateDir, STATE_FILES.runAnswers), 'utf8')) as { restart?: unknown };
    const choice = AnswersSchema.shape.restart.safeParse(saved.restart);
    return choice.success ? choice.data : undefined;
  } catch {
    return undefined;
  }
}
