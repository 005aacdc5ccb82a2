/**
 * The sample web server of a rehearsal, answering WinJoin's own page checks
 * (the cluster-side sample steps) from the simulated cluster's state, as the
 * simulated host's Get-SimWebPage does for the PowerShell steps: a Running
 * pod's IP on port 80, or the node's address on a Running pod's hostPort.
 * Nothing is contacted; any other address is refused like a closed port.
 */
import type { ClusterState } from './cluster-model.js';
import type { PageAnswer } from '../cluster-steps/sample-steps.js';

export function simulatedPage(state: ClusterState, nodeIp: string, url: string): PageAnswer {
  const target = new URL(url);
  const port = Number(target.port || 80);
  const running = state.pods.filter((p) => p.status.phase === 'Running');
  const onPodIp = running.find((p) => p.status.podIP === target.hostname && port === 80);
  const onHostPort =
    target.hostname === nodeIp
      ? running.find((p) => p.spec.containers.some((c) => c.ports?.some((cp) => cp.hostPort === port)))
      : undefined;
  const pod = onPodIp ?? onHostPort;
  if (!pod) throw new Error(`connect ECONNREFUSED ${target.hostname}:${port} (rehearsal: nothing simulated listens there)`);
  return { status: 200, body: `<html><body><h1>Windows Container Web Server</h1><p>${pod.metadata.name}</p></body></html>` };
}
