import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../../shared/answers.js';
import { planMayRestart, restartingStep, settingsSummary } from './settings-summary.js';

describe('settings summary', () => {
  it('names the recipe and, for docker-sdn, the master address', () => {
    const rows = settingsSummary(exampleAnswers());
    expect(rows[0]).toMatchObject({ labelKey: 'pages.review.summary.recipe', valueKey: 'recipes.docker-sdn.label' });
    expect(rows.map((r) => r.labelKey)).toContain('pages.network.fields.masterIp.label');
  });

  it('shows where containerd-kubeadm credentials come from and what changes in the cluster, never the token', () => {
    const created = settingsSummary(exampleAnswers('containerd-kubeadm'));
    expect(created.map((r) => r.labelKey)).not.toContain('pages.network.fields.masterIp.label');
    expect(created.find((r) => r.labelKey === 'pages.cluster.join.fields.token')?.valueKey).toBe('pages.review.summary.tokenCreated');
    expect(created.find((r) => r.labelKey === 'pages.review.summary.clusterChanges')?.valueKey).toBe(
      'pages.review.summary.clusterChangesTokenAndNode',
    );
    const answers = exampleAnswers('containerd-kubeadm');
    answers.join = { token: 'abcdef.0123456789abcdef', caCertHash: `sha256:${'b'.repeat(64)}`, apiServerEndpoint: '10.1.2.3:6443' };
    const pasted = settingsSummary(answers);
    expect(pasted.find((r) => r.labelKey === 'pages.cluster.join.fields.token')).toMatchObject({ params: { id: 'abcdef' } });
    expect(JSON.stringify(pasted)).not.toContain('0123456789abcdef');
  });

  it('warns of a restart for either recipe', () => {
    expect(planMayRestart(['prerequisites', 'docker'])).toBe(true);
    expect(planMayRestart(['prerequisites', 'windows-features'])).toBe(true);
    expect(planMayRestart(['prerequisites', 'kubelet-service'])).toBe(false);
    expect(restartingStep(['prerequisites', 'windows-features', 'containerd'])).toBe('windows-features');
  });
});
