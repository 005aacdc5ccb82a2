import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n/translator.js';
import type { JournalEvent } from './events.js';
import { failureView } from './failure-view.js';
import type { Translate } from './i18n/messages.js';
import type { JoinState, StepState } from './state.js';

const translator = (lng: 'en' | 'ja') => createTranslator(lng) as unknown as Translate;

const step = (over: Partial<StepState>): StepState => ({
  id: 'kubelet',
  status: 'failed',
  attempts: 1,
  startedAt: null,
  endedAt: null,
  durationMs: 1,
  exitCode: 1,
  error: { code: 'E_SCRIPT_ERROR', message: 'node win-1 did not become Ready' },
  knownProblems: [],
  facts: {},
  ...over,
});
const state = (s: StepState, params: Record<string, unknown> = {}): JoinState =>
  ({
    runId: 'r',
    plan: { steps: [{ id: s.id, params }] },
    steps: [s],
  }) as unknown as JoinState;
let seq = 0;
const ev = (e: Record<string, unknown>) => ({ ts: 't', runId: 'r', seq: ++seq, ...e }) as JournalEvent;

describe('a failure card', () => {
  it('no-pod-cidr: names the node, shows the specific problem by id and not the catch-all, gives the cluster-side command', () => {
    const s = step({ knownProblems: ['KP-T14-POD-CIDR-WAIT', 'KP-WJ-SCRIPT-ERROR'], attempts: 2 });
    const events = [
      ev({ type: 'step.started', stepId: 'kubelet', attempt: 2 }),
      ev({ type: 'step.output', stepId: 'kubelet', stream: 'service', line: 'Waiting to discover pod CIDR' }),
      ev({
        type: 'step.check',
        stepId: 'kubelet',
        checkId: 'node-ready',
        status: 'fail',
        detailKey: 'checkDetails.node-ready.noPodCidr',
        detailParams: { node: 'win-1', seconds: '300', podCidr: '' },
      }),
    ];
    for (const lng of ['en', 'ja'] as const) {
      const view = failureView(translator(lng), state(s, { clusterCidr: '192.168.0.0/16', nodeName: '' }), s, events);
      expect(view.attempt).toBe(2);
      expect(view.knownProblems.map((k) => k.code)).toEqual(['KP-T14-POD-CIDR-WAIT']);
      expect(view.headline).toContain('win-1');
      expect(view.knownProblems[0]!.fix).toContain('--cluster-cidr=192.168.0.0/16');
      expect(view.knownProblems[0]!.fix).toContain('kubectl get node win-1');
      expect(JSON.stringify(view)).not.toMatch(/\{\{/);
    }
  });

  it('image-mismatch: says which builds, and offers the tag for this host', () => {
    const s = step({ id: 'pause-image', knownProblems: ['KP-T8-IMAGE-OS-MISMATCH', 'KP-WJ-SCRIPT-ERROR'] });
    const events = [
      ev({ type: 'step.started', stepId: 'pause-image', attempt: 1 }),
      ev({
        type: 'step.output',
        stepId: 'pause-image',
        stream: 'stdout',
        line: 'a Windows version 10.0.17763-based image is incompatible with a 10.0.16299 host',
      }),
    ];
    const view = failureView(translator('en'), state(s), s, events);
    expect(view.headline).toContain('17763');
    expect(view.headline).toContain('16299');
    expect(view.knownProblems[0]!.values.hostTag).toBe('1709');
  });

  it('corrupt-download: the file and both digests, from the error parameters', () => {
    const s = step({
      id: 'binaries',
      error: { code: 'E_DOWNLOAD_CHECKSUM', message: 'x', params: { file: 'kubectl.exe', expected: 'aa', actual: 'bb' } },
      knownProblems: ['KP-WJ-DOWNLOAD-CHECKSUM'],
    });
    const view = failureView(translator('ja'), state(s), s, []);
    expect(view.headline).toContain('kubectl.exe');
    expect(view.knownProblems[0]!.fix).toContain('kubectl.exe');
    expect(JSON.stringify(view)).not.toMatch(/\{\{/);
  });
});
