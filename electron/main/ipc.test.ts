import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_SUBSCRIBE } from '../../shared/ipc/bridge-wire.js';
import { CALL_NAMES, type EventName, type Handlers } from '../../shared/ipc/contract.js';
import { createService, type WinJoinService } from '../service/create-service.js';
import { fakeDeps } from '../service/testing/fake-deps.js';
import { appLayout } from './app-layout.js';
import { accentControl } from './accent.js';
import { forwardEvents, registerCalls, withAccent, type EventSource } from './ipc.js';
import { FakeWebContents, ipcMain } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));

const layout = appLayout('/opt/WinJoin/dist/electron');
const appFrame = { url: `${layout.indexUrl}#/cluster`, parent: null };

let dir: string;
let service: WinJoinService;
let unregister: () => void;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-ipc-'));
  service = await createService({ stateDir: dir, shell: 'electron', deps: fakeDeps() });
});
afterEach(async () => {
  unregister?.();
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('registerCalls', () => {
  it('registers exactly one handler per contract call, and removes them all again', () => {
    unregister = registerCalls(service.handlers, layout.indexUrl);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CALL_NAMES].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it("answers the app's own page through dispatch", async () => {
    unregister = registerCalls(service.handlers, layout.indexUrl);
    const envelope = (await ipcMain.invokeFrom(appFrame, 'app:info', {})) as { ok: boolean; result: { shell: string } };
    expect(envelope.ok).toBe(true);
    expect(envelope.result.shell).toBe('electron');
  });

  it('refuses any other frame with E_IPC_SENDER, before the handler runs', async () => {
    const spy = vi.fn(service.handlers['answers:save']);
    unregister = registerCalls({ ...service.handlers, 'answers:save': spy } as Handlers, layout.indexUrl);
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: layout.indexUrl, parent: { url: layout.indexUrl } },
      { url: pathToFileURL('/tmp/index.html').href, parent: null },
      null,
    ]) {
      const envelope = await ipcMain.invokeFrom(frame, 'answers:save', { answers: {} });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'E_IPC_SENDER' } });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates payloads against the contract (dispatch), even from the app page', async () => {
    unregister = registerCalls(service.handlers, layout.indexUrl);
    const envelope = await ipcMain.invokeFrom(appFrame, 'journal:read', { afterSeq: -1, limit: 10 });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'E_INVALID_REQUEST' } });
  });
});

describe('forwardEvents', () => {
  function fakeSource() {
    const listeners = new Map<EventName, (payload: unknown) => void>();
    const subscribe = ((event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }) as EventSource;
    return { listeners, subscribe };
  }

  it('queues events until the page subscribes, then sends them to that page only', () => {
    const contents = new FakeWebContents();
    const source = fakeSource();
    const stop = forwardEvents(contents as never, source.subscribe, layout.indexUrl);
    source.listeners.get('journal:events')!([{ seq: 1 }]);
    expect(contents.sent).toEqual([]);

    // A subscription from another WebContents, or from a foreign frame, releases nothing.
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: new FakeWebContents(), senderFrame: appFrame }, 'journal:events');
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } }, 'journal:events');
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'not:an-event');
    expect(contents.sent).toEqual([]);

    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'journal:events');
    expect(contents.sent).toEqual([['journal:events', [{ seq: 1 }]]]);

    stop();
    expect(source.listeners.size).toBe(0);
    expect(ipcMain.listenerCount(BRIDGE_SUBSCRIBE)).toBe(0);
  });

  it('holds events again while a reloaded page has not subscribed', () => {
    const contents = new FakeWebContents();
    const source = fakeSource();
    const stop = forwardEvents(contents as never, source.subscribe, layout.indexUrl);
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'join:state');
    contents.emit('did-navigate');
    source.listeners.get('join:state')!({ phase: 'running' });
    expect(contents.sent).toEqual([]);
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'join:state');
    expect(contents.sent).toEqual([['join:state', { phase: 'running' }]]);
    stop();
  });

  it("sends the system's accent changes beside the service's events; the service itself has none", async () => {
    const contents = new FakeWebContents();
    const preferences = Object.assign(new EventEmitter(), { getAccentColor: () => '0078d4ff' });
    const stop = forwardEvents(contents as never, withAccent(service.subscribe, accentControl(preferences, 'win32')), layout.indexUrl);
    preferences.emit('accent-color-changed', {}, 'ca5010ff');
    preferences.emit('accent-color-changed', {}, '107c10ff');
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'app:accent');
    // Only the newest accent is worth sending to a page that was not listening yet.
    expect(contents.sent).toEqual([['app:accent', { accent: '#107c10' }]]);
    stop();
    expect(preferences.listenerCount('accent-color-changed')).toBe(0);
    expect(await service.handlers['app:accent']({})).toEqual({ accent: null });
  });

  it('forwards the real service events', async () => {
    const contents = new FakeWebContents();
    const stop = forwardEvents(contents as never, service.subscribe, layout.indexUrl);
    ipcMain.emit(BRIDGE_SUBSCRIBE, { sender: contents, senderFrame: appFrame }, 'journal:events');
    const answers = await service.handlers['answers:example']({});
    service.granted.grant(answers.cluster.kubeconfigPath);
    const { runId } = await service.handlers['join:start']({ answers });
    await vi.waitFor(
      () => expect(contents.sent.flatMap(([, batch]) => batch as { type: string }[]).some((e) => e.type === 'run.finished')).toBe(true),
      { timeout: 30_000 },
    );
    expect(runId).toBeTruthy();
    stop();
  });
});
