/**
 * The preview bridge: the same back end the Electron shell serves, over
 * loopback HTTP, so the renderer runs in any browser (and Playwright)
 * without Electron. POST /ipc/<channel> goes through dispatch() exactly as
 * ipcMain does; GET /events streams the contract events, one JSON line
 * each; everything else is the built renderer. Plain Node: no electron.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES, type Envelope, type EventName, type EventPayload, type Handlers } from '../../shared/ipc/contract.js';
import { jsonBytesOf, jsonOf } from '../../shared/ipc/known-json.js';
import { dispatch } from '../service/dispatch.js';
import { LiveBacklog, type LiveMessage } from './live-backlog.js';
import { PREVIEW_CSP } from './csp.js';
import { isLoopbackHost, isLoopbackOrigin } from './loopback.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { newSessionToken, TOKEN_HEADER, TOKEN_PARAM, tokenMatches } from './session-token.js';
import { contentTypeFor, readStatic, resolveStatic } from './static-files.js';

export type Subscribe = <K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) => () => void;

export interface PreviewServerOptions {
  handlers: Handlers;
  subscribe: Subscribe;
  /** Loopback only; anything else is refused rather than exposing an elevated back end to the network. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** 0 picks a free port. */
  port: number;
  staticDir: string;
  /** Largest accepted call body; a kubeconfig import is the biggest legitimate one (1 MB of text). */
  maxBodyBytes?: number;
  /** How often an idle event stream gets a comment line, so proxies and browsers keep it open. */
  heartbeatMs?: number;
  /** Journal events one viewer's backlog holds before its oldest lines are dropped (default LIVE_VIEW_MAX_EVENTS). */
  backlogMaxEvents?: number;
}

export interface PreviewServer {
  /** The URL to open: it carries the session token, so only whoever is given it can drive the back end. */
  url: string;
  /** The per-start token calls and the event stream must present in the x-winjoin-token header. */
  token: string;
  close(): Promise<void>;
}

/** Bytes an event stream may have buffered before further messages wait in its backlog: about one journal batch. */
const STREAM_HIGH_WATER_BYTES = 1024 * 1024;
const MESSAGE_END = Buffer.from('}\n');

const SECURITY_HEADERS = {
  'Content-Security-Policy': PREVIEW_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`the preview server listens on loopback only, not ${host}`);
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<http.ServerResponse>();
  const token = newSessionToken();
  let port = 0;

  const server = http.createServer((request, response) => {
    handle(request, response).catch(() => {
      // A failure here is ours, never the page's to see: a bare 500, no stack.
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error');
      else response.destroy();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (!isLoopbackHost(request.headers.host, port) || !isLoopbackOrigin(request.headers.origin, port)) {
      return send(response, 403, 'text/plain; charset=utf-8', 'forbidden');
    }
    const url = new URL(request.url ?? '/', 'http://loopback');
    // The renderer's files are public (they are the open-source build); what acts or reads state needs the token.
    const needsToken = url.pathname.startsWith('/ipc/') || url.pathname === '/events';
    if (needsToken && !tokenMatches(token, request.headers[TOKEN_HEADER])) {
      return send(response, 403, 'text/plain; charset=utf-8', 'forbidden: this preview needs the token from the URL it printed');
    }
    if (url.pathname.startsWith('/ipc/')) return handleCall(request, response, url.pathname.slice('/ipc/'.length));
    if (url.pathname === '/events') return handleEvents(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const file = resolveStatic(options.staticDir, url.pathname);
    const body = file ? await readStatic(file) : null;
    if (!file || !body) return send(response, 404, 'text/plain; charset=utf-8', 'not found');
    send(response, 200, contentTypeFor(file) ?? 'application/octet-stream', request.method === 'HEAD' ? '' : body);
  }

  async function handleCall(request: http.IncomingMessage, response: http.ServerResponse, rawChannel: string): Promise<void> {
    if (request.method !== 'POST') return sendEnvelope(response, 405, invalid('calls are POST requests'));
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    // Requiring JSON also forces a CORS preflight on any cross-site attempt.
    if (type !== 'application/json') return sendEnvelope(response, 415, invalid('calls take application/json'));
    let text: string;
    try {
      text = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendEnvelope(response, 413, invalid(error.message));
      throw error;
    }
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      return sendEnvelope(response, 400, invalid('the body is not JSON'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return sendEnvelope(response, 400, invalid('bad channel name'));
    }
    sendEnvelope(response, 200, await dispatch(options.handlers, channel, payload));
  }

  function handleEvents(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (request.method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed');
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8', Connection: 'keep-alive' });
    // An empty line is a heartbeat; it also gets the headers to the page at once.
    response.write('\n');
    streams.add(response);
    // Written only while the socket keeps up; the rest waits, bounded, in the backlog.
    const backlog = new LiveBacklog(options.backlogMaxEvents);
    let awaitingDrain = false;
    const pump = () => {
      while (response.writableLength < STREAM_HIGH_WATER_BYTES) {
        const message = backlog.shift();
        if (!message) return;
        // One line per message; a batch stays one message, as the engine emitted it (unless the backlog dropped lines).
        const head = `{"name":${JSON.stringify(message.name)},"payload":`;
        // A journal batch's JSON bytes go out as they are (shared/ipc/known-json.ts says why).
        const bytes = jsonBytesOf(message.payload);
        if (bytes) {
          // Three writes, not one concatenated buffer: copying megabytes per batch showed in the profile; the
          // writes of one tick leave in one writev.
          response.write(head);
          response.write(bytes);
          response.write(MESSAGE_END);
        } else response.write(`${head}${jsonOf(message.payload)}}\n`);
      }
      if (!awaitingDrain) {
        awaitingDrain = true;
        response.once('drain', () => {
          awaitingDrain = false;
          pump();
        });
      }
    };
    const unsubscribes = EVENT_NAMES.map((name) =>
      options.subscribe(name, (payload) => {
        backlog.push({ name, payload } as LiveMessage);
        if (!awaitingDrain) pump();
      }),
    );
    const heartbeat = setInterval(() => response.write('\n'), heartbeatMs);
    const stop = () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      streams.delete(response);
    };
    request.on('close', stop);
    response.on('close', stop);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${urlHost}:${port}/?${TOKEN_PARAM}=${token}`,
    token,
    close() {
      for (const stream of streams) stream.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function invalid(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'E_INVALID_REQUEST', message } };
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType });
  response.end(body);
}

function sendEnvelope(response: http.ServerResponse, status: number, envelope: Envelope<unknown>): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(envelope));
}
