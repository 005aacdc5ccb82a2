/**
 * Where the built pieces sit relative to the bundled main script
 * (dist/electron/main.cjs, inside app.asar when packaged). One function, so
 * the window, the sender check and the request filter agree on the same
 * paths.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppLayout {
  /** The directory the renderer build lives in; nothing outside it may load. */
  rendererRoot: string;
  indexHtml: string;
  /** The URL the window loads and the only one whose frames may call IPC. */
  indexUrl: string;
  preload: string;
}

export function appLayout(mainDir: string): AppLayout {
  const rendererRoot = path.resolve(mainDir, '..', 'renderer');
  const indexHtml = path.join(rendererRoot, 'index.html');
  return { rendererRoot, indexHtml, indexUrl: pathToFileURL(indexHtml).href, preload: path.join(mainDir, 'preload.cjs') };
}
