/**
 * The CLI over the real host layer (docker-sdn recipe, no fakes): the
 * foundation's acceptance check that `answers example` then `plan --json`
 * lists the guide's steps, and that bad answers exit 2 naming the field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturedIo } from '../cli/testing/captured-io.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SDN_STEP_IDS } from '../../shared/steps.js';
import { createService } from '../service/create-service.js';
import { defaultDeps } from '../service/default-deps.js';
import { extraCommands } from './extra-commands.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-real-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = capturedIo();
  const deps = defaultDeps();
  const code = await runCli([...argv, '--state-dir', path.join(dir, 'state')], {
    stdout: io.stdout,
    stderr: io.stderr,
    openService: (stateDir) => (options) => createService({ stateDir, shell: 'preview', rehearsal: options.rehearsal, deps }),
    extraCommands: extraCommands(deps.version),
  });
  return { code, out: io.out(), err: io.err() };
}

describe('winjoin over the docker-sdn recipe', () => {
  it('plans the guide: prerequisites, docker, proxy, scripts, kubeconfig, pause image, binaries, path, API check, kubelet, kube-proxy, routes, checks, samples', async () => {
    const example = await cli('answers', 'example');
    fs.writeFileSync(path.join(dir, 'a.json'), example.out);
    const plan = await cli('plan', '--answers', path.join(dir, 'a.json'), '--json');
    expect(plan.code).toBe(0);
    const steps = JSON.parse(plan.out).steps as { id: string; script: string; params: Record<string, unknown> }[];
    // DOCKER_SDN_STEP_IDS is defined in guide order; this recipe uses every step for a host-gateway join.
    expect(steps.map((s) => s.id)).toEqual([...DOCKER_SDN_STEP_IDS]);
    expect(steps.find((s) => s.id === 'kubelet')).toMatchObject({
      script: 'kubelet.ps1',
      params: expect.objectContaining({ clusterCidr: '192.168.0.0/16' }),
    });
  });

  it('drops the routes step for a ToR topology', async () => {
    const answers = JSON.parse((await cli('answers', 'example')).out);
    answers.network.topology = 'tor';
    fs.writeFileSync(path.join(dir, 'tor.json'), JSON.stringify(answers));
    const plan = JSON.parse((await cli('plan', '--answers', path.join(dir, 'tor.json'), '--json')).out);
    expect(plan.steps.map((s: { id: string }) => s.id)).not.toContain('routes');
  });

  it.each([
    ['network.serviceCidr', (a: any) => (a.network.serviceCidr = '192.168.0.0/20')],
    ['proxy.http', (a: any) => (a.proxy = { http: 'http://proxy.corp.example', https: 'http://proxy.corp.example:3128', noProxy: [] })],
    ['nodeName', (a: any) => (a.nodeName = 'WIN01')],
  ])('exits 2 naming %s', async (field, patch) => {
    const answers = JSON.parse((await cli('answers', 'example')).out);
    patch(answers);
    const file = path.join(dir, `${field}.json`);
    fs.writeFileSync(file, JSON.stringify(answers));
    const result = await cli('plan', '--answers', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${field}:`);
  });
});
