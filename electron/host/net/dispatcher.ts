/**
 * One undici dispatcher per job: direct or through an HTTP(S) proxy, with
 * the extra CA certificates and client certificates the job needs, and
 * redirects followed (dl.k8s.io answers with a redirect to its CDN).
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { Agent, ProxyAgent, interceptors, type Dispatcher } from 'undici';
import { WinJoinError } from '../../../shared/errors.js';
import type { ProxyRoute } from './proxy-route.js';
import { systemCaCertificates } from './system-trust.js';

export interface TlsMaterial {
  /** PEM text of CAs to trust in addition to the system roots (a TLS-intercepting proxy). */
  extraCa?: string | null;
  /**
   * PEM text of the only CA to trust (a kubeconfig's certificate-authority). Replaces the roots, the
   * machine's store and extraCa alike: kubectl trusts exactly this CA, and an intercepting proxy
   * trusted here would receive the cluster credentials (bearer token, client certificate).
   */
  ca?: string | null;
  cert?: string | null;
  key?: string | null;
  /** Host name to check the certificate against when it differs from the URL's. */
  servername?: string;
  /** insecure-skip-tls-verify from a kubeconfig: the inspection warns about it; honoured so the same config works. */
  insecure?: boolean;
}

export interface DispatcherOptions {
  route: ProxyRoute | null;
  tls?: TlsMaterial;
  /** Abort when no byte arrives for this long (ms). */
  idleTimeoutMs?: number;
  maxRedirections?: number;
}

export function readCaFile(file: string | null | undefined): string | null {
  if (!file) return null;
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
    return text;
  } catch (error) {
    throw new WinJoinError('E_DOWNLOAD_NETWORK', `The extra CA file ${file} cannot be used: ${(error as Error).message}`, {
      file,
      reason: (error as Error).message,
    });
  }
}

function connectOptions(material: TlsMaterial | undefined): tls.ConnectionOptions {
  const system = systemCaCertificates();
  if (!material) return system.length ? { ca: [...tls.rootCertificates, ...system] } : {};
  const options: tls.ConnectionOptions = {};
  // Setting `ca` replaces Node's bundled roots, so extra CAs (the user's file, the machine's store) are appended to them;
  // a kubeconfig's own CA is trusted alone.
  const extra = [...system, ...(material.extraCa ? [material.extraCa] : [])];
  if (material.ca) options.ca = [material.ca];
  else if (extra.length) options.ca = [...tls.rootCertificates, ...extra];
  if (material.cert) options.cert = material.cert;
  if (material.key) options.key = material.key;
  if (material.servername) options.servername = material.servername;
  if (material.insecure) options.rejectUnauthorized = false;
  return options;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const connect = connectOptions(options.tls);
  const timeouts = options.idleTimeoutMs ? { headersTimeout: options.idleTimeoutMs, bodyTimeout: options.idleTimeoutMs } : {};
  let base: Dispatcher;
  if (options.route) {
    base = new ProxyAgent({
      uri: options.route.origin,
      ...(options.route.authorization ? { token: options.route.authorization } : {}),
      requestTls: connect,
      // The intercepting proxy's CA also signs an HTTPS proxy's own certificate.
      proxyTls: options.tls?.extraCa ? { ca: [...tls.rootCertificates, options.tls.extraCa] } : {},
      // Plain-HTTP targets are forwarded (GET http://...), as curl and most corporate proxies expect.
      proxyTunnel: false,
      ...timeouts,
    });
  } else {
    base = new Agent({ connect, ...timeouts });
  }
  const maxRedirections = options.maxRedirections ?? 5;
  return maxRedirections > 0 ? base.compose(interceptors.redirect({ maxRedirections })) : base;
}
