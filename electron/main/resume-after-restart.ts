/**
 * WinJoin started by the one-shot scheduled task after the restart a step
 * asked for: remove the task (it must run once), then continue the join where
 * it stopped. Only a join that stopped for a restart is resumed this way; any
 * other state is left for the admin to decide on the Welcome page. A join
 * whose secrets cannot be read again (a password typed in the wizard is never
 * saved) is left there too: the Welcome page's resume shows why and the fix.
 */
import { WinJoinError } from '../../shared/errors.js';
import type { WinJoinService } from '../service/create-service.js';
import type { ServiceDeps } from '../service/deps.js';

export const RESUME_FLAG = '--resume-after-restart';

export async function resumeAfterRestart(
  service: WinJoinService,
  deps: Pick<ServiceDeps, 'runSystemScript'>,
): Promise<'resumed' | 'nothing-to-resume' | 'secret-unavailable'> {
  await deps.runSystemScript?.('Register-WinJoinResume.ps1', { ExePath: 'unused', Remove: true }).catch(() => undefined);
  if (service.engine.state()?.phase !== 'restart-required' || service.engine.running) return 'nothing-to-resume';
  try {
    await service.resume();
  } catch (error) {
    if (error instanceof WinJoinError && error.code === 'E_SECRET_UNAVAILABLE') return 'secret-unavailable';
    throw error;
  }
  return 'resumed';
}
