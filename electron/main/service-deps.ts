/**
 * The host layer the Electron shell runs the service over: the same default
 * dependencies as the CLI, with the two things only the shell knows: where
 * the packaged step scripts are (extraResources) and the system proxy
 * (Chromium's resolver, which reads the Windows settings and PAC files).
 */
import path from 'node:path';
import { app, session } from 'electron';
import type { ServiceDeps } from '../service/deps.js';
import { defaultDeps } from '../service/default-deps.js';

export async function loadServiceDeps(): Promise<ServiceDeps> {
  const powershellDir = app.isPackaged
    ? path.join(process.resourcesPath, 'powershell')
    : path.resolve(__dirname, '..', '..', 'electron', 'powershell');
  return defaultDeps({
    powershellDir,
    version: app.getVersion(),
    downloads: { resolveSystemProxy: (url) => session.defaultSession.resolveProxy(url) },
  });
}
