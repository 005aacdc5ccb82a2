import { describe, expect, it } from 'vitest';
import { imageReference, type Plan } from '../../../shared/plan.js';
import { pageForField, planRows, powershellLine } from './plan-view.js';

const plan: Plan = {
  recipe: 'docker-sdn',
  answersHash: 'abc',
  downloadSettings: { proxy: null, offlineSource: null, extraCaFile: null },
  steps: [
    {
      id: 'proxy',
      titleKey: 'steps.proxy.title',
      needs: ['prerequisites'],
      script: 'proxy.ps1',
      params: { http: 'http://***@p:8080' },
      downloads: [{ name: 'x', url: 'https://example.test/x.zip', fileName: 'x.zip' }],
      changesMachine: true,
      timeoutMs: 1000,
      always: false,
    },
  ],
};

describe('plan view', () => {
  it('shows each step with its script, exact parameters and downloads', () => {
    const [row] = planRows(plan);
    expect(row).toMatchObject({
      id: 'proxy',
      script: 'proxy.ps1',
      needs: ['prerequisites'],
      downloads: ['https://example.test/x.zip'],
      images: [],
      changesMachine: true,
    });
    expect(JSON.parse(row!.paramsText)).toEqual({ http: 'http://***@p:8080' });
  });
  it('lists the images a step pulls, leaving a tag the node chooses for the page to word', () => {
    const step = {
      ...plan.steps[0]!,
      images: [
        { name: 'pauseBase', repository: 'mcr.microsoft.com/windows/servercore', noDigestReason: 'moves monthly' },
        { name: 'sandbox', repository: 'registry.k8s.io/pause', tag: '3.10.2', digest: `sha256:${'a'.repeat(64)}`, digestSource: 'x' },
      ],
    };
    expect(planRows({ ...plan, steps: [step] })[0]!.images).toEqual([
      { repository: 'mcr.microsoft.com/windows/servercore', tag: undefined, digest: undefined },
      { repository: 'registry.k8s.io/pause', tag: '3.10.2', digest: `sha256:${'a'.repeat(64)}` },
    ]);
    expect(imageReference(step.images[0]!, 'host tag')).toBe('mcr.microsoft.com/windows/servercore:<host tag>');
  });
  it('sends each field error to the page that edits it', () => {
    expect(pageForField('network.masterIp')).toBe('network');
    expect(pageForField('proxy.noProxy.1')).toBe('proxy');
    expect(pageForField('installDir')).toBeNull();
  });
});

describe('the PowerShell line of a step', () => {
  it('quotes every value so it pastes as is, with the masked secret left masked', () => {
    const line = powershellLine('proxy.ps1', { http: 'http://***@p:8080', noProxy: ['a', "b'c"], port: 4444, force: true }, false);
    expect(line).toBe("& '.\\steps\\proxy.ps1' -Http 'http://***@p:8080' -NoProxy @('a', 'b''c') -Port 4444 -Force:$true");
  });

  it("names a recipe folder's script with Windows separators, as it is pasted on the server", () => {
    expect(powershellLine('containerd-kubeadm/prerequisites.ps1', { installDir: 'C:\\k' }, false)).toBe(
      "& '.\\steps\\containerd-kubeadm\\prerequisites.ps1' -InstallDir 'C:\\k'",
    );
  });

  it('says where downloaded files go', () => {
    expect(powershellLine('binaries.ps1', { installDir: 'C:\\k' }, true)).toContain("-InstallDir 'C:\\k' -Downloads @{");
  });
});
