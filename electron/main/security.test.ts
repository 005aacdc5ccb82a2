import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { appLayout } from './app-layout.js';
import { guardSession, guardWebContents, installAppGuards, openExternalSafely } from './security.js';
import { app, FakeSession, FakeWebContents, preventable, protocol, shell } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));

const layout = appLayout('/opt/WinJoin/dist/electron');

function guarded() {
  const session = new FakeSession();
  guardSession(session as never, layout.rendererRoot);
  return session;
}

function requestOutcome(session: FakeSession, url: string) {
  let outcome: { cancel?: boolean } | undefined;
  session.beforeRequest!({ url }, (r) => (outcome = r));
  return outcome;
}

describe('guardSession', () => {
  it('lets the app files load from app:// and cancels file:// and every remote request', () => {
    const session = guarded();
    expect(layout.indexUrl).toBe('app://winjoin/index.html');
    expect(requestOutcome(session, layout.indexUrl)).toEqual({ cancel: false });
    expect(requestOutcome(session, 'app://winjoin/assets/app.js')).toEqual({ cancel: false });
    expect(requestOutcome(session, 'https://cdn.example/x.js')).toEqual({ cancel: true });
    expect(requestOutcome(session, pathToFileURL('/etc/hosts').href)).toEqual({ cancel: true });
    // The renderer's own build too: file:// pages get privileges and escape webRequest's CSP header.
    expect(requestOutcome(session, pathToFileURL(`${layout.rendererRoot}/index.html`).href)).toEqual({ cancel: true });
  });

  it('serves app:// from the renderer build only, with the CSP as a header', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-app-protocol-'));
    try {
      fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>WinJoin</title>');
      const session = new FakeSession();
      guardSession(session as never, root);
      const handler = session.protocolHandlers.get('app')!;
      const page = await handler({ url: 'app://winjoin/index.html' });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await page.text()).toContain('<title>WinJoin</title>');
      expect((await handler({ url: 'app://winjoin/../../etc/passwd' })).status).toBe(404);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('sets the CSP on every response and replaces any policy the response brought', () => {
    const session = guarded();
    let headers: Record<string, string[]> | undefined;
    session.headersReceived!(
      { url: layout.indexUrl, responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    let devtools: Record<string, string[]> | undefined = {};
    session.headersReceived!({ url: 'devtools://devtools/bundled/devtools_app.html' }, (r) => (devtools = r.responseHeaders));
    expect(devtools).toBeUndefined();
  });

  it('denies every permission request and check, and every device', () => {
    const session = guarded();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      session.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheck!({}, permission, 'file://', {})).toBe(false);
    }
    expect(session.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels downloads', () => {
    const session = guarded();
    const event = preventable();
    session.emit('will-download', event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('guardWebContents', () => {
  it('refuses navigation, redirects, webviews and new windows', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = preventable();
      contents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: layout.indexUrl })).toEqual({ action: 'deny' });
  });
});

describe('installAppGuards', () => {
  beforeEach(() => app.removeAllListeners());

  it('sandboxes every renderer and guards every WebContents as it is created', () => {
    installAppGuards();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const event = preventable();
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler).not.toBeNull();
  });
});

describe('openExternalSafely', () => {
  it('opens only allow-listed https URLs', async () => {
    expect(await openExternalSafely('https://evil.example/')).toBe(false);
    expect(await openExternalSafely('file:///C:/Windows/System32/cmd.exe', ['evil.example'])).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(await openExternalSafely('https://kubernetes.io/docs/', ['kubernetes.io'])).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://kubernetes.io/docs/');
  });
});
