/**
 * window.winjoin as the renderer sees it: the raw bridge the Electron preload
 * (and the browser preview's bridge script) installs. Reference it with
 * `/// <reference path="../shared/ipc/window.d.ts" />` or include shared/ in
 * the renderer's tsconfig; wrap it with createClient() from ./client.js.
 */
import type { RawBridge } from './contract.js';

declare global {
  interface Window {
    readonly winjoin: RawBridge;
  }
}

export {};
