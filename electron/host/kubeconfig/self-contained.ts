/**
 * The kubeconfig the node gets as <installDir>\config: only the chosen
 * context, its cluster and user, with every referenced file inlined as
 * *-data, because the paths in the original mean nothing on the Windows
 * machine. Refused while the inspection has errors.
 */
import { stringify } from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import { loadKubeconfig, type Obj } from './document.js';
import { selectContext } from './inspect.js';

const FILE_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function withoutFileFields(value: Obj): Obj {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !FILE_FIELDS.includes(k)));
}

export function selfContainedKubeconfig(file: string, options: { context?: string } = {}): string {
  const selection = selectContext(loadKubeconfig(file), options.context);
  const errors = selection.findings.filter((f) => f.severity === 'error');
  const { context, cluster, user, material } = selection;
  if (errors.length || !context || !cluster || !user) {
    throw new WinJoinError(
      'E_KUBECONFIG_READ',
      `The kubeconfig ${file} cannot be used by the node: ${errors.map((e) => e.code).join(', ')}`,
      {
        path: file,
        codes: errors.map((e) => e.code).join(','),
      },
    );
  }
  const clusterOut: Obj = withoutFileFields(cluster.value);
  if (material.ca) clusterOut['certificate-authority-data'] = material.ca.toString('base64');
  const userOut: Obj = withoutFileFields(user.value);
  if (material.cert) userOut['client-certificate-data'] = material.cert.toString('base64');
  if (material.key) userOut['client-key-data'] = material.key.toString('base64');
  if (material.token) userOut.token = material.token;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster.name, cluster: clusterOut }],
    users: [{ name: user.name, user: userOut }],
    contexts: [{ name: context.name, context: context.value }],
    'current-context': context.name,
    preferences: {},
  });
}
