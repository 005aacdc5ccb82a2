/**
 * What the simulated download origin serves, by URL path, with their own digests:
 * the pinned Microsoft/SDN archive, Kubernetes release files for any version
 * (node tarball and individual .exe files, each with .sha256 and .sha512),
 * Docker's static Windows zip and the nssm zip. Everything is built in
 * memory from the stand-ins, once per path.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { powershellDir } from '../app-root.js';
import { DOCKER_STATIC_VERSION, NSSM_VERSION, SDN_COMMIT } from '../../join/recipes/docker-sdn.js';
import type { StandInPins } from '../../join/types.js';
import { tarGz, zip, type ArchiveEntry } from './archives.js';
import {
  cniStandIn,
  containerdToolStandIn,
  dockerCliStandIn,
  dockerdStandIn,
  nodeStandIn,
  nssmStandIn,
  type ContainerdTool,
  type NodeStandIn,
} from './standin-binaries.js';

/** Resolved when used, not at import: the Electron main bundle imports this module from elsewhere. */
const sdnStandinDir = () => path.join(powershellDir(), 'rehearsal', 'sdn');

/** Path prefixes under the origin's base URL, one per recipe origin. */
export const ORIGIN_PATHS = {
  sdnArchive: '/sdn/archive',
  kubernetesRelease: '/k8s',
  dockerStatic: '/docker',
  nssm: '/nssm',
  containerdRelease: '/containerd',
  crictlRelease: '/cri-tools',
} as const;

const EXE = 0o755;

function walk(dir: string, prefix: string): ArchiveEntry[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    const name = `${prefix}/${entry.name}`;
    return entry.isDirectory() ? walk(full, name) : [{ name, data: fs.readFileSync(full) }];
  });
}

function sdnEntries(): ArchiveEntry[] {
  const top = `SDN-${SDN_COMMIT}`;
  const entries = walk(path.join(sdnStandinDir(), 'Kubernetes'), `${top}/Kubernetes`);
  entries.push({ name: `${top}/Kubernetes/windows/cni/wincni.exe`, data: cniStandIn(), mode: EXE });
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

const sdnArchive = (): Promise<Buffer> => zip(sdnEntries());

const nssmZip = (): Promise<Buffer> =>
  zip(['win64', 'win32'].map((arch) => ({ name: `nssm-${NSSM_VERSION}/${arch}/nssm.exe`, data: nssmStandIn(), mode: EXE })));

function nodeBinary(name: NodeStandIn, version: string): ArchiveEntry {
  return { name: `kubernetes/node/bin/${name}.exe`, data: nodeStandIn(name, version), mode: EXE };
}

function nodeTarball(version: string): Buffer {
  return tarGz([
    nodeBinary('kubectl', version),
    nodeBinary('kubelet', version),
    nodeBinary('kube-proxy', version),
    { name: 'kubernetes/LICENSES', data: Buffer.from('Stand-in for the Kubernetes LICENSES file (WinJoin rehearsal).\n') },
  ]);
}

const digest = (algorithm: 'sha256' | 'sha512', data: Buffer): Buffer => Buffer.from(createHash(algorithm).update(data).digest('hex'));

/** containerd's release tarball: everything under bin/, as its Makefile packs it. */
function containerdTarball(version: string): Buffer {
  const tools: ContainerdTool[] = ['containerd', 'ctr', 'containerd-stress', 'containerd-shim-runhcs-v1'];
  return tarGz(tools.map((tool) => ({ name: `bin/${tool}.exe`, data: containerdToolStandIn(tool, version), mode: EXE })));
}

/** Bytes of a containerd or cri-tools release file, or null. containerd publishes "<hex>  <name>" (.sha256sum), cri-tools the bare hex. */
async function containerdArtifact(urlPath: string): Promise<Buffer | null> {
  const containerd = /^\/containerd\/v(\d+\.\d+\.\d+)\/(containerd-(\d+\.\d+\.\d+)-windows-amd64\.tar\.gz)(\.sha256sum)?$/.exec(urlPath);
  if (containerd && containerd[1] === containerd[3]) {
    const tarball = containerdTarball(containerd[1]!);
    return containerd[4] ? Buffer.from(`${createHash('sha256').update(tarball).digest('hex')}  ${containerd[2]}\n`) : tarball;
  }
  const crictl = /^\/cri-tools\/v(\d+\.\d+\.\d+)\/crictl-v(\d+\.\d+\.\d+)-windows-amd64\.tar\.gz$/.exec(urlPath);
  if (crictl && crictl[1] === crictl[2])
    return tarGz([{ name: 'crictl.exe', data: containerdToolStandIn('crictl', crictl[1]!), mode: EXE }]);
  return null;
}

/** Bytes for a path under the origin, or null for a 404. Checksum files carry the bare hex digest, as dl.k8s.io's do. */
export async function buildArtifact(urlPath: string): Promise<Buffer | null> {
  const checksum = /^(.*)\.(sha256|sha512)$/.exec(urlPath);
  if (checksum) {
    const data = await buildArtifact(checksum[1]!);
    return data && digest(checksum[2] as 'sha256' | 'sha512', data);
  }
  if (
    urlPath.endsWith('.sha256sum') ||
    urlPath.startsWith(`${ORIGIN_PATHS.containerdRelease}/`) ||
    urlPath.startsWith(`${ORIGIN_PATHS.crictlRelease}/`)
  )
    return containerdArtifact(urlPath);
  if (urlPath === `${ORIGIN_PATHS.sdnArchive}/${SDN_COMMIT}.zip`) return sdnArchive();
  // dl.k8s.io serves a release both under /release/v<version>/ and, as containerd-kubeadm asks, /v<version>/.
  const release = /^\/k8s\/(?:release\/)?v(\d+\.\d+\.\d+)\/(.+)$/.exec(urlPath);
  if (release) {
    const [, version = '', file = ''] = release;
    if (file === 'kubernetes-node-windows-amd64.tar.gz') return nodeTarball(version);
    const exe = /^bin\/windows\/amd64\/(kubectl|kubelet|kube-proxy|kubeadm)\.exe$/.exec(file);
    if (exe) return nodeStandIn(exe[1] as NodeStandIn, version);
    return null;
  }
  const docker = /^\/docker\/docker-(\d+\.\d+\.\d+)\.zip$/.exec(urlPath);
  if (docker) {
    return zip([
      { name: 'docker/docker.exe', data: dockerCliStandIn(), mode: EXE },
      { name: 'docker/dockerd.exe', data: dockerdStandIn(docker[1]!), mode: EXE },
    ]);
  }
  if (urlPath === `${ORIGIN_PATHS.nssm}/nssm-${NSSM_VERSION}.zip`) return nssmZip();
  return null;
}

const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The stand-ins' own digests for the downloads WinJoin pins (the nssm zip,
 * the guide's node tarball, each file of the SDN archive). The real digests
 * cannot match a stand-in; a rehearsal's plan uses these instead and names
 * them SIMULATED (electron/join/stand-in-pins.ts). Docker's zip has no pin,
 * real or simulated.
 */
export async function standInPins(kubernetesVersion: string): Promise<StandInPins> {
  const files = Object.fromEntries(sdnEntries().map((entry) => [entry.name.slice(entry.name.indexOf('/') + 1), sha256Hex(entry.data)]));
  return {
    sha256: { nssm: sha256Hex(await nssmZip()), nodeTarball: sha256Hex(nodeTarball(kubernetesVersion)) },
    archiveEntries: { sdnArchive: files },
  };
}

/**
 * Whether the file at `urlPath` is, or carries, `fileName`: kubectl.exe is
 * downloaded on its own for current versions and inside the node tarball for
 * the pinned old ones, and a corrupt-download rehearsal must bite either way.
 */
export function carriesFile(urlPath: string, fileName: string): boolean {
  if (urlPath.endsWith(`/${fileName}`)) return true;
  if (/^\/containerd\/v[^/]+\/containerd-[^/]+-windows-amd64\.tar\.gz$/.test(urlPath) && /^(containerd|ctr)\.exe$/.test(fileName))
    return true;
  return (
    /^\/k8s\/release\/v[^/]+\/kubernetes-node-windows-amd64\.tar\.gz$/.test(urlPath) && /^(kubectl|kubelet|kube-proxy)\.exe$/.test(fileName)
  );
}

/** The paths a rehearsal of `version` downloads, built at startup so the first request is not slow. */
export function startupPaths(version: string, containerdVersion?: string): string[] {
  const release = `/k8s/release/v${version}`;
  const minor = version.split('.')[1];
  return [
    ...(containerdVersion
      ? [
          `${ORIGIN_PATHS.containerdRelease}/v${containerdVersion}/containerd-${containerdVersion}-windows-amd64.tar.gz`,
          `${ORIGIN_PATHS.crictlRelease}/v1.${minor}.0/crictl-v1.${minor}.0-windows-amd64.tar.gz`,
          ...['kubelet', 'kubeadm', 'kubectl'].map((n) => `/k8s/v${version}/bin/windows/amd64/${n}.exe`),
        ]
      : []),
    `${ORIGIN_PATHS.sdnArchive}/${SDN_COMMIT}.zip`,
    `${release}/kubernetes-node-windows-amd64.tar.gz`,
    ...['kubectl', 'kubelet', 'kube-proxy'].map((n) => `${release}/bin/windows/amd64/${n}.exe`),
    `${ORIGIN_PATHS.dockerStatic}/docker-${DOCKER_STATIC_VERSION}.zip`,
    `${ORIGIN_PATHS.nssm}/nssm-${NSSM_VERSION}.zip`,
  ];
}
