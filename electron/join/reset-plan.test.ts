import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import type { JoinState } from '../../shared/state.js';
import { buildPlan } from './planner.js';
import { recipeOfAnswers } from './recipes/index.js';
import { planReset } from './reset-plan.js';
import { freshStep } from './runner.js';

const context = { stateDir: 'C:\\ProgramData\\WinJoin', cluster: { serverGitVersion: 'v1.35.1' } };

/** A containerd-kubeadm join as state.json keeps it, with the steps up to `lastRan` done. */
function joined(lastRan: string, facts: Record<string, Record<string, unknown>> = {}): JoinState {
  const plan = buildPlan(exampleAnswers('containerd-kubeadm'), recipeOfAnswers, context);
  const upTo = plan.steps.findIndex((s) => s.id === lastRan);
  return {
    schema: 1,
    runId: 'join-1',
    phase: 'failed',
    rehearsal: false,
    scenario: null,
    createdAt: '',
    updatedAt: '',
    plan,
    secrets: [],
    steps: plan.steps.map((s, i) => ({
      ...freshStep(s.id),
      ...(i <= upTo ? { status: 'done' as const, attempts: 1, facts: facts[s.id] ?? {} } : {}),
    })),
    journalSeq: 0,
  };
}

describe('planReset, containerd-kubeadm', () => {
  it('follows the reference order: drain, kubeadm reset, kubelet, delete the node, services, firewall, CNI and HNS, binaries', () => {
    const plan = planReset(joined('port-mapping', { 'kubeadm-join': { nodeName: 'win-node-1' } }))!;
    expect(plan.steps.map((s) => s.step.id)).toEqual([
      'port-mapping',
      'sample-service',
      'node-drain',
      'kubeadm-join',
      'kubelet-service',
      'node-delete',
      'containerd',
      'crictl',
      'firewall',
      'network-cleanup',
      'kube-binaries',
    ]);
    // Each undo is its step with -Undo, nothing to download; the node steps carry the node and the admin kubeconfig.
    const byId = Object.fromEntries(plan.steps.map((s) => [s.step.id, s.step]));
    expect(byId['kubeadm-join']).toMatchObject({
      params: { Undo: true, criSocket: 'npipe:////./pipe/containerd-containerd' },
      downloads: [],
    });
    expect(byId.containerd!.downloads).toEqual([]);
    expect(byId['node-delete']).toMatchObject({
      runsIn: 'winjoin',
      params: { nodeName: 'win-node-1', kubeconfigPath: expect.any(String) },
    });
    // The CNI's leftovers by name, in the directories the join gave containerd: nothing else there is touched.
    expect(byId['network-cleanup']!.params).toEqual({
      Undo: true,
      cniBinDir: 'c:/opt/cni/bin',
      cniConfDir: 'c:/etc/cni/net.d',
      networks: ['Calico'],
      cniBinaries: ['calico.exe', 'calico-ipam.exe'],
      cniConfigs: ['10-calico.conflist', 'calico-kubeconfig'],
    });
    expect(plan.steps.find((s) => s.step.id === 'kube-binaries')!.heldBy).toEqual(['kubeadm-join']);
    // The Containers feature stays: removing it needs a restart and may break other containers.
    expect(plan.steps.map((s) => s.step.id)).not.toContain('windows-features');
    expect(plan.neverRan).toEqual([]);
  });

  it('leaves the cluster alone when the join stopped before kubeadm join, and lists what never ran', () => {
    const plan = planReset(joined('firewall'))!;
    expect(plan.steps.map((s) => s.step.id)).toEqual(['kubelet-service', 'containerd', 'crictl', 'firewall', 'kube-binaries']);
    expect(plan.neverRan).toEqual(['kubeadm-join', 'sample-service', 'port-mapping']);
    expect(plan.nodeRemovalMissing).toBeNull();
  });

  it('takes the node name from the answers when no step reported it', () => {
    const state = joined('kubeadm-join');
    for (const step of state.plan.steps) if ('nodeName' in step.params) step.params.nodeName = 'from-answers';
    expect(planReset(state)!.steps.find((s) => s.step.id === 'node-delete')!.step.params.nodeName).toBe('from-answers');
  });
});
