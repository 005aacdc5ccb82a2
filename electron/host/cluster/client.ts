/**
 * A small Kubernetes REST client: JSON over undici with the kubeconfig's
 * client certificate or bearer token, through the same proxy rules as the
 * downloads. Failures to connect, TLS failures and refused credentials are
 * E_CLUSTER_UNREACHABLE with a reason that holds no secret.
 */
import { request, type Dispatcher } from 'undici';
import { WinJoinError } from '../../../shared/errors.js';
import { createDispatcher, readCaFile } from '../net/dispatcher.js';
import { isProxyRefusal, networkError, proxyAuthError } from '../net/failure.js';
import { routeFor, toRoute, type ProxyRoute, type ProxySettings, type SystemProxyResolver } from '../net/proxy-route.js';
import type { ClusterAccess } from './access.js';

export interface ClusterClientOptions {
  proxy?: ProxySettings | null;
  resolveSystemProxy?: SystemProxyResolver;
  extraCaFile?: string | null;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
}

/** An answer from the API server other than 2xx, with the Status message it sent. */
export class ApiStatusError extends WinJoinError {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super('E_CLUSTER_UNREACHABLE', message, { status: String(status), reason });
  }
}

/** The API server's clock as its last answer's Date header gave it, against this machine's clock when that answer arrived. */
export interface ServerClock {
  serverMs: number;
  localMs: number;
}

export interface ClusterClient {
  server: string;
  get<T>(path: string): Promise<T>;
  /** A GET whose answer is text, not JSON (a pod's log). */
  getText(path: string): Promise<string>;
  /** Null until an answer with a Date header arrived. Optional: test doubles without a clock report the skew as unknown. */
  serverClock?(): ServerClock | null;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

function unreachable(server: string, error: unknown, route: ProxyRoute | null, signal?: AbortSignal): WinJoinError {
  const mapped = networkError(error, server, 'apiserver', route?.origin ?? null, signal);
  if (mapped.code === 'E_PROXY_AUTH' || mapped.code === 'E_CANCELLED') return mapped;
  const reason = mapped.params.reason ?? mapped.message;
  return new WinJoinError('E_CLUSTER_UNREACHABLE', `The API server ${server} cannot be reached: ${reason}`, { server, reason });
}

export async function createClusterClient(access: ClusterAccess, options: ClusterClientOptions = {}): Promise<ClusterClient> {
  const route = access.proxyUrl ? toRoute(access.proxyUrl) : await routeFor(access.server, options.proxy, options.resolveSystemProxy);
  const dispatcher: Dispatcher = createDispatcher({
    route,
    tls: {
      ca: access.ca ?? null,
      extraCa: readCaFile(options.extraCaFile),
      cert: access.cert ?? null,
      key: access.key ?? null,
      ...(access.tlsServerName ? { servername: access.tlsServerName } : {}),
      insecure: access.insecure ?? false,
    },
    idleTimeoutMs: options.timeoutMs ?? 15_000,
    maxRedirections: 0,
  });
  const headers: Record<string, string> = { accept: 'application/json' };
  let clock: ServerClock | null = null;
  if (access.token) headers.authorization = `Bearer ${access.token}`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = await callText(method, path, body);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The answer's body of a 2xx; anything else as the ApiStatusError its Status says. */
  async function callText(method: string, path: string, body?: unknown): Promise<string> {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${access.server}${path}`, {
        method: method as Dispatcher.HttpMethod,
        dispatcher,
        signal,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw unreachable(access.server, error, route);
    }
    const text = await response.body.text();
    const date = Date.parse(String(response.headers.date ?? ''));
    if (Number.isFinite(date)) clock = { serverMs: date, localMs: Date.now() };
    if (response.statusCode >= 200 && response.statusCode < 300) return text;
    if (route && isProxyRefusal(response.statusCode, response.headers)) throw proxyAuthError(route.origin, access.server);
    let status: { message?: string; reason?: string } = {};
    try {
      status = JSON.parse(text) as typeof status;
    } catch {
      // Not a Kubernetes Status (a proxy's error page): the status code says enough.
    }
    throw new ApiStatusError(
      response.statusCode,
      status.reason ?? String(response.statusCode),
      `${method} ${path}: ${response.statusCode} ${status.message ?? ''}`.trim(),
    );
  }

  return {
    server: access.server,
    get: (path) => call('GET', path),
    getText: (path) => callText('GET', path),
    serverClock: () => clock,
    send: (method, path, body) => call(method, path, body),
    close: () => dispatcher.destroy().catch(() => undefined),
  };
}
