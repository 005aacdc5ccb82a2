/**
 * WinJoin started by the one-shot scheduled task after the restart a step
 * asked for: remove the task (it must run once), then continue the join where
 * it stopped. Only a join that stopped for a restart is resumed this way; any
 * other state is left for the admin to decide on the Welcome page.
 */
import type { WinJoinService } from '../service/create-service.js';
import type { ServiceDeps } from '../service/deps.js';

export const RESUME_FLAG = '--resume-after-restart';

export async function resumeAfterRestart(
  service: WinJoinService,
  deps: Pick<ServiceDeps, 'runSystemScript'>,
): Promise<'resumed' | 'nothing-to-resume'> {
  await deps.runSystemScript?.('Register-WinJoinResume.ps1', { ExePath: 'unused', Remove: true }).catch(() => undefined);
  if (service.engine.state()?.phase !== 'restart-required' || service.engine.running) return 'nothing-to-resume';
  service.resume();
  return 'resumed';
}
