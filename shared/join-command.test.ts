import { describe, expect, it } from 'vitest';
import { parseJoinCommand } from './join-command.js';

const HASH = 'sha256:' + 'ab12'.repeat(16);
const TOKEN = 'abcdef.0123456789abcdef';

describe('parseJoinCommand', () => {
  it('reads the line kubeadm prints, continuation lines included', () => {
    const text = `kubeadm join 10.1.2.3:6443 --token ${TOKEN} \\\n\t--discovery-token-ca-cert-hash ${HASH} `;
    const result = parseJoinCommand(text);
    expect(result).toEqual({ ok: true, value: { apiServerEndpoint: '10.1.2.3:6443', token: TOKEN, caCertHash: HASH, ignoredFlags: [] } });
  });

  it('takes sudo, --flag=value, quotes and flags WinJoin sets itself', () => {
    const text = `sudo /usr/bin/kubeadm join "k8s.example.com:6443" --token=${TOKEN} --discovery-token-ca-cert-hash='${HASH}' --cri-socket unix:///run/containerd/containerd.sock`;
    const result = parseJoinCommand(text);
    expect(result.ok && result.value).toMatchObject({
      apiServerEndpoint: 'k8s.example.com:6443',
      token: TOKEN,
      caCertHash: HASH,
      ignoredFlags: ['cri-socket'],
    });
  });

  it('refuses a control-plane join (it carries the certificate key)', () => {
    const result = parseJoinCommand(
      `kubeadm join 10.1.2.3:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH} --control-plane --certificate-key 0123`,
    );
    expect(result.ok || result.errors.map((e) => e.key)).toEqual(['validation.joinCommand.controlPlane']);
  });

  it.each([
    ['', 'validation.joinCommand.empty'],
    ['kubectl get nodes', 'validation.joinCommand.notJoin'],
    [`kubeadm join 10.1.2.3:6443 --token ${TOKEN} --discovery-token-unsafe-skip-ca-verification`, 'validation.joinCommand.unsafeSkip'],
    ['kubeadm join --discovery-file cluster-info.yaml', 'validation.joinCommand.discoveryFile'],
    [
      `kubeadm join 10.1.2.3:6443 --discovery-token ${TOKEN} --tls-bootstrap-token zzzzzz.0123456789abcdef --discovery-token-ca-cert-hash ${HASH}`,
      'validation.joinCommand.twoTokens',
    ],
    [`kubeadm join 10.1.2.3:6443 extra --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH}`, 'validation.joinCommand.extraWords'],
  ])('names what is wrong with %j', (text, key) => {
    const result = parseJoinCommand(text);
    expect(result.ok || result.errors[0]!.key).toBe(key);
  });

  it('lists every missing part (a copy that stopped at the backslash)', () => {
    const result = parseJoinCommand(`kubeadm join 10.1.2.3:6443 --token ${TOKEN} \\`);
    expect(result.ok || result.errors[0]).toMatchObject({ field: 'join.command', params: { parts: '--discovery-token-ca-cert-hash' } });
  });

  it('validates each part with the answers schema, and never quotes the token', () => {
    const result = parseJoinCommand('kubeadm join 10.1.2.3 --token ABCDEF.secretsecretsecret --discovery-token-ca-cert-hash sha256:1234');
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => [e.field, e.key])).toEqual([
      ['join.token', 'validation.join.token'],
      ['join.caCertHash', 'validation.join.caCertHash'],
      ['join.apiServerEndpoint', 'validation.join.apiServerEndpoint'],
    ]);
    expect(JSON.stringify(errors)).not.toContain('secretsecret');
    expect(errors.find((e) => e.field === 'join.caCertHash')!.params.value).toBe('sha256:1234');
  });
});
