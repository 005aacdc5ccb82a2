/**
 * The containerd-kubeadm gate end to end on loopback: a kubeadm API server
 * double whose cluster-info is signed by the real bootstrap-signer logic, the
 * real cluster client, discovery over TLS, and the CLI command on top.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import { caCertHash } from '../host/bootstrap/ca-pin.js';
import { bootstrapTokenSecret } from '../host/bootstrap/token.js';
import { CALICO_PATHS } from '../host/cluster-prereqs/checks.js';
import { readyCluster } from '../host/cluster-prereqs/testing/ready-cluster.js';
import { useLoopbackKubeadmCluster } from '../host/cluster-prereqs/testing/loopback-kubeadm-cluster.js';
import { capturedIo } from '../cli/testing/captured-io.js';
import { runClusterCommand } from '../cli/commands/cluster.js';
import { runKubeadmGate } from './kubeadm-gate.js';

const TOKEN = { id: 'k7q2xz', secret: 'p9w4m1r8t6y3u5e0' };
const cluster = useLoopbackKubeadmCluster(TOKEN, 'gate-');

function answers(patch: (a: Record<string, any>) => void = () => {}): Answers {
  const a = structuredClone(exampleAnswers('containerd-kubeadm')) as Record<string, any>;
  a.cluster.kubeconfigPath = cluster.kubeconfigPath;
  a.join.token = `${TOKEN.id}.${TOKEN.secret}`;
  patch(a);
  return a as Answers;
}

describe('containerd-kubeadm gate against a kubeadm API server on loopback', () => {
  it('passes a ready cluster and a valid token, computing the CA pin from the kubeconfig for confirmation', async () => {
    const { result, token } = await runKubeadmGate(answers());
    expect(result.error).toBeNull();
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result).toMatchObject({
      ok: true,
      credentials: { tokenId: TOKEN.id, caCertHashSource: 'kubeconfig', caCertHash: caCertHash(cluster.pki.caCert) },
    });
    expect(token).toBe(`${TOKEN.id}.${TOKEN.secret}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN.secret);
  });

  it('creates a short-lived token through the API when join.token is null, and it verifies', async () => {
    const { result } = await runKubeadmGate(answers((a) => (a.join.token = null)));
    expect(result).toMatchObject({ ok: true, credentials: { tokenCreated: true } });
    expect(cluster.api.writes).toEqual(['POST /api/v1/namespaces/kube-system/secrets']);
    expect(cluster.api.tokenSecrets()).toHaveLength(2);
  });

  it('stops on a wrong CA hash and names it', async () => {
    const { result } = await runKubeadmGate(answers((a) => (a.join.caCertHash = `sha256:${'0'.repeat(64)}`)));
    expect(result).toMatchObject({ ok: false, error: { code: 'E_JOIN_CA_PIN', params: { actual: caCertHash(cluster.pki.caCert) } } });
    expect(result.knownProblems[0]).toBe('KP-WJ-JOIN-CA-PIN');
  });

  it('stops on an expired token and names it', async () => {
    cluster.api.objects.set(
      `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${TOKEN.id}`,
      bootstrapTokenSecret(TOKEN, new Date(Date.now() - 1000)),
    );
    const { result } = await runKubeadmGate(answers());
    expect(result).toMatchObject({ ok: false, error: { code: 'E_JOIN_TOKEN_UNKNOWN', params: { tokenId: TOKEN.id } } });
    expect(result.knownProblems[0]).toBe('KP-M22-TOKEN-EXPIRED');
  });

  it('stops on a Calico without the Windows settings, changes nothing without consent, and fixes it with consent', async () => {
    cluster.api.objects.set(CALICO_PATHS.installation, { metadata: {}, spec: { calicoNetwork: { bgp: 'Disabled' } } });
    const refused = await runKubeadmGate(answers());
    expect(refused.result.ok).toBe(false);
    expect(refused.result.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['calico-installation']);
    expect(refused.result.knownProblems[0]).toBe('KP-WJ-CALICO-WINDOWS-SETTINGS');
    expect(refused.result.credentials).toBeNull();
    expect(cluster.api.writes).toEqual([]);

    const agreed = await runKubeadmGate(answers((a) => (a.cluster.applyPrerequisites = true)));
    expect(agreed.result).toMatchObject({ ok: true, applied: ['calico-installation'] });
    expect(cluster.api.objects.get(CALICO_PATHS.installation)).toMatchObject({
      spec: { serviceCIDRs: ['10.96.0.0/12'], calicoNetwork: { windowsDataplane: 'HNS' } },
    });
  });

  it('reports a Flannel cluster as such', async () => {
    for (const p of Object.values(CALICO_PATHS)) cluster.api.objects.delete(p);
    cluster.api.objects.set('/api/v1/namespaces/kube-flannel/configmaps/kube-flannel-cfg', { metadata: {} });
    const { result } = await runKubeadmGate(answers());
    expect(result.knownProblems[0]).toBe('KP-WJ-FLANNEL-CLUSTER');
  });

  it('winjoin cluster check prints each check and the credentials, never the token, and exits 1 when not ready', async () => {
    const file = path.join(cluster.dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(answers()));
    const io = capturedIo();
    expect(await runClusterCommand(['check', '--answers', file], io)).toBe(0);
    expect(io.out()).toContain(TOKEN.id);
    expect(io.out()).toContain(caCertHash(cluster.pki.caCert));
    expect(io.out() + io.err()).not.toContain(TOKEN.secret);

    fs.writeFileSync(file, JSON.stringify(answers((a) => (a.join.token = `${TOKEN.id}.ffffffffffffffff`))));
    const bad = capturedIo();
    expect(await runClusterCommand(['check', '--answers', file, '--json'], bad)).toBe(1);
    expect(JSON.parse(bad.out())).toMatchObject({ ok: false, error: { code: 'E_JOIN_TOKEN_SIGNATURE' } });
    expect(bad.out()).not.toContain('ffffffffffffffff');
  });

  it('uses the ready-cluster fixture unchanged (guard against the double drifting from it)', () => {
    expect([...readyCluster().keys()].every((k) => cluster.api.objects.has(k))).toBe(true);
  });
});
