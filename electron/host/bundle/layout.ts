/**
 * What the bundle reads from a state directory. The engine's own files are
 * named in electron/join/state-dir.ts (STATE_FILES); the service logs are
 * written under logs/ by the kubelet and kube-proxy steps when they run as
 * Windows services, and are optional.
 */
import path from 'node:path';
import { SERVICE_LOGS, STATE_FILES } from '../../join/state-dir.js';

export function stateDirPaths(stateDir: string) {
  return {
    state: path.join(stateDir, STATE_FILES.state),
    journal: path.join(stateDir, STATE_FILES.journal),
    answers: path.join(stateDir, STATE_FILES.answers),
    runAnswers: path.join(stateDir, STATE_FILES.runAnswers),
    lastProbe: path.join(stateDir, STATE_FILES.lastProbe),
    resetState: path.join(stateDir, STATE_FILES.resetState),
    resetJoin: path.join(stateDir, STATE_FILES.resetJoin),
    uploads: path.join(stateDir, STATE_FILES.uploads),
    logs: Object.fromEntries(Object.entries(SERVICE_LOGS).map(([k, f]) => [k, path.join(stateDir, STATE_FILES.logs, f)])) as Record<
      keyof typeof SERVICE_LOGS,
      string
    >,
  };
}

/** Largest kubeconfig or answer file read whole; anything bigger is not one. */
export const MAX_SMALL_FILE = 1024 * 1024;
