/**
 * `winjoin`: the command line over the same engine the wizard drives, for
 * unattended and fleet joins. Global flags: --state-dir DIR, --lang en|ja.
 */
import { parseArgs } from 'node:util';
import { toErrorShape } from '../../shared/errors.js';
import { EXIT } from '../../shared/exit-codes.js';
import { resolveStateDir } from '../join/state-dir.js';
import { cliLanguage, createTranslator, writeLine, type CliIo } from './io.js';
import { runAnswersCommand } from './commands/answers.js';
import { runJoinCommand } from './commands/join.js';
import { runPlanCommand } from './commands/plan.js';
import { runResetCommand } from './commands/reset.js';
import { runStateCommand } from './commands/state.js';
import type { ServiceFactory } from './service-factory.js';

/** What a command owned by another module gets: the state dir, and the service for it (a rehearsal needs one). */
export interface ExtraCommandContext {
  stateDir: string;
  openService?: ServiceFactory;
}

export interface CliEnvironment {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Opens the service for a state directory; the real one wires the host layer. */
  openService: (stateDir: string) => ServiceFactory;
  /** Asks the person at the terminal (winjoin reset's confirmation); absent when stdin is not a terminal. */
  prompt?: (question: string) => Promise<string>;
  /** Commands owned by other modules: download, kubeconfig, bundle, rehearsal. */
  extraCommands?: Record<string, (args: string[], io: CliIo, context: ExtraCommandContext) => Promise<number>>;
}

type ParsedValues = {
  answers?: string;
  json: boolean;
  resume: boolean;
  rehearsal: boolean;
  scenario?: string;
  recipe?: string;
  yes: boolean;
};

const GLOBAL_OPTIONS = {
  'state-dir': { type: 'string' },
  lang: { type: 'string' },
  answers: { type: 'string' },
  json: { type: 'boolean', default: false },
  resume: { type: 'boolean', default: false },
  rehearsal: { type: 'boolean', default: false },
  scenario: { type: 'string' },
  recipe: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function runCli(argv: string[], env: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7);
  const io: CliIo = { stdout: env.stdout, stderr: env.stderr, t: createTranslator(cliLanguage(langFlag)) };

  if (!command || command === 'help' || command === '--help' || command === '-h') {
    writeLine(command ? io.stdout : io.stderr, io.t('cli.usage.main'));
    return command ? EXIT.ok : EXIT.invalidInput;
  }

  const extra = env.extraCommands?.[command];
  if (extra) {
    const stateDirIndex = rest.indexOf('--state-dir');
    const stateDirFlag = stateDirIndex >= 0 ? rest[stateDirIndex + 1] : rest.find((a) => a.startsWith('--state-dir='))?.slice(12);
    const args =
      stateDirIndex >= 0
        ? [...rest.slice(0, stateDirIndex), ...rest.slice(stateDirIndex + 2)]
        : rest.filter((a) => !a.startsWith('--state-dir='));
    const stateDir = resolveStateDir(stateDirFlag);
    return extra(args, io, { stateDir, openService: env.openService(stateDir) });
  }

  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: GLOBAL_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    writeLine(io.stderr, `${(error as Error).message}\n${io.t('cli.usage.main')}`);
    return EXIT.invalidInput;
  }
  const { values, positionals } = parsed;
  const stateDir = resolveStateDir(values['state-dir']);
  const open = env.openService(stateDir);

  try {
    return await dispatchCommand(command, values, positionals, stateDir, io, open, env.prompt);
  } catch (error) {
    // Nothing reaches the terminal as a stack trace: a code, and the safe message.
    const shape = toErrorShape(error);
    // The user's language first (errors.<code>), then the English detail for the log and the ticket.
    // An error may name a more specific message (params.key, e.g. a version-policy refusal): show that one.
    const specific = shape.params?.key?.startsWith('policy.') ? `\n  ${io.t(shape.params.key, shape.params)}` : '';
    writeLine(io.stderr, `${shape.code}: ${io.t(`errors.${shape.code}`, shape.params ?? {})}${specific}\n  ${shape.message}`);
    return shape.code === 'E_INVALID_REQUEST' || shape.code === 'E_INVALID_ANSWERS' ? EXIT.invalidInput : EXIT.stepFailed;
  }
}

async function dispatchCommand(
  command: string,
  values: ParsedValues,
  positionals: string[],
  stateDir: string,
  io: CliIo,
  open: ServiceFactory,
  prompt: CliEnvironment['prompt'],
): Promise<number> {
  switch (command) {
    case 'answers':
      return runAnswersCommand(positionals, io, values.recipe);
    case 'plan':
      return runPlanCommand(
        { answers: values.answers, json: values.json, rehearsal: values.rehearsal, scenario: values.scenario },
        io,
        open,
      );
    case 'join':
      return runJoinCommand(
        {
          answers: values.answers,
          json: values.json,
          resume: values.resume,
          rehearsal: values.rehearsal,
          scenario: values.scenario,
          stateDir,
        },
        io,
        open,
      );
    case 'reset':
      return runResetCommand(
        {
          answers: values.answers,
          yes: values.yes,
          json: values.json,
          rehearsal: values.rehearsal,
          scenario: values.scenario,
          stateDir,
          ...(prompt ? { prompt } : {}),
        },
        io,
        open,
      );
    case 'state':
      return runStateCommand({ json: values.json, stateDir }, io);
    default:
      writeLine(io.stderr, io.t('cli.unknownCommand', { command }) + '\n' + io.t('cli.usage.main'));
      return EXIT.invalidInput;
  }
}
