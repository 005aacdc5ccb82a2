/**
 * The `winjoin` executable: the CLI dispatcher wired to the real host layer.
 * Exit codes are the foundation's: 0, 1, 2, 3010 (194 on Linux).
 */
import readline from 'node:readline/promises';
import { createService } from '../service/create-service.js';
import { defaultDeps } from '../service/default-deps.js';
import { extraCommands } from './extra-commands.js';
import { runCli } from './run-cli.js';

/** One line typed at the terminal (winjoin reset's confirmation). */
async function askOnTerminal(question: string): Promise<string> {
  const terminal = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

const deps = defaultDeps();
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  openService: (stateDir) => (options) => createService({ stateDir, shell: 'preview', rehearsal: options.rehearsal, deps }),
  extraCommands: extraCommands(deps.version),
  ...(process.stdin.isTTY ? { prompt: askOnTerminal } : {}),
});
