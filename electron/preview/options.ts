/** The preview's command line: `npm run preview -- [--port N] [--state-dir DIR] [--rehearsal] [--scenario NAME]`. */
import { parseArgs } from 'node:util';

export const DEFAULT_PORT = 5178;

export interface PreviewOptions {
  port: number;
  stateDir: string | undefined;
  rehearsal: { scenario: string } | null;
}

export function parsePreviewArgs(argv: string[]): PreviewOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { port: { type: 'string' }, 'state-dir': { type: 'string' }, rehearsal: { type: 'boolean' }, scenario: { type: 'string' } },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  // Naming a scenario means rehearsing it; --rehearsal alone rehearses the happy path.
  const rehearsal = values.rehearsal || values.scenario ? { scenario: values.scenario ?? 'happy' } : null;
  return { port, stateDir: values['state-dir'], rehearsal };
}
