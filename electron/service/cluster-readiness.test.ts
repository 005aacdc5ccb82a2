/**
 * Cluster readiness against the kubeadm API server double on loopback: what
 * the wizard lists, what Apply would send, and that nothing is written (not
 * even a token) until the user applies a check.
 */
import { describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import { caCertHash } from '../host/bootstrap/ca-pin.js';
import { bootstrapTokenSecret } from '../host/bootstrap/token.js';
import { CALICO_PATHS } from '../host/cluster-prereqs/checks.js';
import { useLoopbackKubeadmCluster } from '../host/cluster-prereqs/testing/loopback-kubeadm-cluster.js';
import { checkClusterReadiness } from './cluster-readiness.js';

const TOKEN = { id: 'r3d1n5', secret: 'q8w2e6r4t1y7u3i9' };
const cluster = useLoopbackKubeadmCluster(TOKEN, 'readiness-');

function answers(join: Partial<Answers['join']> = {}): Answers {
  const a = structuredClone(exampleAnswers('containerd-kubeadm'));
  a.cluster.kubeconfigPath = cluster.kubeconfigPath;
  Object.assign(a.join, join);
  return a;
}

function breakCalicoInstallation(): void {
  cluster.api.objects.set(CALICO_PATHS.installation, { metadata: { name: 'default', resourceVersion: '7' }, spec: { calicoNetwork: {} } });
}

describe('cluster readiness', () => {
  it('lists a ready cluster as passing and checks the CA pin without creating a token', async () => {
    const readiness = await checkClusterReadiness(answers());
    expect(readiness.error).toBeNull();
    expect(readiness.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(readiness.changes).toEqual([]);
    expect(readiness.credentials).toMatchObject({
      tokenId: null,
      tokenCreated: true,
      caCertHash: caCertHash(cluster.pki.caCert),
      caCertHashSource: 'kubeconfig',
    });
    expect(cluster.api.writes).toEqual([]);
  });

  it('verifies a pasted token by its cluster-info signature, and never returns it', async () => {
    const readiness = await checkClusterReadiness(answers({ token: `${TOKEN.id}.${TOKEN.secret}` }));
    expect(readiness.credentials).toMatchObject({ tokenId: TOKEN.id, tokenCreated: false });
    expect(JSON.stringify(readiness)).not.toContain(TOKEN.secret);
  });

  it("gives a pasted token's end from its Secret, so the page can say until when it is valid", async () => {
    const expires = new Date(Date.now() + 25 * 60_000);
    cluster.api.objects.set(`/api/v1/namespaces/kube-system/secrets/bootstrap-token-${TOKEN.id}`, bootstrapTokenSecret(TOKEN, expires));
    const readiness = await checkClusterReadiness(answers({ token: `${TOKEN.id}.${TOKEN.secret}` }));
    expect(readiness.credentials?.tokenExpires).toBe(expires.toISOString().replace(/\.\d{3}Z$/, '.000Z'));
    expect(cluster.api.writes).toEqual([]);
  });

  it('names a token the cluster does not know', async () => {
    const readiness = await checkClusterReadiness(answers({ token: 'zzzzzz.0123456789abcdef' }));
    expect(readiness.error).toMatchObject({ code: 'E_JOIN_TOKEN_UNKNOWN' });
    expect(readiness.knownProblems.length).toBeGreaterThan(0);
  });

  it('names a wrong CA pin even before any token exists', async () => {
    const readiness = await checkClusterReadiness(answers({ caCertHash: `sha256:${'0'.repeat(64)}` }));
    expect(readiness.error).toMatchObject({ code: 'E_JOIN_CA_PIN', params: { actual: caCertHash(cluster.pki.caCert) } });
  });

  it('shows the exact object Apply would write for a Calico Installation without Windows settings, and writes nothing', async () => {
    breakCalicoInstallation();
    const readiness = await checkClusterReadiness(answers());
    expect(readiness.checks.find((c) => c.id === 'calico-installation')?.status).toBe('fail');
    expect(readiness.changes).toEqual([
      {
        checkId: 'calico-installation',
        method: 'PUT',
        path: CALICO_PATHS.installation,
        body: {
          metadata: { name: 'default', resourceVersion: '7' },
          spec: { calicoNetwork: { windowsDataplane: 'HNS', bgp: 'Disabled' }, serviceCIDRs: ['10.96.0.0/12'] },
        },
      },
    ]);
    expect(cluster.api.writes).toEqual([]);
  });

  it('applies only the checks the user clicked, then checks again', async () => {
    breakCalicoInstallation();
    cluster.api.objects.set(CALICO_PATHS.ipamConfig, { metadata: { name: 'default' }, spec: { strictAffinity: false } });
    const readiness = await checkClusterReadiness(answers(), ['calico-installation']);
    expect(cluster.api.writes).toEqual([`PUT ${CALICO_PATHS.installation}`]);
    expect(readiness.applied).toEqual(['calico-installation']);
    expect(readiness.checks.find((c) => c.id === 'calico-installation')?.status).toBe('pass');
    expect(readiness.checks.find((c) => c.id === 'calico-strict-affinity')?.status).toBe('fail');
    expect(readiness.changes.map((c) => c.checkId)).toEqual(['calico-strict-affinity']);
  });
});
