// Shared by the stand-in binaries (kubectl.exe, kubelet.exe, kube-proxy.exe).
// The origin inlines this file into each stand-in, so a downloaded stand-in
// is one self-contained script using Node built-ins only. It talks to the
// simulated cluster through the rehearsal's network map and refuses any
// other non-loopback address.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';

export const VERSION = '__WINJOIN_VERSION__';

export function rehearsalDir() {
  const dir = process.env.WINJOIN_REHEARSAL_DIR;
  if (!dir) throw new Error('WINJOIN_REHEARSAL_DIR is not set: this stand-in binary only runs inside a WinJoin rehearsal');
  return dir;
}

export function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
}

export function rehearsalFile(name) {
  return path.join(rehearsalDir(), name);
}

/** Sleeps for simulated seconds (the rehearsal's clock scale shortens waits). */
export function sleep(seconds) {
  const scale = Number(readJson(rehearsalFile('clock.json'), { scale: 1 }).scale) || 1;
  return new Promise((resolve) => setTimeout(resolve, Math.max(10, seconds * scale * 1000)));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export function resolveAddress(host, port) {
  if (LOOPBACK.test(host)) return { host, port };
  const map = readJson(rehearsalFile('network.json'), { forwards: {} });
  const target = map.forwards[`${host}:${port}`];
  if (!target) throw new Error(`rehearsal: refusing to contact ${host}:${port}, which is not a simulated address`);
  const index = target.lastIndexOf(':');
  return { host: target.slice(0, index), port: Number(target.slice(index + 1)) };
}

function field(text, name) {
  const match = new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text);
  return match ? match[1] : null;
}

/**
 * Where a Windows path lives on the simulated machine: C:\etc\x and \etc\x (rooted on the
 * current drive, C:) -> <rehearsal>/machine/C/etc/x. /etc/x is a rooted Windows path too, but
 * also a Linux one (the rehearsal's own files): only `slashRooted` callers, which were handed
 * kubeadm's /etc and /var paths, map it. A path inside the rehearsal dir stays as it is.
 */
export function machinePath(windowsPath, { slashRooted = false } = {}) {
  if (windowsPath.startsWith(rehearsalDir() + path.sep)) return windowsPath;
  const match = /^(?:([A-Za-z]):)?([\\/])(.*)$/.exec(windowsPath);
  if (!match || (!match[1] && match[2] === '/' && !slashRooted)) return windowsPath;
  return path.join(rehearsalDir(), 'machine', (match[1] ?? 'C').toUpperCase(), ...match[3].split(/[\\/]+/).filter(Boolean));
}

/**
 * The server and credentials of a kubeconfig: embedded certificates (what WinJoin writes to C:\k\config),
 * certificate files (what kubelet writes to kubelet.conf) or a bearer token (bootstrap-kubelet.conf).
 */
export function readKubeconfig(file) {
  const text = fs.readFileSync(machinePath(file), 'utf8');
  const data = (name) => {
    const value = field(text, `${name}-data`);
    if (value) return Buffer.from(value, 'base64').toString('utf8');
    const ref = field(text, name);
    return ref ? fs.readFileSync(machinePath(ref.replace(/^"|"$/g, '')), 'utf8') : null;
  };
  const server = field(text, 'server');
  if (!server) throw new Error(`error: no server found for cluster in ${file}`);
  const token = field(text, 'token');
  // kubelet keeps its certificate and key in one file (kubelet-client-current.pem) and names it twice.
  const blocks = (pem, kind) =>
    pem ? (pem.match(new RegExp(`-----BEGIN ${kind}-----[\\s\\S]*?-----END ${kind}-----\\n?`, 'g')) ?? []).join('') : null;
  const cert = blocks(data('client-certificate'), 'CERTIFICATE');
  const key = blocks(data('client-key'), '(?:EC |RSA )?PRIVATE KEY');
  return { server, ca: data('certificate-authority'), cert: cert || null, key: key || null, token };
}

/**
 * One HTTPS request to the simulated API server, the only one the stand-ins make: { status, json, text }, json
 * null when the answer is not JSON. `target` is where the connection goes (resolveAddress), `hostname` what the
 * server certificate must name, verified against `ca` (Node's own CAs when null); `insecure` skips that (kubeadm's
 * first discovery fetch, which pins the CA afterwards).
 * A string body is sent as is, with `contentType`; anything else as JSON.
 */
export function httpsJson({
  target,
  hostname,
  method = 'GET',
  pathname,
  ca = null,
  insecure = false,
  token = null,
  cert = null,
  key = null,
  body,
  contentType = 'application/json',
}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: target.host,
        port: target.port,
        method,
        path: pathname,
        ...(insecure
          ? { rejectUnauthorized: false }
          : { ...(ca ? { ca } : {}), checkServerIdentity: (_host, peer) => tls.checkServerIdentity(hostname, peer) }),
        ...(cert && key ? { cert, key } : {}),
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

/** Requests with a kubeconfig's server and credentials, as kubectl and the kubelet make them. */
export function apiClient(kubeconfigFile) {
  const config = readKubeconfig(kubeconfigFile);
  const url = new URL(config.server);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const target = resolveAddress(hostname, Number(url.port || 443));
  return async function request(method, pathname, body, contentType = 'application/json') {
    try {
      // The certificate names the simulated master, which is what the kubeconfig says we talk to.
      return await httpsJson({
        target,
        hostname: url.hostname,
        method,
        pathname,
        ca: config.ca,
        token: config.token,
        cert: config.cert,
        key: config.key,
        body,
        contentType,
      });
    } catch (error) {
      throw new Error(`Unable to connect to the server: dial tcp ${url.host}: ${error.message}`, { cause: error });
    }
  };
}

export function klog(level, message) {
  const now = new Date();
  const stamp = `${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')} ${now.toISOString().slice(11, 23)}`;
  process.stdout.write(`${level}${stamp}    ${process.pid} ${message}\n`);
}

/** Keeps a long-running stand-in alive until it is stopped. */
export function stayAlive() {
  const timer = setInterval(() => undefined, 1 << 30);
  for (const signal of ['SIGTERM', 'SIGINT'])
    process.on(signal, () => {
      clearInterval(timer);
      process.exit(0);
    });
}
