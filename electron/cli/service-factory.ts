/** How CLI commands get a service; injected so tests can run the CLI against fake host dependencies. */
import type { WinJoinService } from '../service/create-service.js';

export type ServiceFactory = (options: { rehearsal: { scenario: string } | null }) => Promise<WinJoinService>;
