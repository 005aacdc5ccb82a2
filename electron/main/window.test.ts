import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './testing/fake-electron.js';
import { createMainWindow, focusWindow, MIN_WINDOW, WEB_PREFERENCES } from './window.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));

beforeEach(() => {
  FakeBrowserWindow.created.length = 0;
});

describe('WEB_PREFERENCES', () => {
  it('isolates and sandboxes the page and keeps Node and webviews out of it', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
  });
});

describe('createMainWindow', () => {
  it('creates the window with WEB_PREFERENCES plus the preload, and loads the given URL', () => {
    const window = createMainWindow({
      title: 'WinJoin',
      preload: '/app/dist/electron/preload.cjs',
      indexUrl: 'file:///app/dist/renderer/index.html',
      devTools: false,
    });
    const created = FakeBrowserWindow.created;
    expect(created).toHaveLength(1);
    expect(created[0]!.options.webPreferences).toEqual({ ...WEB_PREFERENCES, preload: '/app/dist/electron/preload.cjs' });
    expect((window as unknown as FakeBrowserWindow).loadedUrl).toBe('file:///app/dist/renderer/index.html');
  });

  it('cannot be made smaller than the size every page is laid out for', () => {
    createMainWindow({ title: 'WinJoin', preload: '/p.cjs', indexUrl: 'file:///i.html', devTools: false });
    // The page's own size (useContentSize), not the frame's, which would leave the page smaller by the title bar and borders.
    expect(FakeBrowserWindow.created[0]!.options).toMatchObject({ minWidth: 1024, minHeight: 700, useContentSize: true });
    expect(MIN_WINDOW).toEqual({ width: 1024, height: 700 });
  });

  it('cannot be asked to weaken a preference other than devtools', () => {
    createMainWindow({ title: 'WinJoin', preload: '/p.cjs', indexUrl: 'file:///i.html', devTools: true });
    const prefs = FakeBrowserWindow.created[0]!.options.webPreferences as Record<string, unknown>;
    expect({ ...prefs, devTools: false, preload: undefined }).toEqual({ ...WEB_PREFERENCES, preload: undefined });
  });
});

describe('focusWindow', () => {
  it('restores a minimised window and focuses it; with no window yet it does nothing', () => {
    const calls: string[] = [];
    const window = { isMinimized: () => true, restore: () => calls.push('restore'), focus: () => calls.push('focus') };
    focusWindow(window);
    expect(calls).toEqual(['restore', 'focus']);
    expect(() => focusWindow(null)).not.toThrow();
  });
});

describe('source scan', () => {
  const sourceFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(full);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const root = path.resolve(import.meta.dirname, '..', '..');
  const files = ['electron', 'renderer', 'shared'].flatMap((dir) =>
    fs.existsSync(path.join(root, dir)) ? sourceFiles(path.join(root, dir)) : [],
  );

  it('creates BrowserWindows only in window.ts, and only with WEB_PREFERENCES', () => {
    const creators = files.filter((file) =>
      /new\s+BrowserWindow\b|new\s+BrowserView\b|new\s+WebContentsView\b/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(creators.map((f) => path.relative(root, f))).toEqual([path.join('electron', 'main', 'window.ts')]);
    const source = fs.readFileSync(path.join(root, 'electron', 'main', 'window.ts'), 'utf8');
    expect(source).toMatch(/webPreferences:\s*\{\s*\.\.\.WEB_PREFERENCES,/);
  });

  it('uses no remote module and never turns a guard off', () => {
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(
        /@electron\/remote|enableRemoteModule|nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|webviewTag:\s*true/,
      );
    }
  });
});
