// The executor on real PowerShell, with fixture steps standing in for the real ones.
import { describe, expect, it } from 'vitest';
import { JournalEventSchema, type NewJournalEvent } from '../../../shared/events.js';
import { WinJoinError } from '../../../shared/errors.js';
import type { PlannedStep } from '../../../shared/plan.js';
import type { StepContext } from '../../join/types.js';
import { createPowerShellExecutor, type PowerShellExecutorOptions } from './powershell-executor.js';
import { fixturesDir, powershellDir } from './testing/paths.js';

const SECRET = 's3cr3t-Pässw0rd';

function step(script: string, overrides: Partial<PlannedStep> = {}): PlannedStep {
  return {
    id: 'proxy',
    titleKey: 'steps.proxy.title',
    needs: [],
    script,
    params: {},
    downloads: [],
    changesMachine: true,
    timeoutMs: 60_000,
    always: false,
    ...overrides,
  };
}

async function execute(planned: PlannedStep, options: Partial<PowerShellExecutorOptions> = {}, signal = new AbortController().signal) {
  const events: NewJournalEvent[] = [];
  const context: StepContext = {
    runId: 'run-1',
    step: planned,
    attempt: 1,
    stateDir: '/unused',
    signal,
    downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
    facts: {},
    emit: (e) => events.push(e),
  };
  const executor = createPowerShellExecutor({ powershellDir, scriptsDir: fixturesDir, ...options });
  const outcome = await executor(context);
  return { outcome, events };
}

describe('createPowerShellExecutor', () => {
  it('runs the step with its downloads, maps events to journal events and never emits a secret parameter', async () => {
    const downloads = [
      { name: 'nodeTarball', url: 'https://dl.k8s.io/v1.9.1/kubernetes-node-windows-amd64.tar.gz', fileName: 'node.tar.gz' },
    ];
    const seen: string[] = [];
    const { outcome, events } = await execute(step('report.ps1', { params: { proxyPassword: SECRET }, downloads }), {
      prepareDownloads: async (context) => {
        seen.push(context.step.id);
        return { nodeTarball: 'C:\\cache\\node.tar.gz' };
      },
      mapParams: (params) => ({ ...params, downloads: { nodeTarball: '/rehearsal/C/cache/node.tar.gz' } }),
    });

    expect(seen).toEqual(['proxy']);
    expect(outcome).toEqual({
      status: 'done',
      changed: true,
      facts: { passwordLength: SECRET.length, tarball: '/rehearsal/C/cache/node.tar.gz' },
      exitCode: 0,
    });
    expect(events).toEqual([
      { type: 'step.progress', stepId: 'proxy', percent: 100, message: 'over the top' },
      { type: 'step.progress', stepId: 'proxy', percent: null, message: 'no percent' },
      { type: 'step.check', stepId: 'proxy', checkId: 'proxy', status: 'pass' },
      { type: 'step.output', stepId: 'proxy', stream: 'stdout', line: 'working' },
    ]);
    for (const [seq, event] of events.entries()) {
      expect(JournalEventSchema.safeParse({ ...event, seq: seq + 1, ts: new Date().toISOString(), runId: 'run-1' }).success).toBe(true);
    }
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('fails with the script error message, and puts the error in the transcript', async () => {
    const { outcome, events } = await execute(step('throws.ps1'));
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: 1,
      error: {
        code: 'E_SCRIPT_ERROR',
        message: 'kube-proxy could not find the HNS network "l2bridge"',
        params: { errorId: expect.any(String) },
      },
    });
    const stderr = events.flatMap((e) => (e.type === 'step.output' && e.stream === 'stderr' ? [e.line] : []));
    expect(stderr[0]).toBe('kube-proxy could not find the HNS network "l2bridge"');
    expect(stderr.some((l) => l.includes('throws.ps1'))).toBe(true);
  });

  it('reports restart-pending with what the step changed', async () => {
    const { outcome } = await execute(step('restart.ps1'));
    expect(outcome).toMatchObject({ status: 'restart-pending', changed: true, facts: { feature: 'Containers' } });
  });

  it("notes a malformed event of this run as a warning, and keeps it and an echoed '##winjoin ' line as output", async () => {
    const { outcome, events } = await execute(step('malformed.ps1'));
    expect(outcome.status).toBe('done');
    // The echoed line lacks this run's nonce: plain output, no warning (run-step-script.ts).
    expect(events.filter((e) => e.type === 'note')).toEqual([
      {
        type: 'note',
        level: 'warn',
        key: 'powershell.malformedEvent',
        params: { stepId: 'proxy', reason: expect.stringContaining('not a WinJoin event') },
      },
    ]);
    expect(events).toContainEqual({ type: 'step.output', stepId: 'proxy', stream: 'stdout', line: '##winjoin {bad' });
  });

  it('reports a cancelled step as E_CANCELLED without starting PowerShell', async () => {
    const { outcome, events } = await execute(step('sleep.ps1'), {}, AbortSignal.abort());
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_CANCELLED' } });
    expect(events).toEqual([]);
  });

  it('refuses scripts that are missing or outside the scripts directory', async () => {
    expect((await execute(step('no-such-step.ps1'))).outcome).toMatchObject({ status: 'failed', error: { code: 'E_SCRIPT_NOT_FOUND' } });
    expect((await execute(step('../powershell-executor.ts'))).outcome).toMatchObject({
      status: 'failed',
      error: { code: 'E_SCRIPT_NOT_FOUND' },
    });
  });

  it('fails a step with downloads when no downloader is configured, and keeps a downloader error as it is', async () => {
    const downloads = [{ name: 'nssm', url: 'https://nssm.cc/release/nssm-2.24.zip', fileName: 'nssm.zip' }];
    expect((await execute(step('report.ps1', { downloads }))).outcome).toMatchObject({ status: 'failed', error: { code: 'E_INTERNAL' } });
    const checksum = new WinJoinError('E_DOWNLOAD_CHECKSUM', 'nssm.zip: sha256 mismatch', { file: 'nssm.zip' });
    const { outcome } = await execute(step('report.ps1', { downloads }), { prepareDownloads: () => Promise.reject(checksum) });
    expect(outcome).toEqual({ status: 'failed', exitCode: null, error: checksum.toShape() });
  });
});
