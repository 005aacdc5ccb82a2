/** `winjoin answers example [--recipe R]`: a complete, valid answer file on stdout. */
import { RECIPES, exampleAnswers, type RecipeId } from '../../../shared/answers.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { writeLine, type CliIo } from '../io.js';

export function runAnswersCommand(args: string[], io: CliIo, recipe: string = 'docker-sdn'): number {
  if (args[0] !== 'example' || args.length > 1) {
    writeLine(io.stderr, io.t('cli.usage.answers'));
    return EXIT.invalidInput;
  }
  if (!(RECIPES as readonly string[]).includes(recipe)) {
    writeLine(io.stderr, io.t('cli.unknownRecipe', { value: recipe, options: RECIPES.join(', ') }));
    return EXIT.invalidInput;
  }
  writeLine(io.stdout, JSON.stringify(exampleAnswers(recipe as RecipeId), null, 2));
  return EXIT.ok;
}
