/**
 * `winjoin reset` end to end on the docker-sdn rehearsal: a happy join, then
 * the reset through the real CLI, step scripts under pwsh and the simulated
 * cluster. Afterwards the simulated machine has none of the join's services,
 * no PATH entry for the install dir, and the cluster no node of it; a second
 * reset finds nothing to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../shared/events.js';
import { EXIT } from '../../../shared/exit-codes.js';
import { rehearsalLayout } from './paths.js';
import { createScenarioCli, writeExampleAnswers } from './testing/run-scenario.js';
import { sessionProcesses } from './testing/session-processes.js';

const NODE = 'win-rehearsal1';

let root: string;
let answers: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-reset-e2e-'));
  answers = await writeExampleAnswers(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// A cap, not a timing: a happy join alone takes minutes when the machine's two cores are shared (as the scenarios allow).
describe('winjoin reset on the docker-sdn rehearsal', () => {
  it('undoes a happy join: services, PATH entry and the node are gone, and a second reset does nothing', { timeout: 900_000 }, async () => {
    const s = createScenarioCli(path.join(root, 'state'));
    const joined = await s.join('--answers', answers, '--rehearsal', '--scenario', 'happy');
    expect(joined.code, joined.err).toBe(EXIT.ok);
    const before = await s.show();
    expect(before.nodes.map((n) => n.name)).toContain(NODE);

    const reset = await s.cli('reset', '--yes', '--rehearsal', '--json');
    const events = reset.out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as JournalEvent);
    const finished = events.find((e) => e.type === 'reset.finished');
    expect(finished, reset.err + reset.out.slice(-4000)).toMatchObject({ outcome: 'succeeded', failed: [], held: [] });
    expect(reset.code).toBe(EXIT.ok);
    // The simulated API server cordons and evicts as a real one: the drain finishes, with no warning.
    expect(events).toContainEqual(expect.objectContaining({ type: 'step.finished', stepId: 'node-drain', status: 'done' }));
    expect(events.filter((e) => e.type === 'note')).toEqual([]);
    const started = events.find((e) => e.type === 'reset.started');
    expect(started).toMatchObject({ recipe: 'docker-sdn' });
    // The reverse of the guide, with the node drained first and deleted once its kubelet is gone.
    const order = (started as Extract<JournalEvent, { type: 'reset.started' }>).stepIds;
    expect(order.indexOf('node-drain')).toBeLessThan(order.indexOf('kubelet'));
    expect(order.indexOf('node-delete')).toBeGreaterThan(order.indexOf('kubelet'));
    expect(order.at(-1)).toBe('docker');

    const after = await s.show();
    const services = after.services.map((svc) => svc.name.toLowerCase());
    for (const name of ['kubelet', 'kube-proxy', 'docker']) expect(services).not.toContain(name);
    expect(after.nodes.map((n) => n.name)).not.toContain(NODE);
    const machinePath = (after.machineEnv.Path ?? after.machineEnv.PATH ?? '').toLowerCase().split(';');
    expect(machinePath).not.toContain('c:\\k');
    expect(after.installDirFiles.filter((f) => /\.exe$/i.test(f))).toEqual([]);
    // The kubeconfig step's undo (run by WinJoin's process, which hands it to kubeconfig.ps1): the node's identities are gone.
    expect(after.installDirFiles.map((f) => f.toLowerCase())).not.toContain('c:\\k\\config');
    expect(after.installDirFiles.filter((f) => /kube-proxy\.conf$|\.key$/i.test(f))).toEqual([]);
    expect(after.machineEnv.KUBECONFIG).toBeUndefined();

    const again = await s.cli('reset', '--yes');
    expect(again.code).toBe(EXIT.ok);
    expect(again.err).toContain('No join to reset');
    // Each CLI run's rehearsal session has ended: none of the processes it started (kubelet, kube-proxy stand-ins, step hosts) is left.
    expect(sessionProcesses(rehearsalLayout(path.join(root, 'state')).root)).toEqual([]);
  });
});
