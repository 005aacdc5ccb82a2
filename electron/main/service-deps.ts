/**
 * The host layer the Electron shell runs the service over: the same default
 * dependencies as the CLI, with the two things only the shell knows: where
 * the packaged step scripts are (extraResources) and the system proxy
 * (Chromium's resolver, which reads the Windows settings and PAC files).
 */
import path from 'node:path';
import tls from 'node:tls';
import { app, session } from 'electron';
import { setSystemCaCertificates } from '../host/net/system-trust.js';
import type { ServiceDeps } from '../service/deps.js';
import { defaultDeps } from '../service/default-deps.js';

/**
 * The machine's trusted roots (the Windows certificate store), which Electron's
 * Node (24) can read; older Nodes lack the call and keep their bundled roots.
 */
function trustMachineStore(): void {
  const read = (tls as unknown as { getCACertificates?: (kind: 'system') => string[] }).getCACertificates;
  if (read) setSystemCaCertificates(read('system'));
}

export async function loadServiceDeps(): Promise<ServiceDeps> {
  trustMachineStore();
  const powershellDir = app.isPackaged
    ? path.join(process.resourcesPath, 'powershell')
    : path.resolve(__dirname, '..', '..', 'electron', 'powershell');
  return defaultDeps({
    powershellDir,
    version: app.getVersion(),
    downloads: { resolveSystemProxy: (url) => session.defaultSession.resolveProxy(url) },
  });
}
