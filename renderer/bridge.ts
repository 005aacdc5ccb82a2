/**
 * The one client the renderer uses. In Electron the preload put a RawBridge
 * on window.winjoin; in the browser preview there is none, so the HTTP bridge
 * to the loopback preview server stands in with the same interface.
 */
import { createClient, type WinJoinClient } from '../shared/ipc/client.js';
import type { RawBridge } from '../shared/ipc/contract.js';
import type {} from '../shared/ipc/window.js';
import { PREVIEW_TOKEN_PARAM } from '../shared/ipc/preview-token.js';
import { createHttpBridge } from './http-bridge.js';

function rawBridge(): RawBridge {
  const fromPreload = (window as Partial<Window>).winjoin;
  if (fromPreload) return fromPreload;
  // The preview printed its URL with ?token=...; the base for calls drops the query, the token travels in a header.
  const token = new URLSearchParams(window.location.search).get(PREVIEW_TOKEN_PARAM) ?? '';
  return createHttpBridge(new URL('./', window.location.href).href, {
    fetch: (...args) => window.fetch(...args),
    token,
  });
}

let client: WinJoinClient | null = null;

export function getClient(): WinJoinClient {
  client ??= createClient(rawBridge());
  return client;
}

/** True in the desktop app, where native dialogs (kubeconfig:pick) exist. */
export function hasNativeShell(): boolean {
  return Boolean((window as Partial<Window>).winjoin);
}
