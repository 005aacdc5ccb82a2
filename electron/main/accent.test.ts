import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AccentSchema } from '../../shared/ipc/contract.js';
import { accentControl, accentFromElectron, type AccentSource } from './accent.js';

/** systemPreferences as Windows has it: a colour to read, and an emitter for its changes. */
function windowsPreferences(color: unknown): AccentSource & EventEmitter {
  return Object.assign(new EventEmitter(), { getAccentColor: () => color });
}

describe('accentFromElectron', () => {
  it("takes Electron's RGBA hex (and plain RGB) to #rrggbb, dropping the alpha", () => {
    expect(accentFromElectron('0078D4FF')).toBe('#0078d4');
    expect(accentFromElectron('e81123')).toBe('#e81123');
    expect(accentFromElectron('#c30052ff')).toBe('#c30052');
  });

  it('answers null for anything else, so the renderer keeps Fluent’s own brand', () => {
    for (const value of ['', 'blue', '0078d', '0078d4f', '0078d4ff00', 'zz78d4ff', false, 7, null, undefined, { r: 0 }])
      expect(accentFromElectron(value), String(value)).toBeNull();
  });
});

describe('accentControl', () => {
  it('reads the accent on Windows and macOS, in the form the contract allows', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const read = await accentControl(windowsPreferences('107c10ff'), platform).read();
      expect(read).toEqual({ accent: '#107c10' });
      expect(AccentSchema.parse(read)).toEqual(read);
    }
  });

  it('has no accent where Electron offers none, where it answers in another form, or throws', async () => {
    expect(await accentControl(windowsPreferences('107c10ff'), 'linux').read()).toEqual({ accent: null });
    expect(await accentControl({}, 'win32').read()).toEqual({ accent: null });
    // Electron's typing allows a boolean from older macOS.
    expect(await accentControl(windowsPreferences(false), 'darwin').read()).toEqual({ accent: null });
    const throwing: AccentSource = {
      getAccentColor: () => {
        throw new Error('not available');
      },
    };
    expect(await accentControl(throwing, 'win32').read()).toEqual({ accent: null });
  });

  it("passes each 'accent-color-changed' on, validated, until unsubscribed", () => {
    const preferences = windowsPreferences('0078d4ff');
    const seen: unknown[] = [];
    const stop = accentControl(preferences, 'win32').subscribe((payload) => seen.push(payload));
    preferences.emit('accent-color-changed', {}, 'ca5010ff');
    preferences.emit('accent-color-changed', {}, 'not a colour');
    stop();
    preferences.emit('accent-color-changed', {}, '881798ff');
    expect(seen).toEqual([{ accent: '#ca5010' }, { accent: null }]);
    expect(preferences.listenerCount('accent-color-changed')).toBe(0);
  });

  it('listens to nothing on a platform without the event', () => {
    const preferences = windowsPreferences('0078d4ff');
    const stop = accentControl(preferences, 'linux').subscribe(() => undefined);
    expect(preferences.listenerCount('accent-color-changed')).toBe(0);
    stop();
  });
});
