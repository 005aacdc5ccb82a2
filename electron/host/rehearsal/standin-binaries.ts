/**
 * The stand-in "executables" the origin serves: scripts that really run on
 * Linux when a step calls them by path. Node stand-ins (kubectl, kubelet,
 * kube-proxy) are the .mjs files in ./standins inlined into one script;
 * docker.exe, dockerd.exe and nssm.exe are pwsh shims into the simulated host.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findAppRoot } from '../app-root.js';

/** Resolved when used, not at import: the Electron main bundle imports this module from elsewhere. */
const standinsDir = () => path.join(findAppRoot(), 'electron', 'host', 'rehearsal', 'standins');

// A sh/JS polyglot: sh runs node on the file itself as an ES module from
// stdin, so the ".exe" extension and any package.json "type" around the
// install dir do not matter to Node's loader.
const NODE_SHEBANG = '#!/bin/sh\n// 2>/dev/null; exec node --input-type=module - "$@" < "$0"\n';

function inline(files: string[]): string {
  const imports = new Set<string>();
  const bodies = files.map((file) => {
    const text = fs.readFileSync(path.join(standinsDir(), file), 'utf8');
    return text
      .split('\n')
      .filter((line) => {
        if (/^import .* from '\.\/.*\.mjs';$/.test(line)) return false;
        if (/^import .* from 'node:.*';$/.test(line)) {
          imports.add(line);
          return false;
        }
        return true;
      })
      .map((line) => line.replace(/^export /, ''))
      .join('\n');
  });
  return [...imports].join('\n') + '\n' + bodies.join('\n');
}

export type NodeStandIn = 'kubectl' | 'kubelet' | 'kube-proxy' | 'kubeadm';

const EXTRA_MODULES: Partial<Record<NodeStandIn, string[]>> = {
  kubectl: ['jsonpath.mjs'],
  kubelet: ['tls-bootstrap.mjs', 'image-pull.mjs', 'pod-network.mjs', 'kubelet-containerd.mjs'],
  kubeadm: ['discovery.mjs'],
};

export function nodeStandIn(name: NodeStandIn, version: string): Buffer {
  const body = inline(['common.mjs', ...(EXTRA_MODULES[name] ?? []), `${name}.mjs`]);
  return Buffer.from(NODE_SHEBANG + body.replace('__WINJOIN_VERSION__', version));
}

function pwshShim(comment: string, body: string): Buffer {
  return Buffer.from(`#!/usr/bin/env pwsh\n# ${comment}\nImport-Module $env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking\n${body}\n`);
}

export type ContainerdTool = 'containerd' | 'ctr' | 'containerd-stress' | 'containerd-shim-runhcs-v1' | 'crictl';

/** containerd's release binaries and crictl: shims into the simulated containerd (Sim.Containerd.ps1), each knowing its own version. */
export function containerdToolStandIn(tool: ContainerdTool, version: string): Buffer {
  return pwshShim(
    `WinJoin rehearsal stand-in ${tool}.exe ${version}: answered by the simulated containerd.`,
    `$r = Invoke-SimContainerdTool -Tool '${tool}' -Version '${version}' -Path $PSCommandPath -ArgumentList $args\nif ($r.StdOut) { $r.StdOut }\nif ($r.StdErr) { $r.StdErr | ForEach-Object { [Console]::Error.WriteLine($_) } }\nexit $r.ExitCode`,
  );
}

export function dockerCliStandIn(): Buffer {
  return pwshShim(
    'WinJoin rehearsal stand-in docker.exe: the simulated Docker engine.',
    '$r = Invoke-SimDocker -ArgumentList $args\n$r.Output\nexit $r.ExitCode',
  );
}

export function dockerdStandIn(version: string): Buffer {
  return pwshShim(
    'WinJoin rehearsal stand-in dockerd.exe: the daemon runs as the simulated "docker" service.',
    `if ($args -contains '--version') { 'Docker version ${version}, build simulated'; exit 0 }\n'dockerd runs as the simulated docker service (Start-Service docker)'\nexit 0`,
  );
}

export function nssmStandIn(): Buffer {
  // A real process, so the step's runner meets nssm's manners (UTF-16LE
  // output): sh starts pwsh on the stand-in script beside the simulated host.
  return Buffer.from(
    '#!/bin/sh\n# WinJoin rehearsal stand-in nssm.exe: services of the simulated host, answering in UTF-16LE like nssm.\n' +
      'exec "${WINJOIN_REHEARSAL_PWSH:-pwsh}" -NoProfile -NonInteractive -File "$(dirname "$WINJOIN_REHEARSAL_MODULE")/standins/nssm.ps1" "$@"\n',
  );
}

export function cniStandIn(): Buffer {
  return Buffer.from('#!/bin/sh\n# WinJoin rehearsal stand-in wincni.exe: the simulated kubelet assigns pod IPs itself.\nexit 0\n');
}
