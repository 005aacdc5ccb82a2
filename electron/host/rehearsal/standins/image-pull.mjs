// containerd's image pull on a rehearsal node whose network reaches the
// registries only through a proxy (scenarios with requireProxy): containerd
// dials the registry host itself unless its own service environment names a
// proxy (T16), and through the proxy it first asks for a CONNECT tunnel. The
// pull fails as the real one does, in containerd's and Go's words: a direct
// dial times out, and a proxy that refuses the tunnel has its status text
// returned as the error (Go's net/http: "Forbidden" for a 403). The proxy's
// answer is read from the rehearsal's loopback proxy itself, never assumed.
import net from 'node:net';

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;
/** Where a direct dial to a registry goes on a proxy-only network: nowhere (the stand-in never dials it). */
const UNREACHABLE_ADDRESS = '104.18.0.1:443';

/**
 * An image reference as containerd resolves it without mirrors: the normalized name it
 * quotes in errors, the host it connects to and the manifest URL it asks first.
 */
export function imageLocation(image) {
  let domain = 'docker.io';
  let rest = image;
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    rest = image.slice(first.length + 1);
  }
  if (domain === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  let repository = rest;
  let reference = 'latest';
  let separator = ':';
  const at = rest.indexOf('@');
  const colon = rest.lastIndexOf(':');
  if (at >= 0) {
    repository = rest.slice(0, at);
    reference = rest.slice(at + 1);
    separator = '@';
  } else if (colon > rest.lastIndexOf('/')) {
    repository = rest.slice(0, colon);
    reference = rest.slice(colon + 1);
  }
  // containerd's docker resolver: Docker Hub's API host is not docker.io.
  const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
  return {
    name: `${domain}/${repository}${separator}${reference}`,
    host,
    manifestUrl: `https://${host}/v2/${repository}/manifests/${reference}`,
  };
}

/** Go's httpproxy rules, as far as a registry host needs them: NO_PROXY entries match the host or a parent domain. */
function bypassesProxy(host, noProxy) {
  return String(noProxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const domain = entry.replace(/^\*?\./, '');
      return host === domain || host.endsWith(`.${domain}`);
    });
}

/** The proxy containerd's process uses for an https registry (HTTPS_PROXY, else HTTP_PROXY), or null. */
export function registryProxy(host, environment) {
  const env = Object.fromEntries(Object.entries(environment ?? {}).map(([k, v]) => [k.toUpperCase(), v]));
  const proxy = env.HTTPS_PROXY || env.HTTP_PROXY;
  if (!proxy || bypassesProxy(host, env.NO_PROXY)) return null;
  return proxy;
}

/** Asks the proxy for a tunnel to host:443; resolves to null when it opens, else the error Go's transport returns. */
function connectThrough(proxyUrl, host) {
  const url = new URL(/^[a-z]+:\/\//i.test(proxyUrl) ? proxyUrl : `http://${proxyUrl}`);
  const port = Number(url.port || 80);
  const dial = `dial tcp ${url.hostname}:${port}`;
  // A rehearsal proxy is on loopback; any other address stands for a machine the rehearsal cannot reach.
  if (!LOOPBACK_HOST.test(url.hostname)) return Promise.resolve(`proxyconnect tcp: ${dial}: i/o timeout`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    let answer = '';
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(10_000, () => done(`proxyconnect tcp: ${dial}: i/o timeout`));
    socket.once('connect', () => socket.write(`CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const end = answer.indexOf('\r\n');
      if (end < 0) return;
      const status = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(answer.slice(0, end));
      if (!status) return done('malformed HTTP response');
      // net/http: a CONNECT answered with anything but 200 fails with the status text after the code.
      done(status[1] === '200' ? null : status[2] || 'unknown status code');
    });
    socket.once('end', () => done(answer ? 'unexpected EOF' : 'EOF'));
    socket.once('error', (error) =>
      done(
        error.code === 'ECONNREFUSED'
          ? `proxyconnect tcp: ${dial}: connectex: No connection could be made because the target machine actively refused it.`
          : `proxyconnect tcp: ${dial}: ${error.message}`,
      ),
    );
  });
}

/**
 * Pulls an image as containerd would on a proxy-only network: null when the registry is reached,
 * else containerd's error ("failed to pull and unpack image ...").
 */
export async function pullImage(image, environment) {
  const where = imageLocation(image);
  const proxy = registryProxy(where.host, environment);
  const cause = proxy ? await connectThrough(proxy, where.host) : `dial tcp ${UNREACHABLE_ADDRESS}: i/o timeout`;
  if (cause === null) return null;
  return `failed to pull and unpack image "${where.name}": failed to resolve reference "${where.name}": failed to do request: Head "${where.manifestUrl}": ${cause}`;
}
