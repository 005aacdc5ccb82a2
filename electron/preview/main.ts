/**
 * `npm run preview`: the wizard in a browser, over the same service the
 * desktop app runs. The command line must choose: --rehearsal (the simulated
 * host and cluster, nothing on this machine changes) or --real-join (the
 * real host layer: a join started here changes this machine). Builds the
 * renderer if needed, serves it on loopback and prints the URL to open; the
 * URL carries the session token, so only whoever started it can use it.
 * Plain Node; no electron import.
 */
import path from 'node:path';
import { resolveStateDir } from '../join/state-dir.js';
import { defaultDeps } from '../service/default-deps.js';
import { createService } from '../service/create-service.js';
import type { ServiceDeps } from '../service/deps.js';
import { ensureRendererBuilt } from './build-renderer.js';
import { parsePreviewArgs, type PreviewOptions } from './options.js';
import { startPreviewServer, type PreviewServer } from './server.js';

export interface RunningPreview {
  server: PreviewServer;
  close(): Promise<void>;
}

/** Everything but the process wiring, so tests and Playwright's setup start the same preview. */
export async function startPreview(
  options: Omit<PreviewOptions, 'realJoin'>,
  { root, deps, log = () => undefined }: { root: string; deps: ServiceDeps; log?: (line: string) => void },
): Promise<RunningPreview> {
  const staticDir = await ensureRendererBuilt(root, log);
  const service = await createService({
    stateDir: resolveStateDir(options.stateDir),
    shell: 'preview',
    rehearsal: options.rehearsal,
    deps,
  });
  const server = await startPreviewServer({
    handlers: service.handlers,
    subscribe: service.subscribe,
    host: '127.0.0.1',
    port: options.port,
    staticDir,
  });
  return {
    server,
    async close() {
      await server.close();
      await service.close();
    },
  };
}

async function main(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const options = parsePreviewArgs(process.argv.slice(2));
  const preview = await startPreview(options, { root, deps: defaultDeps(), log: (line) => console.log(line) });
  console.log(`WinJoin preview: ${preview.server.url}`);
  console.log(
    options.rehearsal
      ? `Rehearsal (scenario ${options.rehearsal.scenario}, recipe ${options.rehearsal.recipe ?? 'docker-sdn'}): the host and the cluster are simulated; nothing on this machine changes.`
      : 'REAL JOIN (--real-join): a join started from this page changes THIS machine and joins it to the cluster.',
  );
  console.log("The URL holds this session's token: open it yourself, do not share it.");
  console.log('Press Ctrl+C to stop.');
  const stop = () => void preview.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(`WinJoin preview could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
