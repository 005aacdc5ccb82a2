/**
 * The real host layer behind the service: the recipe the answers choose, the
 * PowerShell executor with verified downloads, the known-problems matcher,
 * the kubeconfig inspector and the rehearsal host. The CLI, the preview
 * bridge and the Electron shell all build their service from this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { matchFailure } from '../../shared/known-problems/match.js';
import { findAppRoot, powershellDir as defaultPowershellDir } from '../host/app-root.js';
import { inspectKubeconfig } from '../host/kubeconfig/inspect.js';
import { createPowerShellExecutor } from '../host/powershell/powershell-executor.js';
import { directHttpGet } from '../host/cluster-steps/direct-get.js';
import { withClusterSteps } from '../host/cluster-steps/executor.js';
import { secureStateDir } from '../host/restrict-state-dir.js';
import { runStepScript } from '../host/powershell/run-step-script.js';
import { WinJoinError } from '../../shared/errors.js';
import { standInPins } from '../host/rehearsal/origin-catalog.js';
import { SCENARIO_NAMES, startRehearsal, type RehearsalHandle } from '../host/rehearsal/start-rehearsal.js';
import type { StepContext, StepExecutor } from '../join/types.js';
import { scenariosFor } from '../host/rehearsal/scenarios.js';
import { recipeOfAnswers } from '../join/recipes/index.js';
import { SEED_KUBERNETES_VERSION } from '../join/recipes/kubernetes-artifacts.js';
import type { RehearsalSession, ServiceDeps } from './deps.js';
import { createStepDownloads, type StepDownloadOptions } from './step-downloads.js';

export interface DefaultDepsOptions {
  /** electron/powershell in a checkout; <resources>/powershell in the packaged app. */
  powershellDir?: string;
  version?: string;
  downloads?: StepDownloadOptions;
}

export function defaultDeps(options: DefaultDepsOptions = {}): ServiceDeps {
  const powershellDir = options.powershellDir ?? defaultPowershellDir();
  const prepareDownloads = createStepDownloads(options.downloads);
  return {
    recipe: recipeOfAnswers,
    executor: () => withClusterSteps(createPowerShellExecutor({ powershellDir, prepareDownloads }), { httpGet: directHttpGet }),
    classifyFailure: matchFailure,
    inspectKubeconfig: async (file, context) => inspectKubeconfig(file, { context }),
    rehearsalScenarios: [...SCENARIO_NAMES],
    secureStateDir: (dir) => secureStateDir(dir, powershellDir),
    async runSystemScript(script, params) {
      const lines: string[] = [];
      const result = await runStepScript({
        script: path.join(powershellDir, 'system', script),
        stepHost: path.join(powershellDir, 'Invoke-WinJoinStep.ps1'),
        params,
        timeoutMs: 120_000,
        onLine: (_stream, line) => lines.push(line),
        onEvent: () => undefined,
      });
      if (result.exitCode !== 0 && !result.restartRequired) {
        throw new WinJoinError('E_SCRIPT_ERROR', result.error?.message ?? lines.slice(-5).join('\n'));
      }
    },
    async runShutdown(args) {
      // By full path (a shutdown.exe earlier on PATH is not Windows'), as an argument array: no shell parses it.
      const exe = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'shutdown.exe');
      const result = await execa(exe, args, { reject: false, windowsHide: true, timeout: 30_000 });
      return { exitCode: result.exitCode ?? -1 };
    },
    version: options.version ?? readVersion(),
    async startRehearsal({ stateDir, scenario, recipe }): Promise<RehearsalSession> {
      const handle = await startRehearsal({ stateDir, scenario, ...(recipe ? { recipe } : {}) });
      try {
        // The stand-ins are not the real files, so WinJoin's pinned digests cannot match them: the plan takes theirs, marked SIMULATED.
        const standIns = await standInPins(SEED_KUBERNETES_VERSION);
        return {
          scenario,
          scenarios: scenariosFor(handle.recipe),
          recipeContext: { origins: handle.origins, standInPins: standIns },
          answersOverrides: handle.answersOverrides,
          unattendedOverrides: handle.unattendedOverrides,
          executor: rehearsalExecutor(handle, powershellDir, prepareDownloads),
          clusterKubeconfigPath: handle.loopbackKubeconfigPath,
          reach: (endpoint) => handle.reach(endpoint),
          restartMachine: () => handle.restartMachine(),
          restartPending: () => handle.restartPending(),
          show: () => handle.show(),
          close: () => handle.close(),
        };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}

/**
 * A rehearsal session's executor: the step scripts run against the simulated
 * machine, and WinJoin's own steps reach the simulated cluster through its
 * loopback listener and its pages in-process.
 */
export function rehearsalExecutor(
  handle: RehearsalHandle,
  powershellDir: string,
  prepareDownloads?: (context: StepContext) => Promise<Record<string, string>>,
): StepExecutor {
  return withClusterSteps(
    createPowerShellExecutor({
      powershellDir,
      ...(prepareDownloads ? { prepareDownloads } : {}),
      preloadModule: handle.preloadModule,
      env: handle.env,
      mapParams: (params) => handle.mapStepParams(params),
      showText: (text) => handle.showWindowsPaths(text),
    }),
    { kubeconfigFor: () => handle.loopbackKubeconfigPath, httpGet: async (url) => handle.simulatedPage(url) },
  );
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(findAppRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
