/**
 * `winjoin rehearsal show [--json]`: the simulated machine and cluster of the
 * rehearsal in the state dir, always labelled as a simulation. Reads state
 * files only, so it works between runs and after a simulated restart.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../../../shared/exit-codes.js';
import { readSnapshot, type MachineSnapshot } from '../../host/rehearsal/show.js';
import { writeLine, type CliIo } from '../io.js';

function sections(snapshot: MachineSnapshot): [string, string[]][] {
  return [
    ['machineEnv', Object.entries(snapshot.machineEnv).map(([k, v]) => `${k}=${v}`)],
    ['userEnv', Object.entries(snapshot.userEnv).map(([k, v]) => `${k}=${v}`)],
    ['files', snapshot.installDirFiles],
    ['images', snapshot.dockerImages],
    ['services', snapshot.services.map((s) => `${s.name} ${s.status} ${s.startType}`)],
    ['hns', snapshot.hnsNetworks.map((n) => `${n.name} ${n.type} ${n.addressPrefix}`)],
    ['routes', snapshot.routes.map((r) => `${r.destinationPrefix} via ${r.nextHop} on ${r.interfaceAlias}`)],
    ['nodes', snapshot.nodes.map((n) => `${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.podCIDR ?? '<none>'} ${n.os}`)],
    [
      'pods',
      snapshot.pods.map(
        (p) => `${p.name} ${p.phase} ${p.podIP ?? '<none>'} ${p.nodeName ?? '<none>'}${p.waiting ? ` ${p.waiting.reason}` : ''}`,
      ),
    ],
    ['daemonSets', snapshot.daemonSets.map((d) => `${d.namespace}/${d.name} ${d.ready}/${d.desired}`)],
  ];
}

export async function runRehearsalCommand(argv: string[], io: CliIo, context: { stateDir: string }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, lang: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch {
    writeLine(io.stderr, io.t('rehearsal.usage'));
    return EXIT.invalidInput;
  }
  if (parsed.positionals[0] !== 'show') {
    writeLine(io.stderr, io.t('rehearsal.usage'));
    return EXIT.invalidInput;
  }
  let snapshot: MachineSnapshot;
  try {
    snapshot = readSnapshot(context.stateDir);
  } catch {
    writeLine(io.stderr, io.t('rehearsal.noRehearsal', { stateDir: context.stateDir }));
    return EXIT.invalidInput;
  }
  if (parsed.values.json) {
    writeLine(io.stdout, JSON.stringify(snapshot, null, 2));
    return EXIT.ok;
  }
  writeLine(io.stdout, io.t('rehearsal.showHeader', { scenario: snapshot.scenario ?? '?', build: snapshot.osBuild }));
  for (const [key, lines] of sections(snapshot)) {
    writeLine(io.stdout, io.t('rehearsal.showSection', { title: io.t(`rehearsal.sections.${key}`) }));
    for (const line of lines) writeLine(io.stdout, `  ${line}`);
  }
  return EXIT.ok;
}
