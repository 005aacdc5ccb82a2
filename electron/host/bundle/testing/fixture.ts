/**
 * A state directory as the engine leaves it after a failed run, with secrets
 * planted everywhere a real one could leak: the kubeconfig, the answers' proxy
 * URL, step output (plain, URL-encoded, base64, in headers and PEM blocks),
 * an error message, step facts, the plan and a service log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JoinState } from '../../../../shared/state.js';
import type { StepId } from '../../../../shared/steps.js';
import { fakeStep } from '../../../join/testing/fake-steps.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** A line the kubelet service logged, as the journal carries it (stream 'service'). */
export const SERVICE_LINE = 'I0307 10:00:01.000000 kubelet_node_status.go:72] Attempting to register node win-canary';

export const CANARY = {
  proxyPassword: 'Canary-Pr0xy-P@ss:w0rd!',
  token: 'canarytoken.0123456789abcdefCANARY',
  keyBody: 'MIICanaryKeyMaterial0123456789ABCDEFabcdef',
  get keyPem() {
    return `-----BEGIN RSA PRIVATE KEY-----\n${this.keyBody}\n-----END RSA PRIVATE KEY-----\n`;
  },
  get keyData() {
    return b64(this.keyPem);
  },
};

export const PROXY_URL = `http://alice:${encodeURIComponent(CANARY.proxyPassword)}@proxy.corp:3128`;

const STEPS: StepId[] = ['prerequisites', 'docker', 'kubeconfig', 'binaries', 'kubelet', 'kube-proxy', 'diagnostics'];

export interface FixtureOptions {
  /** Extra output lines for the failing step (to make a large journal). */
  fillerLines?: number;
  fillerLine?: (i: number) => string;
  /** Record the matched known problems in state and journal, as the wired engine does. */
  recordMatches?: boolean;
}

export function kubeconfigText(): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: Q0FDRVJU
    server: https://10.1.2.3:6443
  name: kubernetes
contexts:
- context: {cluster: kubernetes, user: admin}
  name: admin@kubernetes
current-context: admin@kubernetes
users:
- name: admin
  user:
    client-certificate-data: Q0xJRU5UQ0VSVA==
    client-key-data: ${CANARY.keyData}
- name: bot
  user:
    token: ${CANARY.token}
`;
}

export function leakyLines(): string[] {
  const { proxyPassword: pw, token, keyData, keyBody } = CANARY;
  return [
    `using proxy ${PROXY_URL}`,
    `raw password ${pw}`,
    `urlencoded pw=${encodeURIComponent(pw)}`,
    `X-Proxy-Auth: ${b64('alice:' + pw)}`,
    `debug: bearer in use ${token}`,
    `curl -H "Authorization: Bearer ${token}" https://10.1.2.3:6443/api`,
    `echo ${b64(token)}`,
    `    client-key-data: ${keyData}`,
    `dump ${keyData}`,
    '-----BEGIN RSA PRIVATE KEY-----',
    keyBody,
    '-----END RSA PRIVATE KEY-----',
  ];
}

function podCidrLoop(): string[] {
  return Array.from({ length: 5 }, () => [
    'waiting to discover pod CIDR',
    'Sleeping for 10s, and then waiting to discover pod CIDR',
  ]).flat();
}

export function writeFailedStateDir(dir: string, options: FixtureOptions = {}): { kubeconfigPath: string } {
  fs.mkdirSync(path.join(dir, 'uploads'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const kubeconfigPath = path.join(dir, 'uploads', 'admin.conf');
  fs.writeFileSync(kubeconfigPath, kubeconfigText());
  fs.writeFileSync(
    path.join(dir, 'answers.json'),
    JSON.stringify(
      {
        version: 1,
        recipe: 'docker-sdn',
        cluster: { kubeconfigPath },
        proxy: { http: PROXY_URL, https: PROXY_URL, noProxy: [] },
        network: { masterIp: '10.1.2.3' },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'logs', 'kubelet.log'),
    ['I0307 kubelet starting', ...leakyLines(), 'E0307 Unable to register node'].join('\n') + '\n',
  );

  const runId = 'run-canary';
  const t0 = Date.parse('2024-03-07T10:00:00Z');
  let seq = 0;
  const journal = fs.openSync(path.join(dir, 'journal.jsonl'), 'w');
  const emit = (event: Record<string, unknown>) => {
    seq++;
    fs.writeSync(journal, JSON.stringify({ ...event, seq, ts: new Date(t0 + seq * 1000).toISOString(), runId }) + '\n');
  };
  const matches = options.recordMatches ? ['KP-T14-POD-CIDR-WAIT', 'KP-WJ-STEP-TIMEOUT'] : [];
  const error = { code: 'E_STEP_TIMEOUT', message: `step kubelet exceeded 600000 ms (token ${CANARY.token})` };

  emit({ type: 'run.started', resumed: false, rehearsal: false, stepIds: STEPS });
  for (const id of STEPS) {
    if (id === 'kube-proxy') continue;
    emit({ type: 'step.started', stepId: id, attempt: 1 });
    if (id === 'kubelet') {
      for (const line of leakyLines()) emit({ type: 'step.output', stepId: id, stream: 'stdout', line });
      // What the kubelet service itself logged, followed into the journal (a leaky one among them).
      emit({ type: 'step.output', stepId: id, stream: 'service', line: SERVICE_LINE });
      emit({
        type: 'step.output',
        stepId: id,
        stream: 'service',
        line: `I0307 10:00:01.000000 round_trippers.go:386] Authorization: Bearer ${CANARY.token}`,
      });
      const filler = options.fillerLine ?? ((i: number) => `I0307 10:00:00.000000 kubelet.go:${i}] filler line ${i}`);
      for (let i = 0; i < (options.fillerLines ?? 0); i++) emit({ type: 'step.output', stepId: id, stream: 'stdout', line: filler(i) });
      for (const line of podCidrLoop()) emit({ type: 'step.output', stepId: id, stream: 'stdout', line });
      emit({
        type: 'step.finished',
        stepId: id,
        status: 'failed',
        durationMs: 600000,
        exitCode: null,
        error,
        knownProblems: matches.length ? matches : undefined,
      });
      continue;
    }
    emit({ type: 'step.output', stepId: id, stream: 'stdout', line: `${id} ok` });
    if (id === 'diagnostics') emit({ type: 'step.output', stepId: id, stream: 'stdout', line: `HTTP_PROXY=${PROXY_URL}` });
    emit({ type: 'step.check', stepId: id, checkId: 'os-build', status: 'pass', detail: '16299' });
    emit({ type: 'step.finished', stepId: id, status: 'done', durationMs: 1500, exitCode: 0 });
  }
  emit({ type: 'run.finished', outcome: 'failed' });
  fs.closeSync(journal);

  const plan = STEPS.map((id, i) => ({ ...fakeStep(id, i ? [STEPS[i - 1]!] : []), params: id === 'docker' ? { proxy: PROXY_URL } : {} }));
  const state: JoinState = {
    schema: 1,
    runId,
    phase: 'failed',
    rehearsal: false,
    scenario: null,
    createdAt: new Date(t0).toISOString(),
    updatedAt: new Date(t0 + seq * 1000).toISOString(),
    plan: {
      recipe: 'docker-sdn',
      answersHash: 'h',
      downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
      steps: plan,
    },
    secrets: [],
    steps: STEPS.map((id) => ({
      id,
      status: id === 'kubelet' ? 'failed' : id === 'kube-proxy' ? 'pending' : 'done',
      attempts: id === 'kube-proxy' ? 0 : 1,
      startedAt: null,
      endedAt: id === 'kubelet' ? new Date(t0 + 100_000).toISOString() : null,
      durationMs: id === 'kubelet' ? 600000 : id === 'kube-proxy' ? null : 1500,
      exitCode: null,
      error: id === 'kubelet' ? (error as JoinState['steps'][number]['error']) : null,
      knownProblems: id === 'kubelet' ? matches : [],
      facts: id === 'diagnostics' ? { osBuild: '10.0.16299.125', computerName: 'WIN-NODE1', env: `HTTP_PROXY=${PROXY_URL}` } : {},
    })),
    journalSeq: seq,
  };
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2));
  return { kubeconfigPath };
}
