import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appLayout } from './app-layout.js';
import { appUrlToFile } from './app-protocol.js';
import { isAllowedExternalUrl, isAllowedRequestUrl, isTrustedSender } from './trust.js';

const layout = appLayout('/opt/WinJoin/resources/app.asar/dist/electron');

describe('isTrustedSender', () => {
  it('accepts the top frame of the app index.html, whatever route its hash holds', () => {
    expect(isTrustedSender({ url: layout.indexUrl, parent: null }, layout.indexUrl)).toBe(true);
    expect(isTrustedSender({ url: `${layout.indexUrl}#/review?step=2`, parent: null }, layout.indexUrl)).toBe(true);
  });

  it('refuses a subframe even when it shows the app page', () => {
    expect(isTrustedSender({ url: layout.indexUrl, parent: { url: layout.indexUrl } }, layout.indexUrl)).toBe(false);
  });

  it('refuses remote pages, other app pages, file:// pages and look-alikes', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/index.html',
      'app://winjoin/other.html',
      'app://winjoin.evil/index.html',
      'app://evil/index.html',
      'app://user@winjoin/index.html',
      pathToFileURL('/opt/WinJoin/resources/app.asar/dist/renderer/index.html').href,
      'file://fileserver/share/dist/renderer/index.html',
      'about:blank',
      'data:text/html,<script></script>',
      'not a url',
    ]) {
      expect(isTrustedSender({ url, parent: null }, layout.indexUrl), url).toBe(false);
    }
  });

  it('refuses a frame that is already gone', () => {
    expect(isTrustedSender(null, layout.indexUrl)).toBe(false);
    expect(isTrustedSender(undefined, layout.indexUrl)).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it('lets the renderer load its own app:// files and inline data', () => {
    expect(isAllowedRequestUrl(layout.indexUrl)).toBe(true);
    expect(isAllowedRequestUrl('app://winjoin/assets/index-abc.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
  });

  it('cancels remote origins, other app hosts and every file:// URL', () => {
    for (const url of [
      'https://cdn.example/react.js',
      'http://127.0.0.1:8080/',
      'ws://127.0.0.1:9229/',
      'app://winjoin.evil/x.js',
      'app://other/x.js',
      pathToFileURL('/etc/passwd').href,
      pathToFileURL(`${layout.rendererRoot}/index.html`).href,
      'file://fileserver/share/x.js',
      'ftp://example/x',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });
});

describe('appUrlToFile', () => {
  it('maps app://winjoin/ paths into the renderer build and nothing outside it', () => {
    expect(appUrlToFile('app://winjoin/index.html', layout.rendererRoot)).toBe(path.join(layout.rendererRoot, 'index.html'));
    expect(appUrlToFile('app://winjoin/assets/a%20b.js', layout.rendererRoot)).toBe(path.join(layout.rendererRoot, 'assets', 'a b.js'));
    // The URL parser folds literal dot segments at the root; whatever it makes of them stays inside.
    for (const url of ['app://winjoin/../electron/main.cjs', 'app://winjoin/%2e%2e/electron/main.cjs']) {
      const file = appUrlToFile(url, layout.rendererRoot);
      expect(file === null || !path.relative(layout.rendererRoot, file).startsWith('..'), url).toBe(true);
    }
    for (const url of [
      'app://winjoin/assets/..%2f..%2felectron%2fmain.cjs',
      'app://winjoin/..%5celectron%5cmain.cjs',
      'app://winjoin/',
      'app://winjoin/x%00.js',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(appUrlToFile(url, layout.rendererRoot), url).toBeNull();
    }
  });
});

describe('isAllowedExternalUrl', () => {
  const hosts = ['kubernetes.io'];
  it('allows https to an allow-listed host only', () => {
    expect(isAllowedExternalUrl('https://kubernetes.io/docs/setup/', hosts)).toBe(true);
    expect(isAllowedExternalUrl('http://kubernetes.io/docs/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://kubernetes.io.evil.example/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@kubernetes.io/', hosts)).toBe(false);
    expect(isAllowedExternalUrl('file:///C:/Windows/System32/calc.exe', hosts)).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)', hosts)).toBe(false);
    expect(isAllowedExternalUrl('https://kubernetes.io/', [])).toBe(false);
  });
});
