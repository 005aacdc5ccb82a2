/**
 * `WinJoin.exe --unattended ...`: the installed app run by a fleet tool, with
 * no window. It is the `winjoin` CLI under another spelling, so both print
 * the same JSON lines and end with the same exit codes (shared/exit-codes.ts):
 *
 *   --unattended --answers FILE [--resume]   ->  winjoin join --json --answers FILE [--resume]
 *   --unattended --resume                    ->  winjoin join --json --resume
 *   --unattended --bundle FILE               ->  winjoin bundle --out FILE
 *   --unattended --reset [--answers FILE]    ->  winjoin reset --json --yes [--answers FILE]
 *
 * plus --state-dir, --lang, --rehearsal and --scenario, passed through.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../../shared/exit-codes.js';
import { runCli, type CliEnvironment } from '../cli/run-cli.js';
import { cliLanguage, createTranslator, writeLine } from '../cli/io.js';

export type UnattendedCommand = { ok: true; cliArgs: string[] } | { ok: false; message: string };

const OPTIONS = {
  unattended: { type: 'boolean' },
  answers: { type: 'string' },
  resume: { type: 'boolean' },
  bundle: { type: 'string' },
  reset: { type: 'boolean' },
  'state-dir': { type: 'string' },
  lang: { type: 'string' },
  rehearsal: { type: 'boolean' },
  scenario: { type: 'string' },
} as const;

export function toCliArgs(args: readonly string[]): UnattendedCommand {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const common = [...(values['state-dir'] ? ['--state-dir', values['state-dir']] : []), ...(values.lang ? ['--lang', values.lang] : [])];
  if (values.bundle !== undefined && !values.reset) {
    if (values.answers !== undefined || values.resume)
      return { ok: false, message: '--bundle cannot be combined with --answers or --resume' };
    return { ok: true, cliArgs: ['bundle', '--out', values.bundle, ...common] };
  }
  if (values.reset) {
    if (values.resume || values.bundle !== undefined) return { ok: false, message: '--reset cannot be combined with --resume or --bundle' };
    // The fleet tool asked for the reset by name: that is the confirmation an unattended run cannot type.
    return {
      ok: true,
      cliArgs: [
        'reset',
        '--json',
        '--yes',
        ...(values.answers !== undefined ? ['--answers', values.answers] : []),
        ...(values.rehearsal ? ['--rehearsal'] : []),
        ...(values.scenario !== undefined ? ['--scenario', values.scenario] : []),
        ...common,
      ],
    };
  }
  if (values.answers === undefined && !values.resume)
    return { ok: false, message: 'one of --answers FILE, --resume, --reset or --bundle FILE is required' };
  return {
    ok: true,
    cliArgs: [
      'join',
      '--json',
      ...(values.answers !== undefined ? ['--answers', values.answers] : []),
      ...(values.resume ? ['--resume'] : []),
      ...(values.rehearsal ? ['--rehearsal'] : []),
      ...(values.scenario !== undefined ? ['--scenario', values.scenario] : []),
      ...common,
    ],
  };
}

/** Runs an unattended command to its exit code; the caller exits the app with it. */
export async function runUnattended(args: readonly string[], env: CliEnvironment): Promise<number> {
  const command = toCliArgs(args);
  if (!command.ok) {
    const langIndex = args.indexOf('--lang');
    const t = createTranslator(cliLanguage(langIndex >= 0 ? args[langIndex + 1] : undefined));
    writeLine(env.stderr, `${command.message}\n${t('shell.unattended.usage')}`);
    return EXIT.invalidInput;
  }
  return runCli(command.cliArgs, env);
}
