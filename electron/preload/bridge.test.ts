import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_SUBSCRIBE } from '../../shared/ipc/bridge-wire.js';
import { CALL_NAMES, EVENT_NAMES, isCallName, isEventName } from '../../shared/ipc/contract.js';
import { createBridge, type IpcRendererLike } from './bridge.js';

function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc = {
    invoke: vi.fn(async (channel: string) => ({ ok: true, result: channel })),
    send: vi.fn(),
    on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) =>
      listeners.get(channel)?.delete(listener),
    ),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer itself' }, payload);
  };
  return { ipc, emit, listeners };
}

describe('createBridge', () => {
  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards every contract call to main', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const channel of CALL_NAMES) expect(await bridge.invoke(channel, {})).toEqual({ ok: true, result: channel });
    expect(ipc.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('refuses any other channel without reaching main', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const channel of [BRIDGE_SUBSCRIBE, 'ELECTRON_BROWSER_REQUIRE', 'join:start ', '__proto__', 'constructor', 'toString', '']) {
      expect(await bridge.invoke(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
    }
    expect(await bridge.invoke(42 as unknown as string, {})).toMatchObject({ ok: false });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns a failure of main itself into an envelope, not a rejection', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error('main went away'));
    expect(await createBridge(ipc).invoke('app:info', {})).toMatchObject({
      ok: false,
      error: { code: 'E_INTERNAL', message: 'main went away' },
    });
  });

  it('subscribes only to contract events, gives listeners the payload alone, and tells main once per event', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.on('join:state', (...args) => seen.push(args));
    bridge.on('join:state', () => {});
    emit('join:state', { phase: 'running' });
    expect(seen).toEqual([[{ phase: 'running' }]]);
    expect(ipc.send.mock.calls).toEqual([[BRIDGE_SUBSCRIBE, 'join:state']]);
    off();
    emit('join:state', { phase: 'succeeded' });
    expect(seen).toHaveLength(1);
  });

  it('refuses to listen on anything but a contract event', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const event of ['app:info', BRIDGE_SUBSCRIBE, 'ELECTRON_RENDERER_WINDOW_OPEN', 'hasOwnProperty']) {
      expect(() => bridge.on(event, () => {}), event).toThrow(TypeError);
    }
    expect(ipc.on).not.toHaveBeenCalled();
  });
});

describe('bridge wire', () => {
  it('uses an internal channel that no contract call or event can collide with', () => {
    expect(isCallName(BRIDGE_SUBSCRIBE)).toBe(false);
    expect(isEventName(BRIDGE_SUBSCRIBE)).toBe(false);
    expect(EVENT_NAMES.length).toBeGreaterThan(0);
  });
});
