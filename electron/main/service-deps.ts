/**
 * The host layer the Electron shell runs the service over: real PowerShell,
 * downloads and kubeconfig handling, and the rehearsal host. The one seam
 * left to wire when electron/service's default dependencies land; until
 * then the wizard shows why it cannot start and unattended runs exit 1.
 */
import { WinJoinError } from '../../shared/errors.js';
import type { ServiceDeps } from '../service/deps.js';

export async function loadServiceDeps(): Promise<ServiceDeps> {
  throw new WinJoinError('E_INTERNAL', 'the host layer is not wired into the desktop app yet (electron/main/service-deps.ts)');
}
