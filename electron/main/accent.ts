/**
 * The window's accent colour, where Electron exposes it: systemPreferences.getAccentColor()
 * (Windows, macOS 10.14+) and its 'accent-color-changed' event (Windows). Electron gives
 * RGBA hex without '#' ("0078d4ff"); the renderer gets `#rrggbb` (the alpha is the
 * DWM's, not the user's choice) or null where none is known: no such call, an answer of
 * another form, or a call that throws. systemPreferences is passed in, so the tests
 * drive it without Electron.
 */
import type { CallResponse, EventPayload } from '../../shared/ipc/contract.js';

/** The parts of Electron's systemPreferences this uses; optional, since each platform has a different subset. */
export interface AccentSource {
  getAccentColor?: () => unknown;
  on?: (event: 'accent-color-changed', listener: (event: unknown, newColor: unknown) => void) => unknown;
  removeListener?: (event: 'accent-color-changed', listener: (event: unknown, newColor: unknown) => void) => unknown;
}

type Accent = CallResponse<'app:accent'>;

/** `#rrggbb` from Electron's RRGGBBAA (or RRGGBB) hex, or null for anything else. */
export function accentFromElectron(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = /^#?([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(value.trim());
  return hex ? `#${hex[1]!.toLowerCase()}` : null;
}

export interface AccentControl {
  /** The app:accent call's handler. */
  read(): Promise<Accent>;
  /** Calls the listener with each new accent the system reports; returns the undo. */
  subscribe(listener: (payload: EventPayload<'app:accent'>) => void): () => void;
}

export function accentControl(source: AccentSource, platform: NodeJS.Platform): AccentControl {
  // Linux's answer is GTK's selection colour, not a colour the user chose for windows: Fluent's own brand there.
  const supported = platform === 'win32' || platform === 'darwin';
  return {
    async read() {
      if (!supported || typeof source.getAccentColor !== 'function') return { accent: null };
      try {
        return { accent: accentFromElectron(source.getAccentColor()) };
      } catch {
        return { accent: null };
      }
    },
    subscribe(listener) {
      if (!supported || typeof source.on !== 'function') return () => undefined;
      const changed = (_event: unknown, newColor: unknown) => listener({ accent: accentFromElectron(newColor) });
      source.on('accent-color-changed', changed);
      return () => {
        source.removeListener?.('accent-color-changed', changed);
      };
    },
  };
}
