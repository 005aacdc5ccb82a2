/**
 * The loopback kubeadm cluster the gate, join-gate and readiness tests start
 * each test from: the API server double (a ready cluster) whose Calico
 * services endpoint names the double itself, a live bootstrap token's Secret,
 * and an admin kubeconfig in a fresh directory. Registers the vitest hooks;
 * the returned object is filled in before each test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { bootstrapTokenSecret, bootstrapTokenSecretName, type BootstrapToken } from '../../bootstrap/token.js';
import { createTestPki, type TestPki } from '../../testing/certs.js';
import { kubeconfigFor } from '../../testing/api-server.js';
import { CALICO_PATHS } from '../checks.js';
import { startKubeadmApiServer, type KubeadmApiServer } from './kubeadm-api-server.js';

export interface LoopbackKubeadmCluster {
  pki: TestPki;
  api: KubeadmApiServer;
  /** A fresh directory per test, removed after it. */
  dir: string;
  /** The admin kubeconfig in dir, naming the double. */
  kubeconfigPath: string;
}

export const TOKEN_SECRETS_PATH = '/api/v1/namespaces/kube-system/secrets';

export function useLoopbackKubeadmCluster(token: BootstrapToken, dirPrefix: string): LoopbackKubeadmCluster {
  const cluster = {} as LoopbackKubeadmCluster;
  beforeAll(async () => {
    cluster.pki = await createTestPki();
  });
  afterAll(() => cluster.pki.remove());
  beforeEach(async () => {
    const api = await startKubeadmApiServer(cluster.pki);
    cluster.api = api;
    api.objects.set(CALICO_PATHS.servicesEndpoint, {
      metadata: {},
      data: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(api.url).port },
    });
    api.objects.set(
      `${TOKEN_SECRETS_PATH}/${bootstrapTokenSecretName(token.id)}`,
      bootstrapTokenSecret(token, new Date(Date.now() + 3_600_000)),
    );
    cluster.dir = fs.mkdtempSync(path.join(cluster.pki.dir, dirPrefix));
    cluster.kubeconfigPath = path.join(cluster.dir, 'admin.conf');
    fs.writeFileSync(cluster.kubeconfigPath, kubeconfigFor(api.url, cluster.pki));
  });
  afterEach(async () => {
    await cluster.api.close();
    fs.rmSync(cluster.dir, { recursive: true, force: true });
  });
  return cluster;
}
