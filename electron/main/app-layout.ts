/**
 * Where the built pieces sit relative to the bundled main script
 * (dist/electron/main.cjs, inside app.asar when packaged). One function, so
 * the window, the sender check and the request filter agree on the same
 * paths.
 */
import path from 'node:path';
import { APP_INDEX_URL } from './app-protocol.js';

export interface AppLayout {
  /** The directory the renderer build lives in; nothing outside it may load. */
  rendererRoot: string;
  /** The URL the window loads (app://, served from rendererRoot) and the only one whose frames may call IPC. */
  indexUrl: string;
  preload: string;
}

export function appLayout(mainDir: string): AppLayout {
  const rendererRoot = path.resolve(mainDir, '..', 'renderer');
  return { rendererRoot, indexUrl: APP_INDEX_URL, preload: path.join(mainDir, 'preload.cjs') };
}
