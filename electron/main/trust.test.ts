import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appLayout } from './app-layout.js';
import { isAllowedExternalUrl, isAllowedRequestUrl, isTrustedSender } from './trust.js';

const layout = appLayout('/opt/WinJoin/resources/app.asar/dist/electron');

describe('isTrustedSender', () => {
  it('accepts the top frame of the app index.html, whatever route its hash holds', () => {
    expect(isTrustedSender({ url: layout.indexUrl, parent: null }, layout.indexHtml)).toBe(true);
    expect(isTrustedSender({ url: `${layout.indexUrl}#/review?step=2`, parent: null }, layout.indexHtml)).toBe(true);
  });

  it('refuses a subframe even when it shows the app page', () => {
    expect(isTrustedSender({ url: layout.indexUrl, parent: { url: layout.indexUrl } }, layout.indexHtml)).toBe(false);
  });

  it('refuses remote pages, other local files and look-alike paths', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/index.html',
      pathToFileURL('/opt/WinJoin/resources/app.asar/dist/renderer/other.html').href,
      pathToFileURL('/tmp/dist/renderer/index.html').href,
      pathToFileURL('/opt/WinJoin/resources/app.asar/dist/renderer-evil/index.html').href,
      'file://fileserver/share/dist/renderer/index.html',
      'about:blank',
      'data:text/html,<script></script>',
      'not a url',
    ]) {
      expect(isTrustedSender({ url, parent: null }, layout.indexHtml), url).toBe(false);
    }
  });

  it('refuses a frame that is already gone', () => {
    expect(isTrustedSender(null, layout.indexHtml)).toBe(false);
    expect(isTrustedSender(undefined, layout.indexHtml)).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it('lets the renderer load its own files and inline data', () => {
    expect(isAllowedRequestUrl(layout.indexUrl, layout.rendererRoot)).toBe(true);
    expect(isAllowedRequestUrl(pathToFileURL(`${layout.rendererRoot}/assets/index-abc.js`).href, layout.rendererRoot)).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA', layout.rendererRoot)).toBe(true);
  });

  it('cancels remote origins and files outside the renderer build', () => {
    for (const url of [
      'https://cdn.example/react.js',
      'http://127.0.0.1:8080/',
      'ws://127.0.0.1:9229/',
      pathToFileURL('/etc/passwd').href,
      pathToFileURL('/opt/WinJoin/resources/app.asar/dist/electron/main.cjs').href,
      `${pathToFileURL(layout.rendererRoot).href}/../electron/main.cjs`,
      'file://fileserver/share/x.js',
      'ftp://example/x',
    ]) {
      expect(isAllowedRequestUrl(url, layout.rendererRoot), url).toBe(false);
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
