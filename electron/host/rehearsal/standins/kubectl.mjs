// Stand-in kubectl.exe: the subcommands the steps and the SDN scripts use,
// against the simulated API server.
import fs from 'node:fs';
import { VERSION, apiClient } from './common.mjs';
import { evalPath, renderJsonPath } from './jsonpath.mjs';

const APPLY_PATH = '/apis/rehearsal.winjoin.io/v1/manifests';
const RESOURCES = {
  node: 'nodes',
  nodes: 'nodes',
  no: 'nodes',
  pod: 'pods',
  pods: 'pods',
  po: 'pods',
  service: 'services',
  services: 'services',
  svc: 'services',
  deployment: 'deployments',
  deployments: 'deployments',
  deploy: 'deployments',
};

function versionLine(label, gitVersion, short) {
  if (short) return `${label} Version: ${gitVersion}`;
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return `${label} Version: version.Info{Major:"${major}", Minor:"${minor}", GitVersion:"${gitVersion}", GitCommit:"3a1c9449a956b6026f075fa3134ff92f7d55f812", GitTreeState:"clean", BuildDate:"2018-01-04T11:52:23Z", GoVersion:"go1.9.2", Compiler:"gc", Platform:"windows/amd64"}`;
}

function parse(argv) {
  const options = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    // Cobra takes "-o=json" as well as "--output=json"; AddRoutes.ps1 writes "-o=custom-columns=...".
    if (arg.startsWith('-') && eq > 0) options.flags[arg.slice(0, eq).replace(/^-+/, '')] = arg.slice(eq + 1);
    else if (
      ['-o', '-f', '-l', '-n', '--kubeconfig', '--namespace', '--selector', '--output', '--filename', '--field-selector'].includes(arg)
    )
      options.flags[arg.replace(/^-+/, '')] = argv[++i];
    else if (arg === '-A') options.flags['all-namespaces'] = 'true';
    else if (arg.startsWith('--')) options.flags[arg.slice(2)] = 'true';
    else options.positional.push(arg);
  }
  const alias = { output: 'o', filename: 'f', selector: 'l', namespace: 'n' };
  for (const [long, short] of Object.entries(alias)) if (options.flags[long] !== undefined) options.flags[short] = options.flags[long];
  return options;
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}

function table(resource, items) {
  if (resource === 'nodes') {
    const rows = items.map((n) => {
      const ready = (n.status.conditions ?? []).find((c) => c.type === 'Ready');
      return [
        n.metadata.name,
        ready?.status === 'True' ? 'Ready' : 'NotReady',
        n.metadata.labels?.['node-role.kubernetes.io/master'] !== undefined ? 'master' : '<none>',
        '1m',
        n.status.nodeInfo?.kubeletVersion ?? '',
      ];
    });
    return [['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], ...rows];
  }
  if (resource === 'pods')
    return [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'],
      ...items.map((p) => [
        p.metadata.name,
        p.status.phase === 'Running' ? '1/1' : '0/1',
        p.status.phase,
        '0',
        '1m',
        p.status.podIP ?? '<none>',
        p.spec.nodeName ?? '<none>',
      ]),
    ];
  if (resource === 'services')
    return [
      ['NAME', 'TYPE', 'CLUSTER-IP', 'PORT(S)', 'AGE'],
      ...items.map((s) => [
        s.metadata.name,
        s.spec.type ?? 'ClusterIP',
        s.spec.clusterIP ?? '<none>',
        (s.spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(','),
        '1m',
      ]),
    ];
  return [['NAME', 'DESIRED', 'AGE'], ...items.map((d) => [d.metadata.name, String(d.spec.replicas ?? 1), '1m'])];
}

function printTable(rows, noHeaders) {
  const body = noHeaders ? rows.slice(1) : rows;
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const row of body)
    process.stdout.write(
      row
        .map((c, i) => String(c).padEnd(widths[i] + 3))
        .join('')
        .trimEnd() + '\n',
    );
}

function render(output, object, resource, noHeaders) {
  if (!output || output === 'wide') return printTable(table(resource, object.items ?? [object]), noHeaders);
  if (output === 'json') return process.stdout.write(JSON.stringify(object, null, 4) + '\n');
  if (output === 'name')
    return (object.items ?? [object]).forEach((o) => process.stdout.write(`${resource.replace(/s$/, '')}/${o.metadata.name}\n`));
  if (output.startsWith('jsonpath=')) return process.stdout.write(renderJsonPath(output.slice(9), object));
  if (output.startsWith('custom-columns=')) {
    const columns = output
      .slice(15)
      .split(',')
      .map((c) => c.split(':'));
    const rows = [
      columns.map(([name]) => name),
      ...(object.items ?? [object]).map((o) => columns.map(([, expr]) => evalPath(expr, o).join(',') || '<none>')),
    ];
    return printTable(rows, noHeaders);
  }
  fail(`error: unable to match a printer suitable for the output format "${output}"`);
}

async function main() {
  const { positional, flags } = parse(process.argv.slice(2));
  const [command, ...rest] = positional;
  if (flags.version === 'true' || (command === 'version' && flags.client === 'true')) {
    process.stdout.write(versionLine('Client', `v${VERSION}`, flags.short === 'true') + '\n');
    return;
  }
  const kubeconfig = flags.kubeconfig ?? process.env.KUBECONFIG;
  if (!kubeconfig || !fs.existsSync(kubeconfig)) {
    if (command === 'version') process.stdout.write(versionLine('Client', `v${VERSION}`, flags.short === 'true') + '\n');
    // What kubectl 1.9 says when it finds no kubeconfig and falls back to localhost:8080 (T3).
    fail(
      'Unable to connect to the server: dial tcp [::1]:8080: connectex: No connection could be made because the target machine actively refused it.',
    );
  }
  const request = apiClient(kubeconfig);
  const namespace = flags.n ?? 'default';

  if (command === 'version') {
    process.stdout.write(versionLine('Client', `v${VERSION}`, flags.short === 'true') + '\n');
    const res = await request('GET', '/version');
    if (res.status !== 200) fail(`error: You must be logged in to the server (the server has asked for the client to provide credentials)`);
    process.stdout.write(
      versionLine('Server', res.json.gitVersion, flags.short === 'true').replace('windows/amd64', res.json.platform) + '\n',
    );
    return;
  }
  if (command === 'apply' || command === 'delete') {
    if (!flags.f) fail('error: must specify one of -f and -k');
    const text = fs.readFileSync(flags.f, 'utf8');
    const query = command === 'delete' ? `?action=delete&ignoreNotFound=${flags['ignore-not-found'] === 'true'}` : '';
    const res = await request('POST', APPLY_PATH + query, text, 'application/yaml');
    if (res.status !== 200) fail(res.json?.message ?? res.text);
    for (const line of res.json.lines) process.stdout.write(line + '\n');
    return;
  }
  if (command === 'get') {
    const [what = '', name] = rest[0]?.includes('/') ? rest[0].split('/') : rest;
    const resource = RESOURCES[what];
    if (!resource) fail(`error: the server doesn't have a resource type "${what}"`);
    const base =
      resource === 'nodes'
        ? '/api/v1/nodes'
        : resource === 'deployments'
          ? `/apis/extensions/v1beta1/namespaces/${namespace}/deployments`
          : flags['all-namespaces'] === 'true' && !name
            ? `/api/v1/${resource}`
            : `/api/v1/namespaces/${namespace}/${resource}`;
    const selectors = [
      ...(flags.l ? [`labelSelector=${encodeURIComponent(flags.l)}`] : []),
      ...(flags['field-selector'] ? [`fieldSelector=${encodeURIComponent(flags['field-selector'])}`] : []),
    ];
    const query = selectors.length ? `?${selectors.join('&')}` : '';
    const res = await request('GET', name ? `${base}/${encodeURIComponent(name)}` : base + query);
    if (res.status === 404) fail(`Error from server (NotFound): ${resource} "${name}" not found`);
    if (res.status !== 200) fail(`Error from server: ${res.json?.message ?? res.text}`);
    render(flags.o, res.json, resource, flags['no-headers'] === 'true');
    return;
  }
  fail(
    `Error: unknown command "${command ?? ''}" for "kubectl" (the rehearsal's stand-in kubectl implements version, get, apply and delete)`,
  );
}

main().catch((error) => fail(error.message));
