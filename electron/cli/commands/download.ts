/**
 * `winjoin download URL --out FILE [--sha256 HEX | --sha512 HEX] [--proxy URL]
 * [--no-proxy LIST] [--ca-file PEM] [--offline-source PATH] [--retries N]`:
 * the downloader on its own, for checking a proxy or a mirror by hand.
 * Without --proxy, HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment
 * apply. Exit 0 downloaded (and verified when a digest was given), 1 failed,
 * 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import { EXIT } from '../../../shared/exit-codes.js';
import { WinJoinError } from '../../../shared/errors.js';
import { checkProxyUrl } from '../../../shared/validation/proxy-url.js';
import { download } from '../../host/download/download.js';
import type { ProxySettings } from '../../host/net/proxy-route.js';
import { cliLanguage, createTranslator, writeLine } from '../io.js';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  t?: TFunction;
}

function proxyFrom(flag: string | undefined, noProxy: string | undefined, env: NodeJS.ProcessEnv): ProxySettings | null {
  const list = (noProxy ?? env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (flag) return { http: flag, https: flag, noProxy: list };
  const https = env.HTTPS_PROXY ?? env.https_proxy;
  const http = env.HTTP_PROXY ?? env.http_proxy;
  return https || http ? { http: http ?? https, https: https ?? http, noProxy: list } : null;
}

function progressWriter(stream: NodeJS.WritableStream) {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  return tty
    ? (p: { bytes: number; total: number | null; rate: number; etaSeconds: number | null }) => {
        const pct = p.total ? ` ${((p.bytes / p.total) * 100).toFixed(0)}%` : '';
        const eta = p.etaSeconds !== null ? `, ${Math.ceil(p.etaSeconds)} s left` : '';
        stream.write(`\r${(p.bytes / 1048576).toFixed(1)} MiB${pct} at ${(p.rate / 1048576).toFixed(1)} MiB/s${eta}   `);
      }
    : undefined;
}

/** The third argument may be the dispatcher's { stateDir }; only `env` is read from it (tests pass their own). */
export async function runDownloadCommand(argv: string[], io: CommandIo, options: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const env = options.env ?? process.env;
  const t = io.t ?? createTranslator(cliLanguage(undefined, env));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        sha256: { type: 'string' },
        sha512: { type: 'string' },
        proxy: { type: 'string' },
        'no-proxy': { type: 'string' },
        'ca-file': { type: 'string' },
        'offline-source': { type: 'string' },
        retries: { type: 'string' },
        lang: { type: 'string' },
      },
    });
  } catch (error) {
    writeLine(io.stderr, `${(error as Error).message}\n${t('download.cli.usage')}`);
    return EXIT.invalidInput;
  }
  const { values, positionals } = parsed;
  const [url, ...extra] = positionals;
  const retries = values.retries === undefined ? 3 : Number(values.retries);
  const badUrl = !url || !/^https?:\/\//i.test(url) || !URL.canParse(url);
  const badProxy = values.proxy !== undefined && checkProxyUrl(values.proxy) !== null;
  if (
    badUrl ||
    extra.length ||
    !values.out ||
    (values.sha256 && values.sha512) ||
    badProxy ||
    !(Number.isInteger(retries) && retries >= 0)
  ) {
    writeLine(io.stderr, t('download.cli.usage'));
    return EXIT.invalidInput;
  }
  try {
    const result = await download({
      url,
      dest: values.out,
      sha256: values.sha256,
      sha512: values.sha512,
      proxy: proxyFrom(values.proxy, values['no-proxy'], env),
      caFile: values['ca-file'],
      offlineSource: values['offline-source'],
      retries,
      onProgress: progressWriter(io.stderr),
    });
    if ((io.stderr as NodeJS.WriteStream).isTTY) io.stderr.write('\n');
    const verified = Boolean(values.sha256 || values.sha512);
    writeLine(
      io.stdout,
      t('download.cli.done', {
        file: result.file,
        size: (result.bytes / 1048576).toFixed(1),
        algorithm: result.algorithm.toUpperCase(),
        digest: result.digest,
        verdict: t(verified ? 'download.cli.verified' : 'download.cli.unverified'),
      }),
    );
    return EXIT.ok;
  } catch (error) {
    const e = error instanceof WinJoinError ? error : new WinJoinError('E_INTERNAL', (error as Error).message);
    writeLine(io.stderr, t('download.cli.failed', { code: e.code, message: e.message }));
    return e.code === 'E_INVALID_REQUEST' ? EXIT.invalidInput : EXIT.stepFailed;
  }
}
