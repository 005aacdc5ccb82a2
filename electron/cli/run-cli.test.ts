import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturedIo } from '../cli/testing/captured-io.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import { createService } from '../service/create-service.js';
import { EXIT } from '../../shared/exit-codes.js';
import { fakeDeps, fakeStep } from '../service/testing/fake-deps.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = capturedIo();
  const code = await runCli([...argv, '--state-dir', path.join(dir, 'state')], {
    stdout: io.stdout,
    stderr: io.stderr,
    openService: (stateDir) => () => createService({ stateDir, shell: 'preview', deps: fakeDeps() }),
  });
  return { code, out: io.out(), err: io.err() };
}

function writeAnswers(patch: (a: Record<string, any>) => void = () => {}) {
  const answers = structuredClone(exampleAnswers()) as Record<string, any>;
  patch(answers);
  const file = path.join(dir, 'a.json');
  fs.writeFileSync(file, JSON.stringify(answers));
  return file;
}

describe('winjoin CLI', () => {
  it('prints an example answer file that plans cleanly', async () => {
    const example = await cli('answers', 'example');
    expect(example.code).toBe(0);
    fs.writeFileSync(path.join(dir, 'a.json'), example.out);
    const plan = await cli('plan', '--answers', path.join(dir, 'a.json'), '--json');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out).steps.map((s: { id: string }) => s.id)).toEqual(['prerequisites', 'proxy']);
  });

  it('prints a complete containerd-kubeadm example with --recipe, and refuses an unknown recipe', async () => {
    const example = await cli('answers', 'example', '--recipe', 'containerd-kubeadm');
    expect(example.code).toBe(0);
    expect(JSON.parse(example.out)).toMatchObject({ recipe: 'containerd-kubeadm', network: { topology: 'calico-vxlan' } });
    const unknown = await cli('answers', 'example', '--recipe', 'docker');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('containerd-kubeadm');
  });

  it.each([
    ['a service CIDR overlapping the cluster CIDR', (a: any) => (a.network.serviceCidr = '192.168.0.0/24'), 'network.serviceCidr'],
    [
      'a proxy URL without a port',
      (a: any) => (a.proxy = { http: 'http://proxy.corp.example', https: 'http://proxy.corp.example:8080', noProxy: [] }),
      'proxy.http',
    ],
    ['an upper-case node name', (a: any) => (a.nodeName = 'Win-Node'), 'nodeName'],
  ])('exits 2 and names the field for %s', async (_name, patch, field) => {
    const result = await cli('plan', '--answers', writeAnswers(patch));
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${field}:`);
  });

  it('exits 2 with a clear message for a missing or non-JSON file', async () => {
    expect((await cli('plan', '--answers', path.join(dir, 'nope.json'))).err).toContain('cannot read');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ version: 1 ');
    const bad = await cli('plan', '--answers', path.join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not valid JSON');
  });

  it('joins unattended with one JSON event per line, then reports state', async () => {
    const result = await cli('join', '--answers', writeAnswers(), '--json');
    expect(result.code).toBe(0);
    const events = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0].type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', outcome: 'succeeded' });
    const state = await cli('state', '--json');
    expect(JSON.parse(state.out).phase).toBe('succeeded');
  });

  it('resumes a join by reading its references again, and names the field and the fix when one is gone', async () => {
    const env = 'WINJOIN_TEST_RESUME_PROXY';
    process.env[env] = 'http://ops:ResumeCanary-5@proxy.corp.example:8080/';
    const restartMarker = path.join(dir, 'restarted');
    const deps = fakeDeps({
      recipe: (answers) => [
        { ...fakeStep('prerequisites', []), params: { restartOnceMarker: restartMarker } },
        { ...fakeStep('proxy', ['prerequisites']), params: { http: answers.proxy?.http ?? null } },
      ],
    });
    const run = async (...argv: string[]) => {
      const io = capturedIo();
      const code = await runCli([...argv, '--state-dir', path.join(dir, 'state')], {
        stdout: io.stdout,
        stderr: io.stderr,
        openService: (stateDir) => () => createService({ stateDir, shell: 'preview', deps }),
      });
      return { code, out: io.out(), err: io.err() };
    };
    const answers = writeAnswers((a) => (a.proxy = { http: { fromEnv: env }, https: { fromEnv: env }, noProxy: [] }));
    try {
      expect((await run('join', '--answers', answers, '--json')).code).toBe(EXIT.restartRequired);
      expect(fs.readFileSync(path.join(dir, 'state', 'state.json'), 'utf8')).not.toContain('ResumeCanary');

      delete process.env[env];
      for (const [lang, says] of [
        ['en', `the secret proxy.http came from the environment variable ${env}, which is not set`],
        ['ja', `環境変数 ${env} がこのプロセスに設定されていません`],
      ]) {
        const refused = await run('join', '--resume', '--lang', lang!);
        expect(refused.code).toBe(2);
        expect(refused.err).toContain('E_SECRET_UNAVAILABLE');
        expect(refused.err).toContain(says);
      }

      process.env[env] = 'http://ops:ResumeCanary-5@proxy.corp.example:8080/';
      const resumed = await run('join', '--resume', '--json');
      expect(resumed.code).toBe(0);
      expect(resumed.out).not.toContain('ResumeCanary');
    } finally {
      delete process.env[env];
    }
  });

  it('speaks Japanese with --lang ja', async () => {
    const result = await cli(
      'plan',
      '--answers',
      writeAnswers((a) => (a.nodeName = 'BAD')),
      '--lang',
      'ja',
    );
    expect(result.err).toContain('応答ファイル');
  });

  it('rejects unknown commands and flags with exit 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('plan', '--bogus')).code).toBe(2);
    expect((await cli('join')).code).toBe(2);
  });
});

describe('winjoin CLI failures', () => {
  it('an unknown rehearsal scenario exits 2 with a code and no stack trace', async () => {
    const stdout = capturedIo();
    const code = await runCli(
      ['plan', '--answers', writeAnswers(), '--rehearsal', '--scenario', 'nope', '--state-dir', path.join(dir, 's')],
      {
        stdout: stdout.stdout,
        stderr: stdout.stderr,
        openService: () => async () => {
          throw new WinJoinError('E_INVALID_REQUEST', 'unknown rehearsal scenario "nope"');
        },
      },
    );
    expect(code).toBe(2);
    expect(stdout.err()).toContain('E_INVALID_REQUEST: WinJoin received a request it does not understand.');
    expect(stdout.err()).toContain('\n  unknown rehearsal scenario "nope"\n');
  });

  it('an unexpected error exits 1 with E_INTERNAL and its message only', async () => {
    const io = capturedIo();
    const code = await runCli(['plan', '--answers', writeAnswers(), '--state-dir', path.join(dir, 's')], {
      stdout: io.stdout,
      stderr: io.stderr,
      openService: () => async () => {
        throw new TypeError('boom');
      },
    });
    expect(code).toBe(1);
    expect(io.err()).toBe('E_INTERNAL: Something unexpected went wrong. Export the support bundle and attach it to a ticket.\n  boom\n');
    expect(io.err()).not.toContain('    at ');
  });
});
