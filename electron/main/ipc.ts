/**
 * The one wrapper that registers IPC. Every contract call gets an
 * ipcMain.handle that first checks the sender frame (only the app's own
 * index.html may call the elevated back end) and then goes through
 * dispatch(), which validates the payload against the contract. Service
 * events go to the window once its page listens for them.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { BRIDGE_SUBSCRIBE } from '../../shared/ipc/bridge-wire.js';
import {
  CALL_NAMES,
  EVENT_NAMES,
  isEventName,
  type CallName,
  type Envelope,
  type EventName,
  type EventPayload,
  type Handlers,
} from '../../shared/ipc/contract.js';
import { dispatch } from '../service/dispatch.js';
import type { AccentControl } from './accent.js';
import { createEventForwarder } from './event-forwarder.js';
import { isTrustedSender, type SenderFrame } from './trust.js';

/** What ipc.ts needs from the service to forward its events. */
export type EventSource = <K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) => () => void;

export async function handleCall(
  handlers: Handlers,
  indexUrl: string,
  channel: CallName,
  frame: SenderFrame | null,
  payload: unknown,
): Promise<Envelope<unknown>> {
  if (!isTrustedSender(frame, indexUrl)) {
    return { ok: false, error: { code: 'E_IPC_SENDER', message: `${channel} refused: the caller is not WinJoin's own page` } };
  }
  return dispatch(handlers, channel, payload);
}

/** The service's events, with the accent colour's changes from the shell (which the service never sends). */
export function withAccent(subscribe: EventSource, accent: Pick<AccentControl, 'subscribe'>): EventSource {
  return (event, listener) =>
    event === 'app:accent' ? accent.subscribe(listener as (payload: EventPayload<'app:accent'>) => void) : subscribe(event, listener);
}

/** Registers one handler per contract call; returns the undo, for a clean quit. */
export function registerCalls(handlers: Handlers, indexUrl: string): () => void {
  for (const channel of CALL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => handleCall(handlers, indexUrl, channel, event.senderFrame, payload));
  }
  return () => {
    for (const channel of CALL_NAMES) ipcMain.removeHandler(channel);
  };
}

/** Sends the service's events to one window's page, held back until it subscribes. */
export function forwardEvents(contents: WebContents, subscribe: EventSource, indexUrl: string): () => void {
  const forwarder = createEventForwarder((event, payload) => {
    if (!contents.isDestroyed()) contents.send(event, payload);
  });
  const onSubscribe = (event: IpcMainEvent, name: unknown) => {
    if (event.sender === contents && isTrustedSender(event.senderFrame, indexUrl) && isEventName(name)) forwarder.subscribe(name);
  };
  const onNewPage = () => forwarder.reset();
  ipcMain.on(BRIDGE_SUBSCRIBE, onSubscribe);
  contents.on('did-navigate', onNewPage);
  contents.on('render-process-gone', onNewPage);
  const unsubscribes = EVENT_NAMES.map((name) => subscribe(name, (payload) => forwarder.push(name, payload)));
  return () => {
    ipcMain.off(BRIDGE_SUBSCRIBE, onSubscribe);
    if (!contents.isDestroyed()) {
      contents.off('did-navigate', onNewPage);
      contents.off('render-process-gone', onNewPage);
    }
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
