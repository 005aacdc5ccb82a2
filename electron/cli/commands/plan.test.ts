import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import { recipeOfAnswers } from '../../join/recipes/index.js';
import { createService } from '../../service/create-service.js';
import { fakeDeps } from '../../service/testing/fake-deps.js';
import { runCli } from '../run-cli.js';
import { capturedIo } from '../testing/captured-io.js';

const HTTP_PASSWORD = "pa'ss$(whoami)/@:Canary1";
// A reference's whole value is masked, even a URL without a password: the operator marked it secret.
const ENV_URL = 'http://envcanary-91c2.corp.example:3129/';
const TOKEN = 'abcdef.plancanary000000';
const ENV = 'WINJOIN_TEST_PLAN_HTTPS';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-plan-'));
  process.env[ENV] = ENV_URL;
});
afterEach(() => {
  delete process.env[ENV];
  fs.rmSync(dir, { recursive: true, force: true });
});

async function plan(...argv: string[]) {
  const io = capturedIo();
  const code = await runCli(['plan', ...argv, '--state-dir', path.join(dir, 'state')], {
    stdout: io.stdout,
    stderr: io.stderr,
    openService: (stateDir) => () => createService({ stateDir, shell: 'preview', deps: fakeDeps({ recipe: recipeOfAnswers }) }),
  });
  return { code, out: io.out(), err: io.err() };
}

describe('winjoin plan masks every secret it prints', () => {
  it('shows proxies as http://ops:***@host:port/ and no password, token or reference value, in text and JSON', async () => {
    const answers = structuredClone(exampleAnswers('containerd-kubeadm')) as Record<string, any>;
    answers.kubernetesVersion = '1.34.2';
    answers.proxy = {
      http: `http://ops:${encodeURIComponent(HTTP_PASSWORD)}@proxy.corp.example:3128/`,
      https: { fromEnv: ENV },
      noProxy: [],
    };
    fs.writeFileSync(path.join(dir, 'token.txt'), TOKEN);
    answers.join.token = { fromFile: path.join(dir, 'token.txt') };
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(answers));

    for (const format of [[], ['--json']]) {
      const result = await plan('--answers', file, ...format);
      expect(result.code, result.err).toBe(0);
      const printed = result.out + result.err;
      expect(printed).toContain('http://ops:***@proxy.corp.example:3128/');
      expect(printed).toContain('kubeadm-join');
      for (const leak of [HTTP_PASSWORD, encodeURIComponent(HTTP_PASSWORD), 'envcanary-91c2', 'plancanary000000'])
        expect(printed, leak).not.toContain(leak);
    }
  });
});

describe('winjoin plan and digests (issue 19)', () => {
  it('names the pause base image with the reason it is pulled by tag', async () => {
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(exampleAnswers()));
    const result = await plan('--answers', file);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(
      /image: mcr\.microsoft\.com\/windows\/servercore:<tag of this host's build> \(no digest: mcr\.microsoft\.com re-publishes/,
    );
  });

  it('refuses an offline plan for a file whose digest WinJoin does not ship, naming the field and the fix (exit 2)', async () => {
    const answers = structuredClone(exampleAnswers('containerd-kubeadm')) as Record<string, any>;
    answers.kubernetesVersion = '1.34.2';
    answers.downloads = { offlineSource: path.join(dir, 'offline'), extraCaFile: null };
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(answers));
    const result = await plan('--answers', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain('containerd.version 2.3.4: offline (downloads.offlineSource)');
    expect(result.err).toContain('enter it in the answer file as downloads.digests.containerd-2.3.4-windows-amd64.tar.gz (sha256:…)');
    expect(result.err).toContain('clear downloads.offlineSource to download the files online.');
  });
});
