/**
 * The simulated cluster's admin.conf, certificates embedded. Two copies:
 * one names the simulated master address (what the Windows node is given,
 * so the kubeconfig step's "not localhost" check sees a real-looking file),
 * one names the loopback listener (for Node-side API clients, which must
 * never dial the simulated address).
 */
import fs from 'node:fs';
import type { Pki } from './pki.js';

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

export function kubeconfigText(server: string, pki: Pki): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubernetes',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(pki.caCert)}`,
    'contexts:',
    '- name: kubernetes-admin@kubernetes',
    '  context:',
    '    cluster: kubernetes',
    '    user: kubernetes-admin',
    'current-context: kubernetes-admin@kubernetes',
    'preferences: {}',
    'users:',
    '- name: kubernetes-admin',
    '  user:',
    `    client-certificate-data: ${b64(pki.clientCert)}`,
    `    client-key-data: ${b64(pki.clientKey)}`,
    '',
  ].join('\n');
}

export function writeKubeconfig(file: string, server: string, pki: Pki): void {
  fs.writeFileSync(file, kubeconfigText(server, pki), { mode: 0o600 });
}
