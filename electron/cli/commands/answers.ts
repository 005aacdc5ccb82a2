/** `winjoin answers example`: a complete, valid answer file on stdout. */
import { exampleAnswers } from '../../../shared/answers.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { writeLine, type CliIo } from '../io.js';

export function runAnswersCommand(args: string[], io: CliIo): number {
  if (args[0] !== 'example' || args.length > 1) {
    writeLine(io.stderr, io.t('cli.usage.answers'));
    return EXIT.invalidInput;
  }
  writeLine(io.stdout, JSON.stringify(exampleAnswers(), null, 2));
  return EXIT.ok;
}
