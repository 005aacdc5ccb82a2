import { describe, expect, it } from 'vitest';
import { knownProblemEvidence } from './evidence.js';

describe('knownProblemEvidence: containerd pull failures name the image and the registry asked', () => {
  const forbidden =
    'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess": failed to resolve reference "docker.io/sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess": failed to do request: Head "https://registry-1.docker.io/v2/sigwindowstools/kube-proxy/manifests/v1.35.1-calico-hostprocess": Forbidden';

  it('reads them from the pod message node-ready prints', () => {
    expect(knownProblemEvidence('KP-M16-PROXY-DENIES-REGISTRY', { lines: ['Waiting for node win-node1 to be Ready', forbidden] })).toEqual({
      image: 'docker.io/sigwindowstools/kube-proxy:v1.35.1-calico-hostprocess',
      registry: 'registry-1.docker.io',
    });
  });

  it('reads them from the kubelet log, whose quotes are escaped', () => {
    const klog = `E1202 13:05:00 pod_workers.go:1301] "Error syncing pod, skipping" err=${JSON.stringify(`failed with ErrImagePull: ${JSON.stringify(forbidden.replace('Forbidden', 'dial tcp 104.18.0.1:443: i/o timeout'))}`)}`;
    expect(knownProblemEvidence('KP-M16-CONTAINERD-NO-PROXY', { lines: [klog] })).toMatchObject({ registry: 'registry-1.docker.io' });
  });

  it('names nothing for another problem or unrelated lines', () => {
    expect(knownProblemEvidence('KP-M26-CNI-NOT-INITIALIZED', { lines: [forbidden] })).toEqual({});
    expect(knownProblemEvidence('KP-M16-PROXY-DENIES-REGISTRY', { lines: ['cni plugin not initialized'] })).toEqual({});
  });
});
