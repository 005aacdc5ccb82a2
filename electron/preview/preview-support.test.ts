import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStale } from './build-renderer.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { HEADER_ONLY_DIRECTIVES, META_CSP, PREVIEW_CSP } from './csp.js';
import { DEFAULT_PORT, parsePreviewArgs } from './options.js';

describe('preview options', () => {
  it('runs a real join only when --real-join names it; without a choice it refuses to start', () => {
    expect(() => parsePreviewArgs([])).toThrow(/--rehearsal.*--real-join/);
    expect(() => parsePreviewArgs(['--port', '5178'])).toThrow(/--real-join/);
    expect(() => parsePreviewArgs(['--real-join', '--rehearsal'])).toThrow(/exclude/);
    expect(parsePreviewArgs(['--real-join'])).toEqual({ port: DEFAULT_PORT, stateDir: undefined, rehearsal: null, realJoin: true });
    expect(DEFAULT_PORT).toBe(5178);
  });
  it('reads port, state dir and rehearsal scenario', () => {
    expect(parsePreviewArgs(['--port', '0', '--state-dir', '/tmp/s', '--rehearsal'])).toEqual({
      port: 0,
      stateDir: '/tmp/s',
      rehearsal: { scenario: 'happy' },
      realJoin: false,
    });
    expect(parsePreviewArgs(['--scenario', 'proxy-auth']).rehearsal).toEqual({ scenario: 'proxy-auth' });
  });
  it('picks the simulated world with --recipe, and refuses a recipe WinJoin does not have', () => {
    expect(parsePreviewArgs(['--rehearsal', '--recipe', 'containerd-kubeadm']).rehearsal).toEqual({
      scenario: 'happy',
      recipe: 'containerd-kubeadm',
    });
    expect(parsePreviewArgs(['--scenario', 'expired-token', '--recipe', 'containerd-kubeadm']).rehearsal).toEqual({
      scenario: 'expired-token',
      recipe: 'containerd-kubeadm',
    });
    expect(() => parsePreviewArgs(['--rehearsal', '--recipe', 'flannel-host-gw'])).toThrow(/--recipe must be one of/);
  });
  it('refuses a bad port and unknown flags', () => {
    expect(() => parsePreviewArgs(['--port', 'x'])).toThrow(/port/);
    expect(() => parsePreviewArgs(['--host', '0.0.0.0'])).toThrow();
  });
});

describe('renderer build staleness', () => {
  it('is stale when missing or older than a source, fresh otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-stale-'));
    const index = path.join(dir, 'out', 'index.html');
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'a.ts'), '');
    expect(isStale(index, [src])).toBe(true);
    fs.mkdirSync(path.dirname(index));
    fs.writeFileSync(index, '');
    fs.utimesSync(path.join(src, 'a.ts'), new Date(1000), new Date(1000));
    expect(isStale(index, [src])).toBe(false);
    fs.utimesSync(path.join(src, 'a.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(isStale(index, [src])).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('CSP', () => {
  const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  const names = (policy: string) => policy.split(';').map((part) => part.trim().split(/\s+/)[0]);

  it('sends the renderer’s meta-tag policy as a header, with no inline script and no remote origin', () => {
    expect(meta).toBe(META_CSP);
    expect(PREVIEW_CSP.startsWith(`${META_CSP}; `)).toBe(true);
    expect(PREVIEW_CSP).toContain("script-src 'self';");
    expect(PREVIEW_CSP).not.toMatch(/unsafe-|https?:/);
  });

  it('keeps frame-ancestors out of the meta tag, where Chromium ignores it with a console error, and in the header', () => {
    for (const directive of HEADER_ONLY_DIRECTIVES) expect(names(meta ?? ''), directive).not.toContain(directive);
    expect(PREVIEW_CSP).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
