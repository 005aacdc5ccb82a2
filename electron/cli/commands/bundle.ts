/**
 * `winjoin bundle --out FILE.zip [--max-bytes N]`: writes the support bundle
 * of the state directory and prints the short ticket summary to paste beside
 * it. Exit 0 when written, 2 for bad arguments, 1 when it cannot be written.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../../../shared/exit-codes.js';
import { bundleFileName, ticketSummary } from '../../../shared/ticket-summary.js';
import { writeSupportBundle } from '../../host/bundle/write-bundle.js';
import { readSources } from '../../host/bundle/read-sources.js';
import { machineFacts } from '../../host/bundle/facts.js';
import { writeLine, type CliIo } from '../io.js';

export async function runBundleCommand(
  argv: string[],
  io: CliIo,
  context: { stateDir: string; appVersion?: string; now?: Date },
): Promise<number> {
  let values: { out?: string; 'max-bytes'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, 'max-bytes': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    writeLine(io.stderr, `${(error as Error).message}\n${io.t('bundle.cli.usage')}`);
    return EXIT.invalidInput;
  }
  const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0)) {
    writeLine(io.stderr, io.t('bundle.cli.usage'));
    return EXIT.invalidInput;
  }
  const now = context.now ?? new Date();
  const { state } = readSources(context.stateDir);
  const out = path.resolve(values.out ?? bundleFileName(machineFacts(state).machine, now));
  if (!out.toLowerCase().endsWith('.zip')) {
    writeLine(io.stderr, io.t('bundle.cli.usage'));
    return EXIT.invalidInput;
  }
  try {
    const result = await writeSupportBundle({ stateDir: context.stateDir, out, maxBytes, extra: { appVersion: context.appVersion, now } });
    writeLine(io.stdout, io.t('bundle.cli.written', { file: result.file, size: (result.bytes / 1048576).toFixed(1) }));
    if (result.truncated.length)
      writeLine(io.stdout, io.t('bundle.cli.truncated', { entries: result.truncated.map((t) => t.name).join(', ') }));
    writeLine(io.stdout, '');
    writeLine(io.stdout, ticketSummary(state, path.basename(result.file)));
    return EXIT.ok;
  } catch (error) {
    writeLine(io.stderr, io.t('bundle.cli.failed', { file: out, reason: (error as Error).message }));
    return EXIT.stepFailed;
  }
}
