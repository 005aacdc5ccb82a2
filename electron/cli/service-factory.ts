/** How CLI commands get a service; injected so tests can run the CLI against fake host dependencies. */
import type { WinJoinService } from '../service/create-service.js';
import type { RehearsalRequest } from '../service/deps.js';

/** rehearsal.recipe: the answers' recipe, which picks the simulated world. */
export type ServiceFactory = (options: { rehearsal: RehearsalRequest | null }) => Promise<WinJoinService>;
