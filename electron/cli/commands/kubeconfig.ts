/**
 * `winjoin kubeconfig check FILE [--context NAME] [--json]`: what the wizard's
 * kubeconfig page shows, for scripts. Exit 0 usable, 1 usable with
 * warnings, 2 unusable (or unreadable, or bad arguments).
 */
import { parseArgs } from 'node:util';
import { WinJoinError, toErrorShape } from '../../../shared/errors.js';
import { inspectKubeconfig, type KubeconfigInspection } from '../../host/kubeconfig/inspect.js';
import { cliLanguage, createTranslator, writeLine } from '../io.js';
import type { CommandIo } from './download.js';

export const KUBECONFIG_EXIT = { usable: 0, warnings: 1, unusable: 2 } as const;

function verdict(inspection: KubeconfigInspection): number {
  if (!inspection.usable) return KUBECONFIG_EXIT.unusable;
  return inspection.findings.some((f) => f.severity === 'warning') ? KUBECONFIG_EXIT.warnings : KUBECONFIG_EXIT.usable;
}

/** The third argument may be the dispatcher's { stateDir }; only `env` is read from it (tests pass their own). */
export async function runKubeconfigCommand(argv: string[], io: CommandIo, options: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const env = options.env ?? process.env;
  const t = io.t ?? createTranslator(cliLanguage(undefined, env));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { context: { type: 'string' }, json: { type: 'boolean', default: false }, lang: { type: 'string' } },
    });
  } catch (error) {
    writeLine(io.stderr, `${(error as Error).message}\n${t('kubeconfig.cli.usage')}`);
    return KUBECONFIG_EXIT.unusable;
  }
  const { values, positionals } = parsed;
  const [sub, file, ...extra] = positionals;
  if (sub !== 'check' || !file || extra.length) {
    writeLine(io.stderr, t('kubeconfig.cli.usage'));
    return KUBECONFIG_EXIT.unusable;
  }
  let inspection: KubeconfigInspection;
  try {
    inspection = inspectKubeconfig(file, { context: values.context });
  } catch (error) {
    const shape = toErrorShape(error);
    if (values.json) writeLine(io.stdout, JSON.stringify({ path: file, usable: false, error: shape }, null, 2));
    else
      writeLine(
        io.stderr,
        error instanceof WinJoinError ? `${shape.code}: ${t(`errors.${shape.code}`, shape.params ?? {})}\n${shape.message}` : shape.message,
      );
    return KUBECONFIG_EXIT.unusable;
  }
  const code = verdict(inspection);
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(inspection, null, 2));
    return code;
  }
  const context = values.context ?? inspection.currentContext ?? '-';
  const head = code === KUBECONFIG_EXIT.usable ? 'usable' : code === KUBECONFIG_EXIT.warnings ? 'usableWithWarnings' : 'unusable';
  writeLine(io.stdout, t(`kubeconfig.cli.${head}`, { file, context, server: inspection.server ?? '-' }));
  for (const finding of inspection.findings) {
    const where = finding.line ? ` (${t('kubeconfig.cli.line', { line: finding.line })})` : '';
    writeLine(
      io.stdout,
      `  [${t(`kubeconfig.severity.${finding.severity}`)}] ${finding.code}${where}: ${t(`kubeconfig.findings.${finding.code}`, finding.params)}`,
    );
  }
  return code;
}
