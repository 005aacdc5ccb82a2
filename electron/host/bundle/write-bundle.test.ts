import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSupportBundle } from './write-bundle.js';
import { CANARY, SERVICE_LINE, writeFailedStateDir } from './testing/fixture.js';
import { unzipAll } from './testing/unzip.js';
import en from '../../../shared/i18n/en.json' with { type: 'json' };
import ja from '../../../shared/i18n/ja.json' with { type: 'json' };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Every form a secret could take in a bundle file: plain, URL-encoded, JSON-escaped, base64 at each byte alignment. */
function forms(secret: string): string[] {
  const out = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), b64(secret).replace(/=+$/, '')];
  for (let offset = 1; offset < 3; offset++) {
    const enc = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
    out.push(enc.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + secret.length) * 8) / 6)));
  }
  return out;
}

let dir: string;
let out: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bundle-test-'));
  out = path.join(dir, 'bundle.zip');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeSupportBundle', () => {
  it('CANARY: no planted secret survives in any file, in any encoding', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    await writeSupportBundle({ stateDir, out, extra: { secrets: ['resolved-from-env-secret'] } });
    const files = await unzipAll(out);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'summary.md',
        'journal.jsonl',
        'system.json',
        'plan.json',
        'state.json',
        'answers.json',
        'kubeconfig.redacted.yaml',
        'logs/kubelet.log',
        'diagnostics.log',
        'steps/10-kubelet.log',
      ]),
    );
    const secrets = [CANARY.proxyPassword, `alice:${CANARY.proxyPassword}`, CANARY.token, CANARY.keyData, CANARY.keyBody];
    for (const [name, data] of files) {
      const text = data.toString('utf8');
      for (const secret of secrets)
        for (const form of forms(secret)) expect(text.includes(form), `${name} holds ${secret} as ${form}`).toBe(false);
    }
    // Redaction left the evidence readable, and every journal line is still JSON.
    expect(files.get('steps/10-kubelet.log')!.toString()).toContain('Authorization: Bearer ***');
    expect(files.get('kubeconfig.redacted.yaml')!.toString()).toContain('server: https://10.1.2.3:6443');
    for (const line of files.get('journal.jsonl')!.toString().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    // A service's lines stay in the journal (redacted with the rest); the step's transcript is what the step printed.
    expect(files.get('journal.jsonl')!.toString()).toContain(SERVICE_LINE);
    expect(files.get('steps/10-kubelet.log')!.toString()).not.toContain(SERVICE_LINE);
  });

  it('puts the failure, its matched known problem and the fix in summary.md', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    const result = await writeSupportBundle({ stateDir, out, extra: { appVersion: '0.1.0-test', now: new Date('2024-03-07T11:00:00Z') } });
    expect(result.failedStep).toBe('kubelet');
    expect(result.knownProblems[0]).toBe('KP-T14-POD-CIDR-WAIT');
    const summary = (await unzipAll(out)).get('summary.md')!.toString();
    const kp = en.knownProblems['KP-T14-POD-CIDR-WAIT'];
    expect(summary).toContain('## First failure: kubelet');
    expect(summary).toContain('E_STEP_TIMEOUT');
    expect(summary).toContain(`### KP-T14-POD-CIDR-WAIT: ${kp.title}`);
    expect(summary).toContain(kp.cause);
    expect(summary).toContain(kp.fix);
    expect(summary).toContain(ja.knownProblems['KP-T14-POD-CIDR-WAIT'].fix);
    expect(summary).toContain('Sleeping for 10s, and then waiting to discover pod CIDR');
    expect(summary).toMatch(/\| Machine \| WIN-NODE1 \|/);
    expect(summary).toMatch(/\| OS build \| 10\.0\.16299\.125 \|/);
    expect(summary).toMatch(/\| WinJoin version \| 0\.1\.0-test \|/);
    expect(summary).toMatch(/\| kubelet \| failed \| 1 \| 10 min 0 s \|/);
    expect(summary).toContain('"http": "http://alice:***@proxy.corp:3128"');
    expect(summary).not.toContain('## Left out');
  });

  it('keeps the zip under the size cap, keeps the journal tail and says what it cut', async () => {
    const stateDir = path.join(dir, 'state');
    // Random hex hardly compresses: the cap must hold on size, not on luck.
    writeFailedStateDir(stateDir, {
      fillerLines: 12_000,
      fillerLine: (i) => `${i} ${Buffer.from(Array.from({ length: 120 }, () => Math.floor(Math.random() * 256))).toString('hex')}`,
    });
    const journalSize = fs.statSync(path.join(stateDir, 'journal.jsonl')).size;
    expect(journalSize).toBeGreaterThan(3 * 1024 * 1024);
    const maxBytes = 1024 * 1024;
    const result = await writeSupportBundle({ stateDir, out, maxBytes });
    expect(fs.statSync(out).size).toBeLessThanOrEqual(maxBytes);
    expect(result.truncated.map((t) => t.name)).toContain('journal.jsonl');
    const files = await unzipAll(out);
    const summary = files.get('summary.md')!.toString();
    expect(summary).toMatch(/journal\.jsonl: (truncated to its last [\d.]+ MiB of [\d.]+ MiB|left out)/);
    // The failure is still diagnosable from the summary however much was cut.
    expect(summary).toContain('KP-T14-POD-CIDR-WAIT');
    const journal = files.get('journal.jsonl');
    if (journal) {
      const lines = journal.toString().trim().split('\n');
      expect(() => JSON.parse(lines[0]!)).not.toThrow();
      expect(JSON.parse(lines.at(-1)!).type).toBe('run.finished');
    }
  });

  it('writes a line printed again and again once, with how many more times', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir, { fillerLines: 40, fillerLine: () => 'waiting for the HNS network' });
    await writeSupportBundle({ stateDir, out });
    const transcript = (await unzipAll(out)).get('steps/10-kubelet.log')!.toString();
    expect(transcript.match(/waiting for the HNS network/g)).toHaveLength(1);
    expect(transcript).toContain('(the line above repeated 39 more times)');
  });

  it('works from a damaged state directory', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir, { recordMatches: true });
    fs.writeFileSync(path.join(stateDir, 'state.json'), '{ torn');
    const result = await writeSupportBundle({ stateDir, out });
    expect(result.failedStep).toBe('kubelet');
    expect(result.knownProblems).toEqual(['KP-T14-POD-CIDR-WAIT', 'KP-WJ-STEP-TIMEOUT']);
    const summary = (await unzipAll(out)).get('summary.md')!.toString();
    expect(summary).toContain('state.json is unreadable');
  });

  it("after a complete reset, holds the undone join and the reset's steps, without their secrets", async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    fs.renameSync(path.join(stateDir, 'state.json'), path.join(stateDir, 'state.reset.json'));
    const failed = { code: 'E_SCRIPT_ERROR', message: `proxy http://alice:${CANARY.proxyPassword}@proxy.corp.example:8080 refused` };
    const undo = {
      id: 'kubelet',
      status: 'failed',
      attempts: 1,
      startedAt: null,
      endedAt: null,
      durationMs: 1,
      exitCode: 1,
      error: failed,
    };
    fs.writeFileSync(path.join(stateDir, 'reset-state.json'), JSON.stringify({ schema: 1, phase: 'incomplete', steps: [undo] }));
    await writeSupportBundle({ stateDir, out });
    const files = await unzipAll(out);
    expect(files.get('state.reset.json')!.toString()).toContain('"plan"');
    expect(files.get('reset-state.json')!.toString()).toContain('refused');
    for (const name of ['state.reset.json', 'reset-state.json']) {
      const text = files.get(name)!.toString();
      for (const form of forms(CANARY.proxyPassword)) expect(text.includes(form), `${name} holds the password as ${form}`).toBe(false);
    }
  });

  it("keeps a reset's undo lines apart from the join's step logs, and the join's first failure stays the join's", async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    const at = (seq: number) => ({ seq, ts: new Date(Date.parse('2024-03-08T10:00:00Z') + seq * 1000).toISOString(), runId: 'reset-1' });
    const reset = [
      {
        type: 'reset.started',
        joinRunId: 'run-canary',
        recipe: 'docker-sdn',
        rehearsal: false,
        stepIds: ['kubelet', 'docker'],
        neverRan: [],
      },
      { type: 'step.started', stepId: 'docker', attempt: 1 },
      { type: 'step.output', stepId: 'docker', stream: 'stdout', line: 'undo: removed the docker service' },
      { type: 'step.finished', stepId: 'docker', status: 'failed', durationMs: 10, exitCode: 1 },
      { type: 'reset.finished', outcome: 'incomplete', failed: ['docker'], held: [] },
    ];
    fs.appendFileSync(
      path.join(stateDir, 'journal.jsonl'),
      reset.map((event, i) => JSON.stringify({ ...event, ...at(1000 + i) })).join('\n') + '\n',
    );
    await writeSupportBundle({ stateDir, out });
    const files = await unzipAll(out);
    const dockerJoin = [...files.keys()].find((name) => /^steps\/\d\d-docker\.log$/.test(name))!;
    const dockerUndo = [...files.keys()].find((name) => /^steps\/undo-\d\d-docker\.log$/.test(name))!;
    expect(files.get(dockerJoin)!.toString()).toContain('docker ok');
    expect(files.get(dockerJoin)!.toString()).not.toContain('undo: removed');
    expect(files.get(dockerUndo)!.toString()).toContain('undo: removed the docker service');
    expect(files.get('summary.md')!.toString()).toContain('## First failure: kubelet');
  });

  it('writes a bundle for an empty state directory', async () => {
    const stateDir = path.join(dir, 'empty');
    fs.mkdirSync(stateDir);
    const result = await writeSupportBundle({ stateDir, out });
    expect(result.failedStep).toBeNull();
    const files = await unzipAll(out);
    expect(files.get('summary.md')!.toString()).toContain('journal.jsonl is missing');
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });
});
