import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturedIo } from '../cli/testing/captured-io.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { EXIT } from '../../shared/exit-codes.js';
import { createService } from '../service/create-service.js';
import { fakeDeps } from '../service/testing/fake-deps.js';
import { isUnattended, userArgs, wizardOptions } from './launch-options.js';
import { runUnattended, toCliArgs } from './unattended.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-unattended-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = capturedIo();
  const code = await runUnattended(['--unattended', ...args, '--state-dir', path.join(dir, 'state')], {
    stdout: io.stdout,
    stderr: io.stderr,
    openService: (stateDir) => (options) => createService({ stateDir, shell: 'electron', rehearsal: options.rehearsal, deps: fakeDeps() }),
  });
  return { code, out: io.out(), err: io.err() };
}

describe('launch options', () => {
  it('finds the user arguments in a packaged and in a development run', () => {
    expect(userArgs(['C:\\Program Files\\WinJoin\\WinJoin.exe', '--unattended'], true)).toEqual(['--unattended']);
    expect(userArgs(['/usr/bin/electron', '/src/winjoin', '--unattended'], false)).toEqual(['--unattended']);
    expect(isUnattended(['--answers', 'a.json', '--unattended'])).toBe(true);
    expect(isUnattended(['--rehearsal'])).toBe(false);
  });

  it('reads the wizard flags and tolerates switches Chromium adds', () => {
    expect(wizardOptions(['--rehearsal', '--scenario', 'proxy-auth', '--enable-logging', '--state-dir', '/s'])).toEqual({
      stateDir: '/s',
      rehearsal: { scenario: 'proxy-auth' },
    });
    expect(wizardOptions([])).toEqual({ stateDir: undefined, rehearsal: null });
    // --recipe picks the simulated world; a name WinJoin does not know leaves the default one.
    expect(wizardOptions(['--rehearsal', '--recipe', 'containerd-kubeadm']).rehearsal).toEqual({
      scenario: 'happy',
      recipe: 'containerd-kubeadm',
    });
    expect(wizardOptions(['--rehearsal', '--recipe', 'nope']).rehearsal).toEqual({ scenario: 'happy' });
  });
});

describe('toCliArgs', () => {
  it('maps each unattended form onto the winjoin command it stands for', () => {
    expect(toCliArgs(['--unattended', '--answers', 'C:\\deploy\\answers.json'])).toEqual({
      ok: true,
      cliArgs: ['join', '--json', '--answers', 'C:\\deploy\\answers.json'],
    });
    expect(toCliArgs(['--unattended', '--resume', '--state-dir', 'D:\\s'])).toEqual({
      ok: true,
      cliArgs: ['join', '--json', '--resume', '--state-dir', 'D:\\s'],
    });
    expect(toCliArgs(['--unattended', '--bundle', 'b.zip', '--lang', 'ja'])).toEqual({
      ok: true,
      cliArgs: ['bundle', '--out', 'b.zip', '--lang', 'ja'],
    });
    expect(toCliArgs(['--unattended', '--reset', '--answers', 'a.json', '--state-dir', 'D:\\s'])).toEqual({
      ok: true,
      cliArgs: ['reset', '--json', '--yes', '--answers', 'a.json', '--state-dir', 'D:\\s'],
    });
    expect(toCliArgs(['--unattended', '--answers', 'a.json', '--rehearsal', '--scenario', 'happy'])).toEqual({
      ok: true,
      cliArgs: ['join', '--json', '--answers', 'a.json', '--rehearsal', '--scenario', 'happy'],
    });
  });

  it('refuses what it cannot map', () => {
    expect(toCliArgs(['--unattended']).ok).toBe(false);
    expect(toCliArgs(['--unattended', '--answers']).ok).toBe(false);
    expect(toCliArgs(['--unattended', '--answers', 'a.json', '--frobnicate']).ok).toBe(false);
    expect(toCliArgs(['--unattended', '--bundle', 'b.zip', '--resume']).ok).toBe(false);
    expect(toCliArgs(['--unattended', 'stray']).ok).toBe(false);
    expect(toCliArgs(['--unattended', '--reset', '--resume']).ok).toBe(false);
    expect(toCliArgs(['--unattended', '--reset', '--bundle', 'b.zip']).ok).toBe(false);
  });
});

describe('runUnattended', () => {
  it('joins from an answer file, printing one JSON journal event per line, and exits 0', async () => {
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(exampleAnswers()));
    const { code, out } = await run('--answers', file);
    expect(code).toBe(EXIT.ok);
    const events = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; outcome?: string });
    expect(events[0]!.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
  });

  it('exits 2 with the usage when the arguments are wrong', async () => {
    const { code, out, err } = await run();
    expect(code).toBe(EXIT.invalidInput);
    expect(out).toBe('');
    expect(err).toContain('WinJoin.exe --unattended');
  });

  it('exits 2 naming the field when the answer file is invalid', async () => {
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify({ ...exampleAnswers(), version: 99 }));
    const { code, err } = await run('--answers', file);
    expect(code).toBe(EXIT.invalidInput);
    expect(err).toContain('version');
  });
});
