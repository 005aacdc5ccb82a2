/**
 * The one place a BrowserWindow is created. Every window gets
 * WEB_PREFERENCES, which a test pins: the page runs sandboxed, isolated from
 * the preload, without Node, and talks to the elevated main process only
 * through the contract the preload exposes.
 */
import { BrowserWindow } from 'electron';

export const WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  devTools: false,
  safeDialogs: true,
  // Middle-click would ask for a new window; the open handler denies it anyway, this stops it earlier.
  disableBlinkFeatures: 'Auxclick',
} as const);

/** Every page is laid out for this size (checked at 1024x700 by e2e/layout.spec.ts); the page never gets smaller. In DIPs, so also at 125% or 150% display scaling. */
export const MIN_WINDOW = Object.freeze({ width: 1024, height: 700 });

export interface WindowOptions {
  title: string;
  preload: string;
  indexUrl: string;
  /** Packaged builds hide devtools; a development build keeps them. */
  devTools: boolean;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    // Wide enough for the Join page's timeline and log side by side.
    width: 1280,
    height: 800,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    // These sizes are the page's, not the frame's: without it the title bar and borders come out of the
    // minimum and the page gets about 1008x661 (on Windows), less than every page is laid out for.
    useContentSize: true,
    title: options.title,
    show: false,
    autoHideMenuBar: true,
    webPreferences: { ...WEB_PREFERENCES, devTools: options.devTools, preload: options.preload },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.indexUrl).catch((error: unknown) => {
    // A missing renderer build shows as an empty window; say why where a developer looks.
    process.stderr.write(`WinJoin: cannot load ${options.indexUrl}: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  return window;
}

/** A second launch of the wizard brings the first one's window forward instead of opening another. */
export function focusWindow(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'focus'> | null): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}
