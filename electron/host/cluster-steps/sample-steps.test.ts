import { describe, expect, it } from 'vitest';
import { winjoinStepContext } from './testing/step-context.js';
import type { NewJournalEvent } from '../../../shared/events.js';
import en from '../../../shared/i18n/en.json' with { type: 'json' };
import ja from '../../../shared/i18n/ja.json' with { type: 'json' };
import type { StepExecutor } from '../../join/types.js';
import { ApiStatusError, type ClusterClient } from '../cluster/client.js';
import { withClusterSteps } from './executor.js';
import { deploymentPath, encodedCommand, sampleDeployment, serverCoreImage } from './sample-workloads.js';
import { parseCheckLog } from './pod-network-check.js';
import { runSampleStep, type PageAnswer } from './sample-steps.js';

type Obj = Record<string, any>;

/** What the network-check pod does in the fake cluster: how it ends (or where it is stuck) and what it printed. */
interface CheckRun {
  status: Obj;
  log?: string;
}

const CHECKS_PASS: CheckRun = {
  status: { phase: 'Succeeded' },
  log: 'winjoin-check dns pass kubernetes.default.svc.corp.example 10.96.0.1\r\nwinjoin-check service pass 10.96.0.1:443\r\nwinjoin-check pod pass 192.168.5.7:80\r\n',
};

/** The API as the client sees it, with a "scheduler" the test drives: pods appear when the test says so. */
function fakeCluster() {
  const objects = new Map<string, Obj>();
  const writes: string[] = [];
  let pods: Obj[] = [];
  let checkRun: CheckRun = CHECKS_PASS;
  objects.set('/api/v1/nodes/win-1', { status: { addresses: [{ type: 'InternalIP', address: '192.0.2.20' }] } });
  objects.set('/api/v1/namespaces/default/services/kubernetes', { spec: { clusterIP: '10.96.0.1', ports: [{ port: 443 }] } });
  objects.set('/api/v1/namespaces/kube-system/configmaps/kubelet-config', {
    data: { kubelet: 'clusterDNS:\n- 10.96.0.10\nclusterDomain: corp.example\nkind: KubeletConfiguration\n' },
  });
  const checkPods = () => [...objects.entries()].filter(([key]) => /^\/api\/v1\/namespaces\/default\/pods\/[^/]+$/.test(key));
  const client: ClusterClient = {
    server: 'https://192.0.2.10:6443',
    async get<T>(path: string) {
      if (path.startsWith('/api/v1/namespaces/default/pods?')) {
        const app = decodeURIComponent(/labelSelector=([^&]+)/.exec(path)![1]!).split('=')[1];
        if (app === 'winjoin-network-check') return { items: checkPods().map(([, pod]) => pod) } as T;
        return { items: pods.filter((p) => p.metadata.labels.app === app) } as T;
      }
      const found = objects.get(path);
      if (!found) throw new ApiStatusError(404, 'NotFound', `GET ${path}: 404`);
      // A check pod's status is what the test said its run does.
      if (checkPods().some(([key]) => key === path)) return { ...structuredClone(found), status: checkRun.status } as T;
      return structuredClone(found) as T;
    },
    async getText(path: string) {
      const pod = /^(\/api\/v1\/namespaces\/default\/pods\/[^/]+)\/log\?container=check$/.exec(path);
      if (!pod || !objects.has(pod[1]!) || checkRun.log === undefined) throw new ApiStatusError(400, 'BadRequest', `GET ${path}: 400`);
      return checkRun.log;
    },
    async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown) {
      writes.push(`${method} ${path}`);
      if (method === 'DELETE') {
        const key = path.split('?')[0]!;
        if (!objects.delete(key)) throw new ApiStatusError(404, 'NotFound', `DELETE ${path}: 404`);
        return {} as T;
      }
      const obj = structuredClone(body) as Obj;
      const key = method === 'POST' ? `${path}/${obj.metadata.name}` : path;
      objects.set(key, { ...obj, metadata: { ...obj.metadata, resourceVersion: String(writes.length) } });
      return obj as T;
    },
    close: async () => undefined,
  };
  const pod = (app: string, phase: string, node: string, ip = '', name = `${app}-1`) => ({
    metadata: { name, labels: { app } },
    spec: { nodeName: node },
    status: { phase, ...(ip ? { podIP: ip } : {}) },
  });
  return { client, objects, writes, setPods: (next: Obj[]) => (pods = next), setCheckRun: (next: CheckRun) => (checkRun = next), pod };
}

function stepContext(id: 'sample-service' | 'port-mapping', params: Record<string, unknown> = {}) {
  return winjoinStepContext(
    id,
    { kubeconfigPath: '/k/admin.conf', waitSeconds: 1, ...params },
    {
      runId: 'r1',
      stateDir: '/tmp/none',
      facts: { prerequisites: { nodeName: 'win-1', osBuild: 20348 }, 'node-ready': { nodeName: 'win-1' } },
    },
  );
}

const page = (body = '<h1>Windows Container Web Server</h1>'): PageAnswer => ({ status: 200, body });
const checks = (events: NewJournalEvent[]) => events.filter((e) => e.type === 'step.check').map((e) => `${e.checkId} ${e.status}`);

describe('the sample workloads', () => {
  it('pin the web server to this node with the Server Core tag of its build, and run it without a quote on the command line', () => {
    const deployment = sampleDeployment('port-mapping', 'win-1', 26100) as Obj;
    const pod = deployment.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'kubernetes.io/hostname': 'win-1' });
    expect(pod.containers[0].image).toBe('mcr.microsoft.com/windows/servercore:ltsc2025');
    expect(pod.containers[0].ports).toEqual([{ containerPort: 80, hostPort: 4444 }]);
    expect(pod.containers[0].command.join(' ')).not.toMatch(/["']/);
    const script = Buffer.from(pod.containers[0].command[3], 'base64').toString('utf16le');
    expect(script).toContain("$listener.Prefixes.Add('http://*:80/')");
    expect(encodedCommand('a')).toBe('YQA=');
    expect([serverCoreImage(17763), serverCoreImage(20348)]).toEqual([
      'mcr.microsoft.com/windows/servercore:ltsc2019',
      'mcr.microsoft.com/windows/servercore:ltsc2022',
    ]);
  });
});

describe('sample-service and port-mapping, run in WinJoin with the admin kubeconfig', () => {
  it('creates the Deployment, waits for its pod on this node, and checks the page at the pod IP; a second run changes nothing', async () => {
    const cluster = fakeCluster();
    const urls: string[] = [];
    const httpGet = async (url: string) => (urls.push(url), page());
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-1', '192.168.5.7')]);
    const { context, events } = stepContext('sample-service');
    const outcome = await runSampleStep('sample-service', context, { client: cluster.client, httpGet, pollMs: 5 });
    expect(outcome).toMatchObject({ status: 'done', changed: true, facts: { podIp: '192.168.5.7' } });
    expect(cluster.writes[0]).toBe('POST /apis/apps/v1/namespaces/default/deployments');
    expect(urls).toEqual(['http://192.168.5.7/']);
    expect(checks(events)).toEqual(['sample-pods-running pass', 'sample-page pass', 'pod-dns pass', 'pod-service pass', 'pod-to-pod pass']);

    const again = stepContext('sample-service');
    expect(await runSampleStep('sample-service', again.context, { client: cluster.client, httpGet, pollMs: 5 })).toMatchObject({
      changed: false,
    });
    expect(cluster.writes.filter((w) => w.includes('/deployments'))).toHaveLength(1);
  });

  it('fails with the pods it saw when none runs on this node in time (one on another node does not count)', async () => {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-2', '192.168.9.9')]);
    const { context, events } = stepContext('sample-service');
    const outcome = await runSampleStep('sample-service', context, { client: cluster.client, httpGet: async () => page(), pollMs: 5 });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_STEP_TIMEOUT' } });
    const fail = events.find((e) => e.type === 'step.check');
    expect(fail).toMatchObject({
      checkId: 'sample-pods-running',
      status: 'fail',
      detailKey: 'checkDetails.sample-pods-running.failOnNode',
      fixKey: 'checks.sample-pods-running.fixKubeadm',
    });
  });

  it('fails the page check when the pod answers with something else or not at all', async () => {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-1', '192.168.5.7')]);
    for (const httpGet of [
      async () => page('IIS Windows Server'),
      async (): Promise<PageAnswer> => Promise.reject(new Error('ECONNREFUSED')),
    ]) {
      const { context, events } = stepContext('sample-service');
      expect(await runSampleStep('sample-service', context, { client: cluster.client, httpGet, pollMs: 5 })).toMatchObject({
        status: 'failed',
      });
      expect(checks(events)).toEqual(['sample-pods-running pass', 'sample-page fail']);
    }
  });

  it('port-mapping checks the hostPort on the node address the cluster reports', async () => {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-portmapping', 'Running', 'win-1', '192.168.5.8')]);
    const urls: string[] = [];
    const { context, events } = stepContext('port-mapping');
    const outcome = await runSampleStep('port-mapping', context, {
      client: cluster.client,
      httpGet: async (url) => (urls.push(url), page()),
      pollMs: 5,
    });
    expect(outcome).toMatchObject({ status: 'done', facts: { url: 'http://192.0.2.20:4444/' } });
    expect(urls).toEqual(['http://192.0.2.20:4444/']);
    expect(checks(events)).toEqual(['sample-pods-running pass', 'host-port pass']);
  });

  it('undo deletes the Deployment, and a second undo finds nothing to do', async () => {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-1', '192.168.5.7')]);
    await runSampleStep('sample-service', stepContext('sample-service').context, {
      client: cluster.client,
      httpGet: async () => page(),
      pollMs: 5,
    });
    const undo = { client: cluster.client, httpGet: async () => page() };
    expect(await runSampleStep('sample-service', stepContext('sample-service', { Undo: true }).context, undo)).toMatchObject({
      status: 'done',
      changed: true,
    });
    expect(cluster.objects.has(deploymentPath('sample-service'))).toBe(false);
    expect(await runSampleStep('sample-service', stepContext('sample-service', { Undo: true }).context, undo)).toMatchObject({
      status: 'skipped',
      changed: false,
    });
  });
});

describe('the network check from a pod on this node (sample-service)', () => {
  const checkEvent = (events: NewJournalEvent[], id: string) => events.find((e) => e.type === 'step.check' && e.checkId === id) as Obj;

  async function runWith(run: CheckRun, params: Record<string, unknown> = {}, others: Obj[] = []) {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-1', '192.168.5.7'), ...others]);
    cluster.setCheckRun(run);
    const posted: Obj[] = [];
    const send = cluster.client.send.bind(cluster.client);
    cluster.client.send = async (method, path, body) => {
      if (method === 'POST' && path === '/api/v1/namespaces/default/pods') posted.push(structuredClone(body) as Obj);
      return send(method, path, body);
    };
    const { context, events } = stepContext('sample-service', params);
    const outcome = await runSampleStep('sample-service', context, { client: cluster.client, httpGet: async () => page(), pollMs: 5 });
    // Every key a check names is in both catalogues, so Verify never shows a bare key.
    const lookup = (catalogue: Obj, key: string) => key.split('.').reduce<Obj | undefined>((node, part) => node?.[part], catalogue);
    for (const e of events.filter((x) => x.type === 'step.check') as Obj[])
      for (const key of [e.detailKey, e.fixKey, `checks.${e.checkId}.title`].filter(Boolean))
        for (const catalogue of [en, ja]) expect(typeof lookup(catalogue, key), key).toBe('string');
    return { cluster, outcome, events, posted };
  }

  it('runs a pod pinned to this node that resolves kubernetes.default.svc.<clusterDomain> and connects to the kubernetes ClusterIP, then deletes it', async () => {
    const { cluster, outcome, events, posted } = await runWith(CHECKS_PASS);
    expect(outcome).toMatchObject({ status: 'done' });
    expect(posted).toHaveLength(1);
    const pod = posted[0]!;
    expect(pod.metadata.name).toMatch(/^winjoin-network-check-[0-9a-f]{6}$/);
    expect(pod.spec).toMatchObject({
      os: { name: 'windows' },
      nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.io/hostname': 'win-1' },
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      restartPolicy: 'Never',
      activeDeadlineSeconds: 180,
    });
    const container = pod.spec.containers[0];
    expect(container.image).toBe('mcr.microsoft.com/windows/servercore:ltsc2022');
    // The domain comes from kubelet-config, the address from the Service; nothing on the command line needs a quote.
    expect(container.env).toEqual([
      { name: 'WINJOIN_CHECK_DNS_NAME', value: 'kubernetes.default.svc.corp.example' },
      { name: 'WINJOIN_CHECK_SERVICE', value: '10.96.0.1:443' },
      { name: 'WINJOIN_CHECK_POD', value: '192.168.5.7:80' },
    ]);
    expect(container.command.join(' ')).not.toMatch(/["']/);
    expect(Buffer.from(container.command[4], 'base64').toString('utf16le')).toContain('Resolve-DnsName -Name $name');
    expect(checkEvent(events, 'pod-dns')).toMatchObject({
      status: 'pass',
      detailKey: 'checkDetails.pod-dns.pass',
      detailParams: { name: 'kubernetes.default.svc.corp.example', address: '10.96.0.1' },
    });
    expect(checkEvent(events, 'pod-service')).toMatchObject({
      status: 'pass',
      detailKey: 'checkDetails.pod-service.pass',
      detailParams: { service: 'default/kubernetes', target: '10.96.0.1:443' },
    });
    // The sample's own pod on this node, the only one there is: the pod network here, without kube-proxy.
    expect(checkEvent(events, 'pod-to-pod')).toMatchObject({
      status: 'pass',
      detailKey: 'checkDetails.pod-to-pod.pass',
      detailParams: { targetPod: 'winjoin-webserver-1', node: 'win-1', ip: '192.168.5.7', port: '80' },
    });
    expect(cluster.writes).toContain(`DELETE /api/v1/namespaces/default/pods/${pod.metadata.name}`);
    expect([...cluster.objects.keys()].filter((k) => k.includes('winjoin-network-check'))).toEqual([]);
  });

  it('fails the step with each reason the pod printed (no kube-proxy-windows on the node: DNS times out, the VIP does not answer)', async () => {
    const { cluster, outcome, events } = await runWith({
      status: { phase: 'Succeeded' },
      log: 'winjoin-check dns fail kubernetes.default.svc.corp.example ERROR_TIMEOUT\nwinjoin-check service fail 10.96.0.1:443 timeout\nwinjoin-check pod pass 192.168.5.7:80\n',
    });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_STEP_FAILED' } });
    expect(checkEvent(events, 'pod-dns')).toMatchObject({
      status: 'fail',
      detailKey: 'checkDetails.pod-dns.fail',
      detailParams: { name: 'kubernetes.default.svc.corp.example', reason: 'ERROR_TIMEOUT' },
      fixKey: 'checks.pod-dns.fixKubeadm',
    });
    expect(checkEvent(events, 'pod-service')).toMatchObject({
      status: 'fail',
      detailParams: { target: '10.96.0.1:443', reason: 'timeout' },
      fixKey: 'checks.pod-service.fixKubeadm',
    });
    // Pod IPs need no kube-proxy: the pod network itself is fine.
    expect(checkEvent(events, 'pod-to-pod')).toMatchObject({ status: 'pass' });
    expect([...cluster.objects.keys()].filter((k) => k.includes('winjoin-network-check'))).toEqual([]);
  });

  it('fails the step when the pod IP does not answer, though DNS and the Service do', async () => {
    const { outcome, events } = await runWith({
      status: { phase: 'Succeeded' },
      log: 'winjoin-check dns pass kubernetes.default.svc.corp.example 10.96.0.1\nwinjoin-check service pass 10.96.0.1:443\nwinjoin-check pod fail 192.168.5.7:80 timeout\n',
    });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_STEP_FAILED' } });
    expect(checks(events)).toEqual(['sample-pods-running pass', 'sample-page pass', 'pod-dns pass', 'pod-service pass', 'pod-to-pod fail']);
    expect(checkEvent(events, 'pod-to-pod')).toMatchObject({
      detailKey: 'checkDetails.pod-to-pod.fail',
      detailParams: { targetPod: 'winjoin-webserver-1', node: 'win-1', ip: '192.168.5.7', port: '80', reason: 'timeout' },
      fixKey: 'checks.pod-to-pod.fixKubeadm',
    });
  });

  it('connects to a Running web server pod on another node first (the VXLAN overlay), never to one being deleted', async () => {
    const elsewhere = (name: string, ip: string, extra: Obj = {}) => {
      const pod = fakeCluster().pod('winjoin-webserver', 'Running', 'win-2', ip, name);
      return { ...pod, metadata: { ...pod.metadata, ...extra } };
    };
    const { posted, events } = await runWith(
      {
        status: { phase: 'Succeeded' },
        log: CHECKS_PASS.log!.replace('192.168.5.7:80', '192.168.9.9:80'),
      },
      {},
      [
        elsewhere('winjoin-webserver-old', '192.168.9.8', { deletionTimestamp: '2026-12-03T10:00:00Z' }),
        elsewhere('winjoin-webserver-2', '192.168.9.9'),
      ],
    );
    expect(posted[0]!.spec.containers[0].env).toContainEqual({ name: 'WINJOIN_CHECK_POD', value: '192.168.9.9:80' });
    expect(checkEvent(events, 'pod-to-pod')).toMatchObject({
      status: 'pass',
      detailParams: { targetPod: 'winjoin-webserver-2', node: 'win-2', ip: '192.168.9.9', port: '80' },
    });
  });

  it('reports a pod that does not finish in time with its phase and waiting reason, and deletes it', async () => {
    const { cluster, outcome, events } = await runWith(
      { status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull' } } }] } },
      { checkPodSeconds: 0.05 },
    );
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_STEP_FAILED' } });
    for (const id of ['pod-dns', 'pod-service', 'pod-to-pod'])
      expect(checkEvent(events, id)).toMatchObject({
        status: 'fail',
        detailKey: `checkDetails.${id}.notStarted`,
        detailParams: { state: 'Pending ErrImagePull', seconds: '0.05' },
      });
    expect([...cluster.objects.keys()].filter((k) => k.includes('winjoin-network-check'))).toEqual([]);
  });

  it('names a check the log has no result for', async () => {
    const { outcome, events } = await runWith({ status: { phase: 'Failed' }, log: 'winjoin-check service pass 10.96.0.1:443\n' });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(checkEvent(events, 'pod-dns')).toMatchObject({ status: 'fail', detailKey: 'checkDetails.pod-dns.noResult' });
    expect(checkEvent(events, 'pod-service')).toMatchObject({ status: 'pass' });
    expect(checkEvent(events, 'pod-to-pod')).toMatchObject({
      status: 'fail',
      detailKey: 'checkDetails.pod-to-pod.noResult',
      detailParams: { targetPod: 'winjoin-webserver-1', ip: '192.168.5.7', port: '80' },
    });
  });

  it('reads the result lines and ignores the rest', () => {
    expect(
      parseCheckLog(
        'noise\r\nwinjoin-check dns pass a.svc.cluster.local 10.0.0.1\r\nwinjoin-check service fail 10.0.0.1:443 ConnectionRefused\r\nwinjoin-check pod pass 192.168.1.4:80',
      ),
    ).toEqual({
      dns: { pass: true, target: 'a.svc.cluster.local', answer: '10.0.0.1' },
      service: { pass: false, target: '10.0.0.1:443', answer: 'ConnectionRefused' },
      pod: { pass: true, target: '192.168.1.4:80', answer: '' },
    });
  });

  it('undo also deletes a check pod a stopped run left behind', async () => {
    const cluster = fakeCluster();
    cluster.objects.set('/api/v1/namespaces/default/pods/winjoin-network-check-abc123', {
      metadata: { name: 'winjoin-network-check-abc123' },
    });
    const undo = { client: cluster.client, httpGet: async () => page() };
    expect(await runSampleStep('sample-service', stepContext('sample-service', { Undo: true }).context, undo)).toMatchObject({
      status: 'done',
      changed: true,
    });
    expect(cluster.objects.has('/api/v1/namespaces/default/pods/winjoin-network-check-abc123')).toBe(false);
  });
});

describe('the executor that runs WinJoin-side steps', () => {
  it('runs steps marked runsIn winjoin with a client for the mapped kubeconfig and sends every other step to PowerShell', async () => {
    const cluster = fakeCluster();
    cluster.setPods([cluster.pod('winjoin-webserver', 'Running', 'win-1', '192.168.5.7')]);
    const toPowerShell: string[] = [];
    const base: StepExecutor = async ({ step }) => (toPowerShell.push(step.id), { status: 'done', exitCode: 0 });
    const connected: string[] = [];
    const executor = withClusterSteps(base, {
      kubeconfigFor: (planned) => `${planned}.loopback`,
      connect: async (_context, kubeconfig) => (connected.push(kubeconfig), cluster.client),
      httpGet: async () => page(),
      pollMs: 5,
    });
    const sample = stepContext('sample-service');
    expect(await executor(sample.context)).toMatchObject({ status: 'done' });
    expect(connected).toEqual(['/k/admin.conf.loopback']);
    const other = stepContext('sample-service');
    const { runsIn: _dropped, ...powershellStep } = other.context.step;
    expect(
      await executor({ ...other.context, step: { ...powershellStep, id: 'node-ready', script: 'containerd-kubeadm/node-ready.ps1' } }),
    ).toMatchObject({ status: 'done' });
    expect(toPowerShell).toEqual(['node-ready']);
  });
});
