/** How CLI commands get a service; injected so tests can run the CLI against fake host dependencies. */
import type { RecipeId } from '../../shared/answers.js';
import type { WinJoinService } from '../service/create-service.js';

/** rehearsal.recipe: the answers' recipe, which picks the simulated world. */
export type ServiceFactory = (options: { rehearsal: { scenario: string; recipe?: RecipeId } | null }) => Promise<WinJoinService>;
