import { describe, expect, it } from 'vitest';
import type { ClusterState, PodObject } from './cluster-model.js';
import { simulatedPage } from './simulated-web.js';

function pod(name: string, phase: PodObject['status']['phase'], podIP: string, hostPort?: number): PodObject {
  const meta = { name, namespace: 'default', uid: name, resourceVersion: '1', creationTimestamp: '2026-12-02T00:00:00Z' };
  const ports = [{ containerPort: 80, ...(hostPort ? { hostPort } : {}) }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec: { nodeName: 'win-1', containers: [{ name: 'web', image: 'x', ports }] },
    status: { phase, podIP },
  };
}

describe("the rehearsal's sample pages for WinJoin's own checks", () => {
  const state = {
    pods: [pod('web', 'Running', '192.168.1.5'), pod('mapped', 'Running', '192.168.1.6', 4444), pod('late', 'Pending', '192.168.1.7')],
  } as unknown as ClusterState;

  it('answers on a Running pod IP at port 80 and on the node address at a Running pod hostPort', () => {
    expect(simulatedPage(state, '192.0.2.20', 'http://192.168.1.5/').body).toContain('Windows Container Web Server');
    expect(simulatedPage(state, '192.0.2.20', 'http://192.0.2.20:4444/').body).toContain('mapped');
  });

  it('refuses like a closed port anything nothing simulated listens on, a Pending pod included', () => {
    for (const url of ['http://192.168.1.7/', 'http://192.168.1.5:8080/', 'http://192.0.2.20:4445/', 'http://10.1.1.1/'])
      expect(() => simulatedPage(state, '192.0.2.20', url), url).toThrow(/ECONNREFUSED/);
  });
});
