// Runs the real step host on real PowerShell (pwsh here, 5.1 on Windows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptEvent } from '../../../shared/powershell-protocol.js';
import { runStepScript, type RunStepScriptOptions } from './run-step-script.js';
import type { OutputStream } from './run-process-tree.js';
import { isAlive, readPid } from './testing/process-alive.js';
import { fixture, stepHost } from './testing/paths.js';

let tmp: string | undefined;
afterEach(() => {
  // Should a kill have failed, leave no stray process behind.
  for (const file of tmp ? fs.readdirSync(tmp).filter((f) => f.endsWith('.pid')) : []) {
    const pid = readPid(path.join(tmp!, file));
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

function run(script: string, options: Partial<RunStepScriptOptions> = {}) {
  const lines: { stream: OutputStream; line: string }[] = [];
  const events: ScriptEvent[] = [];
  const warnings: string[] = [];
  const promise = runStepScript({
    script: fixture(script),
    stepHost,
    params: {},
    timeoutMs: 60_000,
    onLine: (stream, line) => lines.push({ stream, line }),
    onEvent: (event) => events.push(event),
    onWarning: (w) => warnings.push(w.reason),
    ...options,
  });
  return { promise, lines, events, warnings, stdout: () => lines.filter((l) => l.stream === 'stdout').map((l) => l.line) };
}

describe('runStepScript', () => {
  it('passes a hostile parameter as a literal string that runs nothing', async () => {
    const value = `'; Write-Output PWNED; ' $(Write-Output PWNED) $(Get-Date) \`$env:PATH \` ; "double"\nWrite-Output PWNED\n日本語 | Out-File pwned.txt; # end`;
    const r = run('echo-params.ps1', { params: { value, count: 3, items: ['a', 'b c'] } });
    const result = await r.promise;
    expect(result.exitCode).toBe(0);
    expect(result.result?.facts).toEqual({ value, count: 3, items: ['a', 'b c'] });
    // Transcript is the value's own lines, nothing else: no "PWNED" line, no date.
    expect(r.stdout()).toEqual(value.split('\n'));
    expect(r.stdout()).not.toContain('PWNED');
  });

  it('keeps Japanese intact on stdout, stderr and in events', async () => {
    const r = run('japanese-output.ps1');
    const result = await r.promise;
    expect(result.exitCode).toBe(0);
    expect(r.lines).toContainEqual({ stream: 'stdout', line: '日本語のログ' });
    expect(r.lines).toContainEqual({ stream: 'stderr', line: '標準エラーの行' });
    expect(r.events).toContainEqual({ type: 'progress', percent: 50, message: '半分完了' });
    expect(result.result?.facts).toEqual({ note: 'ノード準備完了' });
  });

  it('reports a step that needs a restart', async () => {
    const result = await run('restart.ps1').promise;
    expect(result.exitCode).toBe(process.platform === 'win32' ? 3010 : 194);
    expect(result.restartRequired).toBe(true);
    expect(result.result).toEqual({ changed: true, facts: { feature: 'Containers' } });
    expect(result.error).toBeUndefined();
  });

  it('turns a thrown error into an error record', async () => {
    const r = run('throws.ps1');
    const result = await r.promise;
    expect(result.exitCode).toBe(1);
    expect(result.restartRequired).toBe(false);
    expect(result.error?.message).toBe('kube-proxy could not find the HNS network "l2bridge"');
    expect(result.error?.scriptStackTrace).toContain('throws.ps1');
    expect(r.stdout()).toContain('before the failure');
    expect(r.stdout().some((l) => l.startsWith('##winjoin'))).toBe(false);
  });

  it('keeps malformed event lines as transcript with a warning and carries on', async () => {
    const r = run('malformed.ps1');
    const result = await r.promise;
    expect(result.exitCode).toBe(0);
    const [echoed, invalid, last] = r.stdout();
    expect([echoed, last]).toEqual(['##winjoin {bad', 'still running']);
    expect(invalid).toMatch(/^##winjoin:[0-9a-f]{32} \{"type":"nope"\}$/);
    // Only the invalid event of this run warns: the echoed line never claimed this run's prefix.
    expect(r.warnings).toHaveLength(1);
    expect(r.events).toContainEqual({ type: 'check', id: 'disk-space', status: 'warn', detail: '12 GB free', fixKey: 'fix.disk' });
    expect(result.result).toEqual({ changed: false, facts: {} });
  });

  it("takes events only with this run's nonce, which the tools a step starts never see", async () => {
    const r = run('spoofed.ps1');
    const result = await r.promise;
    expect(result.exitCode).toBe(0);
    expect(r.events.filter((e) => e.type === 'check').map((e) => (e.type === 'check' ? e.id : ''))).toEqual(['genuine']);
    expect(r.stdout()).toEqual(['##winjoin {"type":"check","id":"spoofed","status":"pass"}', 'nonce seen by the tool: []']);
  });

  it.runIf(process.platform !== 'win32')('on cancel ends PowerShell, its child and the child of its child', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cancel-'));
    const controller = new AbortController();
    const r = run('spawn-tree.ps1', {
      params: { pidDir: tmp },
      signal: controller.signal,
      onLine: (_stream, line) => {
        if (line === 'ready') controller.abort();
      },
    });
    const result = await r.promise;
    expect(result.cancelled).toBe(true);
    expect(result.timedOut).toBe(false);
    const pids = ['pwsh.pid', 'child.pid', 'grandchild.pid'].map((f) => readPid(path.join(tmp!, f)));
    expect(pids.every((p) => p !== null)).toBe(true);
    expect(pids.filter((p) => isAlive(p!))).toEqual([]);
  });

  it('reports a step that runs past its timeout', async () => {
    const result = await run('sleep.ps1', { timeoutMs: 2_500 }).promise;
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.exitCode).not.toBe(0);
  });

  it('deletes the parameters file however the step ends', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-params-'));
    let seen: string[] = [];
    const r = run('throws.ps1', {
      params: { secret: 'hunter2' },
      tmpDir: tmp,
      // While the step runs its parameters directory exists and holds the file.
      onLine: () => {
        if (seen.length === 0) seen = fs.readdirSync(tmp!).flatMap((d) => fs.readdirSync(path.join(tmp!, d)));
      },
    });
    await r.promise;
    expect(seen).toEqual(['params.json']);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses a script that does not exist, before starting PowerShell', async () => {
    await expect(run('no-such-step.ps1').promise).rejects.toMatchObject({ code: 'E_SCRIPT_NOT_FOUND' });
  });
});
