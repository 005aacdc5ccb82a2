/**
 * `winjoin cluster check --answers FILE [--json] [--rehearsal [--scenario NAME]]`: the containerd-kubeadm
 * gate on its own. Checks the cluster prerequisites through the API (applying
 * fixes only when the answers consent), then verifies the join credentials as
 * kubeadm will. Changes nothing on this machine. --rehearsal checks the
 * simulated cluster of the scenario instead. Exit 0 ready, 1 not ready,
 * 2 invalid input. The token is never printed; its id is.
 */
import { parseArgs } from 'node:util';
import { clusterCheckKeys } from '../../../shared/cluster-checks.js';
import { WinJoinError } from '../../../shared/errors.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { knownProblemKeys } from '../../../shared/known-problems/schema.js';
import type { GateRunner } from '../../service/join-gate.js';
import { runKubeadmGate, type KubeadmGateResult } from '../../service/kubeadm-gate.js';
import { cliLanguage, createTranslator, writeLine } from '../io.js';
import { loadAnswersOrExit } from '../load-answers.js';
import type { CommandIo } from './download.js';
import type { ServiceFactory } from '../service-factory.js';

export type { GateRunner };

export async function runClusterCommand(
  argv: string[],
  io: CommandIo,
  options: { gate?: GateRunner; open?: ServiceFactory } = {},
): Promise<number> {
  const t = io.t ?? createTranslator(cliLanguage(undefined, process.env));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        answers: { type: 'string' },
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        rehearsal: { type: 'boolean', default: false },
        scenario: { type: 'string' },
      },
    });
  } catch (error) {
    writeLine(io.stderr, `${(error as Error).message}\n${t('clusterCli.usage')}`);
    return EXIT.invalidInput;
  }
  const { values, positionals } = parsed;
  if (positionals.join(' ') !== 'check' || !values.answers) {
    writeLine(io.stderr, t('clusterCli.usage'));
    return EXIT.invalidInput;
  }
  const loaded = loadAnswersOrExit(values.answers, { stderr: io.stderr, t });
  if (!loaded) return EXIT.invalidInput;
  if (loaded.answers.recipe !== 'containerd-kubeadm') {
    writeLine(io.stderr, t('clusterCli.wrongRecipe', { recipe: loaded.answers.recipe }));
    return EXIT.invalidInput;
  }
  let result: KubeadmGateResult;
  if (values.rehearsal) {
    if (!options.open) {
      writeLine(io.stderr, t('clusterCli.usage'));
      return EXIT.invalidInput;
    }
    // The answers' recipe picks the simulated world; the scenario's faults and answers apply as in `winjoin join --rehearsal`.
    let service;
    try {
      // unattended: the check `winjoin join --rehearsal` runs, with the same consent.
      service = await options.open({
        rehearsal: { scenario: values.scenario ?? 'happy', recipe: loaded.answers.recipe, unattended: true },
      });
    } catch (error) {
      // An unknown scenario, or one of the other recipe: said as `winjoin join` says it.
      if (!(error instanceof WinJoinError)) throw error;
      writeLine(io.stderr, `${error.code}: ${error.message}`);
      return EXIT.invalidInput;
    }
    try {
      result = await service.checkCluster(loaded.answers);
    } finally {
      await service.close();
    }
  } else {
    result = (await (options.gate ?? runKubeadmGate)(loaded.answers)).result;
  }
  writeLine(io.stdout, values.json ? JSON.stringify(result, null, 2) : formatGate(result, (key, params) => t(key, params ?? {})));
  return result.ok ? EXIT.ok : EXIT.stepFailed;
}

/** The gate's checks, fixes, credentials and known problems as text; `winjoin join` prints it too when the gate stops a join. */
export function formatGate(result: KubeadmGateResult, t: (key: string, params?: Record<string, string>) => string): string {
  const lines: string[] = [];
  for (const check of result.checks) {
    lines.push(`[${check.status}] ${t(clusterCheckKeys(check.id).title)}: ${t(check.detailKey, check.params)}`);
    if (check.status === 'fail') lines.push(`       ${t(clusterCheckKeys(check.id).fix)}`);
  }
  for (const id of result.applied) lines.push(t('clusterCli.applied', { check: t(clusterCheckKeys(id).title) }));
  if (result.error) lines.push(`${result.error.code}: ${t(`errors.${result.error.code}`, result.error.params ?? {})}`);
  if (result.credentials) {
    const c = result.credentials;
    lines.push(
      t(c.tokenCreated ? 'clusterCli.tokenCreated' : c.tokenExpires ? 'clusterCli.tokenVerifiedUntil' : 'clusterCli.tokenVerified', {
        id: c.tokenId,
        expires: c.tokenExpires ?? '',
      }),
    );
    lines.push(
      t(c.caCertHashSource === 'kubeconfig' ? 'clusterCli.pinToConfirm' : 'clusterCli.pinVerified', {
        pin: c.caCertHash,
        endpoint: c.endpoint,
      }),
    );
  }
  for (const code of result.knownProblems.slice(0, 3)) {
    const keys = knownProblemKeys(code);
    lines.push(`${code}: ${t(keys.title)}\n  ${t(keys.fix)}`);
  }
  lines.push(t(result.ok ? 'clusterCli.ready' : 'clusterCli.notReady'));
  return lines.join('\n');
}
