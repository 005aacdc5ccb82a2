/**
 * The plan and the PowerShell scripts agree: every planned step of
 * containerd-kubeadm has its script, every parameter the plan hands it is one
 * the script declares (the step host splats them; an unknown one fails the
 * step), the downloads arrive as -Downloads, and every mandatory parameter is
 * planned. Read from the scripts' param blocks, so a rename on either side fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import { buildPlan } from '../planner.js';
import { recipeOfAnswers } from './index.js';

const stepsDir = join(import.meta.dirname, '..', '..', 'powershell', 'steps');
const context = { stateDir: 'C:\\ProgramData\\WinJoin', cluster: { serverGitVersion: 'v1.35.1' } };
/** Run in WinJoin's process with the admin kubeconfig (electron/host/cluster-steps), not as PowerShell on the node. */
const IN_WINJOIN = ['sample-service', 'port-mapping'];

/** Parameter names of a script's param( ... ) block, lower-cased, and which are Mandatory. */
function declaredParams(script: string): { all: Set<string>; mandatory: Set<string> } {
  const text = readFileSync(join(stepsDir, script), 'utf8');
  const start = text.search(/^param\(/m);
  const block = text.slice(start, text.indexOf('\n)', start));
  const all = new Set<string>();
  const mandatory = new Set<string>();
  // Declarations start with their attributes and type ([Parameter(Mandatory)][string[]] $Name); comments with #.
  for (const m of block.matchAll(/^\s*(\[.*?)\$(\w+)/gm)) {
    all.add(m[2]!.toLowerCase());
    if (m[1]!.includes('Mandatory')) mandatory.add(m[2]!.toLowerCase());
  }
  return { all, mandatory };
}

describe('containerd-kubeadm plan and scripts', () => {
  const plan = buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, context);

  const written = plan.steps.filter((s) => s.runsIn !== 'winjoin');

  it('marks exactly the cluster-side sample steps as run in WinJoin, and every other step has its script', () => {
    expect(plan.steps.filter((s) => s.runsIn === 'winjoin').map((s) => [s.id, s.script])).toEqual(
      IN_WINJOIN.map((id) => [id, `winjoin:${id}`]),
    );
    expect(written.filter((s) => !existsSync(join(stepsDir, s.script))).map((s) => s.id)).toEqual([]);
  });

  it.each(written.map((s) => [s.id, s] as const))('%s: the script exists and declares what the plan passes', (_id, step) => {
    expect(existsSync(join(stepsDir, step.script)), step.script).toBe(true);
    const { all, mandatory } = declaredParams(step.script);
    const passed = new Set(Object.keys(step.params).map((k) => k.toLowerCase()));
    if (step.downloads.length > 0) passed.add('downloads');
    for (const name of passed) expect(all, `${step.script} lacks -${name}`).toContain(name);
    for (const name of mandatory) expect(passed, `${step.script} needs -${name}`).toContain(name);
    // The executor hands -Downloads to any step with downloads; the others declare it so a re-plan never breaks them.
    expect(all, `${step.script} lacks -Downloads`).toContain('downloads');
  });
});
