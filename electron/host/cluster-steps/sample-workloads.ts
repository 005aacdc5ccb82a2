/**
 * The sample workloads of a containerd-kubeadm join, built as API objects:
 * a Windows web server pinned to the new node (sample-service) and the same
 * server on hostPort 4444 (port-mapping). The container runs a small
 * HttpListener in Windows PowerShell, passed as -EncodedCommand so no quote
 * has to survive the trip from the pod spec to powershell.exe's command line.
 */
import type { ClusterClient } from '../cluster/client.js';
import { ApiStatusError } from '../cluster/client.js';

/** What the page says; the step checks for it (the docker-sdn sample's text, so support staff know it). */
export const SAMPLE_PAGE_TEXT = 'Windows Container Web Server';
export const SAMPLE_NAMESPACE = 'default';
export const HOST_PORT = 4444;
/** The port the web server listens on in its pod. */
export const WEB_PORT = 80;

export type SampleKind = 'sample-service' | 'port-mapping';

export const SAMPLE_NAMES: Record<SampleKind, string> = {
  'sample-service': 'winjoin-webserver',
  'port-mapping': 'winjoin-portmapping',
};

const LISTENER_SCRIPT = [
  '$listener = New-Object System.Net.HttpListener',
  `$listener.Prefixes.Add('http://*:${WEB_PORT}/')`,
  '$listener.Start()',
  'while ($listener.IsListening) {',
  '  $context = $listener.GetContext()',
  `  $body = [Text.Encoding]::UTF8.GetBytes('<html><body><h1>${SAMPLE_PAGE_TEXT}</h1><p>' + $env:COMPUTERNAME + '</p></body></html>')`,
  "  $context.Response.ContentType = 'text/html'",
  '  $context.Response.ContentLength64 = $body.Length',
  '  $context.Response.OutputStream.Write($body, 0, $body.Length)',
  '  $context.Response.Close()',
  '}',
].join('\n');

/** powershell.exe -EncodedCommand takes UTF-16LE in base64. */
export function encodedCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/**
 * The Server Core tag that runs on this host with process isolation: a
 * Windows container's build must match the host's (reference T8).
 */
export function serverCoreImage(osBuild: number): string {
  if (osBuild >= 26100) return 'mcr.microsoft.com/windows/servercore:ltsc2025';
  if (osBuild >= 20348) return 'mcr.microsoft.com/windows/servercore:ltsc2022';
  return 'mcr.microsoft.com/windows/servercore:ltsc2019';
}

export function sampleDeployment(kind: SampleKind, nodeName: string, osBuild: number): Record<string, unknown> {
  const name = SAMPLE_NAMES[kind];
  const labels = { app: name, 'app.kubernetes.io/managed-by': 'winjoin' };
  const port = kind === 'port-mapping' ? { containerPort: WEB_PORT, hostPort: HOST_PORT } : { containerPort: WEB_PORT };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: SAMPLE_NAMESPACE, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          // This node, and only it: the sample proves the node WinJoin joined.
          nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.io/hostname': nodeName },
          containers: [
            {
              name: 'web',
              image: serverCoreImage(osBuild),
              command: ['powershell.exe', '-NoProfile', '-EncodedCommand', encodedCommand(LISTENER_SCRIPT)],
              ports: [port],
            },
          ],
        },
      },
    },
  };
}

/** The Deployment's path, for create, replace and delete. */
export function deploymentPath(kind: SampleKind): string {
  return `/apis/apps/v1/namespaces/${SAMPLE_NAMESPACE}/deployments/${SAMPLE_NAMES[kind]}`;
}

/** Creates or replaces the sample; true when the cluster changed. */
export async function applySample(client: ClusterClient, kind: SampleKind, nodeName: string, osBuild: number): Promise<boolean> {
  const wanted = sampleDeployment(kind, nodeName, osBuild);
  let existing: { metadata?: { resourceVersion?: string }; spec?: unknown } | null = null;
  try {
    existing = await client.get(deploymentPath(kind));
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.status === 404)) throw error;
  }
  if (!existing) {
    await client.send('POST', `/apis/apps/v1/namespaces/${SAMPLE_NAMESPACE}/deployments`, wanted);
    return true;
  }
  if (JSON.stringify(existing.spec) === JSON.stringify(wanted.spec)) return false;
  const metadata = { ...(wanted.metadata as object), resourceVersion: existing.metadata?.resourceVersion };
  await client.send('PUT', deploymentPath(kind), { ...wanted, metadata });
  return true;
}

/** Deletes the sample (and, by propagation, its pods); false when it was not there. */
export async function deleteSample(client: ClusterClient, kind: SampleKind): Promise<boolean> {
  try {
    await client.send('DELETE', `${deploymentPath(kind)}?propagationPolicy=Foreground`, undefined);
    return true;
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return false;
    throw error;
  }
}
