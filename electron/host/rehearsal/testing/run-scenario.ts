/**
 * Drives the real `winjoin` CLI in-process (runCli over createService and
 * defaultDeps, exactly what bin/winjoin wires) for rehearsal end-to-end
 * tests. The rehearsal's close() is a simulated shutdown that ends kubelet
 * and kube-proxy, so the machine is also captured just before it, while
 * the services still run as they would on the joined node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { JournalEvent } from '../../../../shared/events.js';
import type { JoinState } from '../../../../shared/state.js';
import { extraCommands } from '../../../cli/extra-commands.js';
import { runCli } from '../../../cli/run-cli.js';
import { createService } from '../../../service/create-service.js';
import { defaultDeps } from '../../../service/default-deps.js';
import type { ServiceDeps } from '../../../service/deps.js';
import type { MachineSnapshot } from '../show.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface JoinResult extends CliResult {
  events: JournalEvent[];
  /** The machine and cluster as the run left them, before the rehearsal shut the machine down. */
  lastSnapshot: MachineSnapshot | null;
}

export function createScenarioCli(stateDir: string) {
  const base = defaultDeps();
  let lastSnapshot: MachineSnapshot | null = null;
  const deps: ServiceDeps = {
    ...base,
    async startRehearsal(options) {
      const session = await base.startRehearsal!(options);
      return {
        ...session,
        async close() {
          lastSnapshot = (await session.show()) as MachineSnapshot;
          await session.close();
        },
      };
    },
  };

  async function cli(...argv: string[]): Promise<CliResult> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString('utf8')));
    stderr.on('data', (c: Buffer) => err.push(c.toString('utf8')));
    const code = await runCli([...argv, '--state-dir', stateDir], {
      stdout,
      stderr,
      openService: (dir) => (options) => createService({ stateDir: dir, shell: 'preview', rehearsal: options.rehearsal, deps }),
      extraCommands: extraCommands(deps.version),
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  return {
    cli,
    /** `winjoin join --json ...`; its events parsed. */
    async join(...argv: string[]): Promise<JoinResult> {
      lastSnapshot = null;
      const result = await cli('join', '--json', ...argv);
      const events = result.out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as JournalEvent);
      return { ...result, events, lastSnapshot };
    },
    async state(): Promise<JoinState> {
      const result = await cli('state', '--json');
      if (result.code !== 0) throw new Error(`winjoin state failed (${result.code}): ${result.err}`);
      return JSON.parse(result.out) as JoinState;
    },
    async show(): Promise<MachineSnapshot> {
      const result = await cli('rehearsal', 'show', '--json');
      if (result.code !== 0) throw new Error(`winjoin rehearsal show failed (${result.code}): ${result.err}`);
      return JSON.parse(result.out) as MachineSnapshot;
    },
  };
}

/** Example answers (what `winjoin answers example` prints) written to dir/answers.json. */
export async function writeExampleAnswers(dir: string): Promise<string> {
  const { exampleAnswers } = await import('../../../../shared/answers.js');
  const file = path.join(dir, 'answers.json');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(exampleAnswers(), null, 2));
  return file;
}

/** Runs at most `limit` tasks at once: each scenario is several pwsh processes, and the machine may have 2 cores. */
export function limiter(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    if (active < limit) active++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
