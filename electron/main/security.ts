/**
 * Guards around everything the renderer could reach: the CSP header, a
 * request filter that lets only the app's own files load, no permissions,
 * no downloads, no navigation, no new windows, no <webview>. The main
 * process runs elevated, so anything loaded into a window must be ours.
 */
import { app, protocol, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './app-protocol.js';
import { isAllowedExternalUrl, isAllowedRequestUrl } from './trust.js';

/** Hosts a future "open the docs" link may send the system browser to. Empty: none today. */
export const EXTERNAL_HOSTS: readonly string[] = [];

export function guardSession(session: Session, rendererRoot: string): void {
  // The renderer's files come from app://winjoin/ (app-protocol.ts), never file://.
  session.protocol.handle(APP_SCHEME, (request) => serveAppFile(request.url, rendererRoot));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    // DevTools (development builds only) brings its own policy; ours would break it.
    if (details.url.startsWith('devtools:')) return callback({});
    const headers = withoutHeader(details.responseHeaders ?? {}, 'content-security-policy');
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** Applied to every WebContents the app ever creates, via app's web-contents-created. */
export function guardWebContents(contents: WebContents): void {
  // Both fire only for navigations the page starts; main's own loadURL is not one.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Before app ready: sandbox every renderer, make app:// a standard secure scheme, and guard every WebContents as it appears. */
export function installAppGuards(): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** The only way out to the system browser, and only to allow-listed https hosts. */
export async function openExternalSafely(url: string, allowedHosts: readonly string[] = EXTERNAL_HOSTS): Promise<boolean> {
  if (!isAllowedExternalUrl(url, allowedHosts)) return false;
  await shell.openExternal(url);
  return true;
}

function withoutHeader(headers: Record<string, string[]>, name: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}
