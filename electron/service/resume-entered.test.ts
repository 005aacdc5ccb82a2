import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers, type Answers } from '../../shared/answers.js';
import { valueFromTyped } from '../../shared/entered-secrets.js';
import type { StepContext, StepExecutor } from '../join/types.js';
import { createService, type WinJoinService } from './create-service.js';
import { dispatch } from './dispatch.js';
import { fakeDeps, fakeStep } from './testing/fake-deps.js';

const PASSWORD = "Typed/Pa:ss@1%#'";
const HINT = 'http://ops:***@127.0.0.1:3128/';
const URL_TYPED = valueFromTyped('proxy.http', HINT, PASSWORD);
// The wizard puts one password into both URLs; another HTTPS proxy makes it a second typed field.
const HTTPS_HINT = 'http://ops:***@127.0.0.1:3129/';
const HTTPS_TYPED = valueFromTyped('proxy.https', HTTPS_HINT, PASSWORD);

let dir: string;
let seen: StepContext[];
let restartPending: boolean;
const services: WinJoinService[] = [];

/** Stops once for a restart after the first step, as the Containers feature does. */
const executor: StepExecutor = async (context) => {
  seen.push(context);
  if (context.step.id === 'prerequisites' && restartPending) {
    restartPending = false;
    return { status: 'restart-pending', exitCode: 3010 };
  }
  return { status: 'done', exitCode: 0 };
};

/** One WinJoin process on the state directory: a new one is what a restart of the app gives. */
async function open(): Promise<WinJoinService> {
  const service = await createService({
    stateDir: dir,
    shell: 'electron',
    deps: fakeDeps({
      recipe: (answers) => [
        fakeStep('prerequisites', []),
        { ...fakeStep('proxy', ['prerequisites']), params: { http: answers.proxy?.http ?? '', https: answers.proxy?.https ?? '' } },
      ],
      executor: () => executor,
    }),
  });
  services.push(service);
  return service;
}

function typedAnswers(): Answers {
  return { ...exampleAnswers(), proxy: { http: URL_TYPED, https: HTTPS_TYPED, noProxy: [], addClusterRanges: true } };
}

function stateDirText(): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-entered-'));
  seen = [];
  restartPending = true;
  // The wizard's join, stopped for a restart; then the app is closed, as the restart does.
  const first = await open();
  first.granted.grant(typedAnswers().cluster.kubeconfigPath);
  expect(await dispatch(first.handlers, 'join:start', { answers: typedAnswers() })).toMatchObject({ ok: true });
  await first.engine.idle();
  expect(first.engine.state()?.phase).toBe('restart-required');
  await first.close();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('resuming a join whose proxy password was typed in the wizard, in a new process', () => {
  it('keeps only the masked proxy in state.json and refuses a resume without the password, naming the field', async () => {
    const second = await open();
    expect(second.engine.state()?.secrets).toEqual([
      { field: 'proxy.http', source: { entered: true }, hint: HINT },
      { field: 'proxy.https', source: { entered: true }, hint: HTTPS_HINT },
    ]);
    expect(await dispatch(second.handlers, 'join:resume', {})).toMatchObject({
      ok: false,
      error: { code: 'E_SECRET_UNAVAILABLE', params: { field: 'proxy.http', context: 'entered' } },
    });
    expect(stateDirText()).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('resumes with the password typed again: the step gets it, the state directory never does', async () => {
    const second = await open();
    const entered = [
      { field: 'proxy.http', value: URL_TYPED },
      { field: 'proxy.https', value: HTTPS_TYPED },
    ];
    expect(await dispatch(second.handlers, 'join:resume', { entered })).toMatchObject({ ok: true });
    await second.engine.idle();
    expect(second.engine.state()?.phase).toBe('succeeded');
    const proxyStep = seen.filter((c) => c.step.id === 'proxy').at(-1)!;
    expect(proxyStep.step.params).toEqual({ http: URL_TYPED, https: HTTPS_TYPED });
    const text = stateDirText();
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain(PASSWORD);
  });

  it('refuses a value for another proxy or user, an empty password, a field that was not typed, and a missing one', async () => {
    const second = await open();
    const refused = async (entered: { field: string; value: string }[]) => {
      const envelope = await dispatch(second.handlers, 'join:resume', { entered });
      expect(envelope.ok).toBe(false);
      // Never the value in what goes back to the page.
      expect(JSON.stringify(envelope)).not.toContain(encodeURIComponent(PASSWORD));
      return envelope;
    };
    const other = valueFromTyped('proxy.http', 'http://ops:***@127.0.0.1:3130/', PASSWORD);
    expect(await refused([{ field: 'proxy.http', value: other }])).toMatchObject({
      error: { code: 'E_INVALID_REQUEST', params: { field: 'proxy.http', key: 'validation.resumeSecret.otherProxy' } },
    });
    expect(
      await refused([{ field: 'proxy.https', value: valueFromTyped('proxy.https', 'http://eve:***@127.0.0.1:3128/', PASSWORD) }]),
    ).toMatchObject({
      error: { code: 'E_INVALID_REQUEST', params: { field: 'proxy.https', key: 'validation.resumeSecret.otherProxy' } },
    });
    expect(await refused([{ field: 'proxy.http', value: valueFromTyped('proxy.http', HINT, '') }])).toMatchObject({
      error: { code: 'E_INVALID_REQUEST', params: { field: 'proxy.http', key: 'validation.resumeSecret.empty' } },
    });
    expect(await refused([{ field: 'join.token', value: 'abcdef.0123456789abcdef' }])).toMatchObject({
      error: { code: 'E_INVALID_REQUEST', params: { field: 'join.token' } },
    });
    expect(
      await refused([
        { field: 'proxy.http', value: URL_TYPED },
        { field: 'proxy.http', value: URL_TYPED },
      ]),
    ).toMatchObject({ error: { code: 'E_INVALID_REQUEST', params: { field: 'proxy.http' } } });
    // Only one of the two typed fields: the other still cannot be read.
    expect(await refused([{ field: 'proxy.http', value: URL_TYPED }])).toMatchObject({
      error: { code: 'E_SECRET_UNAVAILABLE', params: { field: 'proxy.https', context: 'entered' } },
    });
    expect(second.engine.running).toBe(false);
    expect(second.engine.state()?.phase).toBe('restart-required');
  });
});
