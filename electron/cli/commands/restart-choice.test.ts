import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AnswersSchema, exampleAnswers } from '../../../shared/answers.js';
import { WinJoinError } from '../../../shared/errors.js';
import type { Handlers } from '../../../shared/ipc/contract.js';
import { createTranslator, type CliIo } from '../io.js';
import { createService } from '../../service/create-service.js';
import { fakeDeps, fakeStep } from '../../service/testing/fake-deps.js';
import type { ServiceFactory } from '../service-factory.js';
import { runJoinCommand } from './join.js';
import { carryOutRestartChoice } from './restart-choice.js';

function io(): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let e = '';
  stderr.on('data', (c) => (e += String(c)));
  return { stdout: new PassThrough(), stderr, t: createTranslator('en'), err: () => e };
}

const now = () => new Date(2026, 11, 3, 9, 30);

/** A service whose restart handler records the requests and answers like main on Windows. */
function service(fail?: WinJoinError) {
  const requests: unknown[] = [];
  const restart: Handlers['system:restart'] = async (request) => {
    requests.push(request);
    if (fail) throw fail;
    return {
      scheduled: true,
      restarting: request.when === 'now',
      simulated: false,
      restartAt: request.when === 'scheduled' ? request.at : null,
    };
  };
  return { requests, handlers: { 'system:restart': restart } as Handlers };
}

describe("the answer file's restart choice in an unattended run", () => {
  it('later (or no choice) leaves the restart to the fleet tool: 3010, nothing arranged', async () => {
    const s = service();
    expect(await carryOutRestartChoice(s, undefined, io(), now)).toBe(3010);
    expect(await carryOutRestartChoice(s, { when: 'later' }, io(), now)).toBe(3010);
    expect(s.requests).toEqual([]);
  });

  it('now restarts at once; scheduled at the next HH:MM; both exit 1641', async () => {
    const s = service();
    const out = io();
    expect(await carryOutRestartChoice(s, { when: 'now' }, out, now)).toBe(1641);
    expect(await carryOutRestartChoice(s, { when: 'scheduled', at: '02:30' }, out, now)).toBe(1641);
    expect(s.requests).toEqual([{ when: 'now' }, { when: 'scheduled', at: new Date(2026, 11, 4, 2, 30).toISOString() }]);
    expect(out.err()).toMatch(/Windows restarts now/);
    expect(out.err()).toMatch(/Windows restarts at .* cancel with shutdown \/a/);
  });

  it('falls back to 3010 with the reason when the restart cannot be arranged', async () => {
    const s = service(new WinJoinError('E_RESTART_SCHEDULE', 'shutdown /r /t ended with exit code 1190', { exitCode: '1190' }));
    const out = io();
    expect(await carryOutRestartChoice(s, { when: 'scheduled', at: '02:30' }, out, now)).toBe(3010);
    expect(out.err()).toMatch(/E_RESTART_SCHEDULE: Windows refused the restart request \(shutdown.exe exit code 1190\)/);
    expect(out.err()).toMatch(/restart Windows, then run winjoin join --resume \(exit code 3010\)/);
  });
});

describe('answers.restart', () => {
  const withRestart = (restart: unknown) => AnswersSchema.safeParse({ ...exampleAnswers(), restart });

  it('takes later, now, or scheduled with a 24-hour HH:MM', () => {
    expect(withRestart({ when: 'later' }).success).toBe(true);
    expect(withRestart({ when: 'now' }).success).toBe(true);
    expect(withRestart({ when: 'scheduled', at: '02:30' }).success).toBe(true);
    expect(AnswersSchema.parse({ ...exampleAnswers(), restart: undefined }).restart).toBeUndefined();
  });

  it('names the field: a time that is not HH:MM, scheduled without a time, a time that is not used', () => {
    const issue = (restart: unknown) => withRestart(restart).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issue({ when: 'scheduled', at: '2:30am' })).toEqual([['restart.at', 'validation.restartAt']]);
    expect(issue({ when: 'scheduled' })).toEqual([['restart.at', 'validation.restartAtRequired']]);
    expect(issue({ when: 'now', at: '02:30' })).toEqual([['restart.at', 'validation.restartAtUnused']]);
    expect(withRestart({ when: 'tonight' }).success).toBe(false);
  });
});

describe('winjoin join --rehearsal with answers.restart', () => {
  it('restarts the simulated machine when the answers say now, and exits 1641 instead of 3010', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-restart-cli-'));
    try {
      let restarts = 0;
      const file = path.join(dir, 'answers.json');
      fs.writeFileSync(file, JSON.stringify({ ...exampleAnswers(), restart: { when: 'now' } }));
      const open: ServiceFactory = (options) =>
        createService({
          stateDir: path.join(dir, 'state'),
          shell: 'preview',
          rehearsal: options.rehearsal,
          deps: fakeDeps({
            recipe: () => [fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'restarted-once') })],
            startRehearsal: async () => ({
              scenario: 'needs-restart',
              recipeContext: {},
              answersOverrides: {},
              executor: fakeDeps().executor(''),
              clusterKubeconfigPath: '/dev/null',
              restartMachine: () => void restarts++,
              // Pending until the first restart, as the simulated machine's own flag.
              restartPending: () => restarts === 0,
              show: async () => ({}),
              close: async () => undefined,
            }),
          }),
        });
      const out = io();
      const options = {
        answers: file,
        json: true,
        resume: false,
        rehearsal: true,
        scenario: 'needs-restart',
        stateDir: path.join(dir, 'state'),
      };
      expect(await runJoinCommand(options, out, open)).toBe(1641);
      expect(restarts).toBe(1);
      expect(out.err()).toMatch(/Rehearsal: the simulated machine restarted/);
      // The resume in a new process (as after the real restart) finds the machine restarted: it does not restart it again.
      expect(await runJoinCommand({ ...options, answers: undefined, resume: true }, io(), open)).toBe(0);
      expect(restarts).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('winjoin join --resume without --answers', () => {
  it('carries out the restart choice the join started with (saved in the state directory), not 3010', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-restart-resume-'));
    try {
      const file = path.join(dir, 'answers.json');
      fs.writeFileSync(file, JSON.stringify({ ...exampleAnswers(), restart: { when: 'now' } }));
      // Two steps that each need one restart: the resume (at the next logon, no answer file) meets the second.
      const steps = () => [
        fakeStep('docker', [], { restartOnceMarker: path.join(dir, 'docker-restarted') }),
        fakeStep('proxy', ['docker'], { restartOnceMarker: path.join(dir, 'proxy-restarted') }),
      ];
      const open: ServiceFactory = (options) =>
        createService({
          stateDir: path.join(dir, 'state'),
          shell: 'preview',
          rehearsal: options.rehearsal,
          deps: fakeDeps({
            recipe: steps,
            startRehearsal: async () => ({
              scenario: 'needs-restart',
              recipeContext: {},
              answersOverrides: {},
              executor: fakeDeps().executor(''),
              clusterKubeconfigPath: '/dev/null',
              restartMachine: () => undefined,
              show: async () => ({}),
              close: async () => undefined,
            }),
          }),
        });
      const common = { json: true, rehearsal: false, stateDir: path.join(dir, 'state') };
      expect(
        await runJoinCommand({ ...common, answers: file, resume: false, rehearsal: true, scenario: 'needs-restart' }, io(), open),
      ).toBe(1641);
      const resumed = io();
      expect(await runJoinCommand({ ...common, resume: true }, resumed, open)).toBe(1641);
      // Printed only when the resume itself arranged the restart the saved choice asked for.
      expect(resumed.err()).toMatch(/Rehearsal: the simulated machine restarted\. Run winjoin join --resume/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
