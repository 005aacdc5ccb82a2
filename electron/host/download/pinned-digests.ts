/**
 * The digests WinJoin itself vouches for: files that end up running as
 * SYSTEM whose origin publishes no checksum beside them. Each constant says
 * where the digest was read and when, so anyone can check it again. A plan
 * takes its digests from here, never from the folder or server the file
 * comes from (an offline folder's author would otherwise vouch for their own
 * files).
 */

export interface PinnedDigest {
  sha256: string;
  /** Where the digest is recorded (repository, path, commit), for the plan view and a later re-check. */
  source: string;
  /** The day WinJoin's maintainers read it there. */
  read: string;
}

/** Node tarballs whose SHA-256 the Kubernetes release notes publish, by version. */
export const PINNED_NODE_TARBALLS: Record<string, PinnedDigest> = {
  '1.9.1': { sha256: '4408e6d741c6008044584c0d7235e608c596e836d51346ee773589d9b4589fdc', source: 'CHANGELOG-1.9.md', read: '2026-11-29' },
};

/**
 * nssm 2.24 as nssm.cc released it (351,793 bytes). Two independent package
 * manifests record this SHA-256: Scoop (the first commit of its manifest had
 * another value, corrected the same day by 70327fcb "hashcheck update") and
 * Chocolatey; both also record the same SHA-1, be7b3577c6e3a280e5106a9e9db5b3775931cefc.
 * The sig-windows-tools mirror WinJoin downloads from is meant to be a copy
 * of that file; no public source hashes the mirror URL itself, so a mirror
 * that differs is refused rather than trusted.
 */
export const NSSM_2_24_ZIP: PinnedDigest = {
  sha256: '727d1e42275c605e0f04aba98095c38a8e1e46def453cdffce42869428aa6743',
  source:
    'Scoop (ScoopInstaller/Scoop bucket/nssm.json, commit 6e783274 of 2016-12-30 until 35814357 of 2019-02-09 switched it to SHA-1) and Chocolatey (dtgm/chocolatey-packages automatic/_output/nssm/2.24.0.20161223/tools/chocolateyInstall.ps1) agree, for nssm.cc/release/nssm-2.24.zip',
  read: '2026-12-03',
};

/**
 * Docker's static Windows zip has no digest anywhere WinJoin could find:
 * download.docker.com publishes none for win/static, docker-library/docker's
 * own Windows Dockerfiles leave "TODO ENV DOCKER_SHA256", and Scoop's
 * docker manifest went from 20.10.23 (2023-01-20) to 23.0.0, so no package
 * manifest records 20.10.24. Read 2026-12-03.
 */
export const DOCKER_STATIC_NO_DIGEST =
  'download.docker.com publishes no digest for its Windows static zips, and no package manifest records docker-20.10.24.zip (Scoop, docker-library; looked up 2026-12-03); only TLS to download.docker.com vouches for it';

/**
 * The Microsoft/SDN files the "scripts" step installs, at the pinned commit:
 * every file under Kubernetes/windows/ and the two sample manifests. GitHub
 * regenerates archive zips (their bytes, so their digest, change while the
 * content does not), so WinJoin pins the content: the SHA-256 of each file,
 * computed from the repository at the commit (git show <commit>:<path>; no
 * .gitattributes there alters what an archive holds). Paths are below the
 * archive's top folder.
 */
export const SDN_ARCHIVE_FILES = {
  commit: '5b4fbfe6d677295255efdf9c3035856d380802a9',
  source: 'computed from github.com/Microsoft/SDN at commit 5b4fbfe6d677295255efdf9c3035856d380802a9 (git show <commit>:<path>)',
  read: '2026-12-03',
  /** Every file under these folders must be one of `sha256`: an extra file would land in the install directory unchecked. */
  completeUnder: ['Kubernetes/windows/'],
  sha256: {
    'Kubernetes/windows/AddRoutes.ps1': '4d08f41174819a29671ceed27cc63d4bccd6ec597c84e3fa402cd1daa8527635',
    'Kubernetes/windows/Dockerfile': 'adfc5dfad6cfc5f5a4d4da7b46777b4bb26f88d833fc00eb2163169a667fe2eb',
    'Kubernetes/windows/InstallImages.ps1': '8274821fdecd3e74eb5749fffa993a0505b2ec5aaf665df4f4cba8b6dc7b2812',
    'Kubernetes/windows/SwitchToKernelMode.ps1': 'dd3c1ab8105c1f6e21ce049fbda6b946af55b4c4079045bbf1eefab02db51f0d',
    'Kubernetes/windows/SwitchToUserMode.ps1': '4bcb1218836ee0c2189cd1d7cece6a295ded9af50c3d869ea3fbf385946af609',
    'Kubernetes/windows/cni/config/l2bridge.conf': 'bcb01363ef017c6bd20e6e211cae0cdffbf2cd2b552bb759eb608c71ad24057d',
    'Kubernetes/windows/cni/wincni.exe': '315e107b7ee866534abb4d04d015a12cb65a2389d9c26b39591c9923fc21746c',
    'Kubernetes/windows/debug/Debug.md': '93b6e0e85f39c83443e113ae03f796200a0aea11a647b66e8a78a5b81f9bc02b',
    'Kubernetes/windows/debug/collectlogs.ps1': '033131d93939f946e78134face8e4a2e815efd58c6ad3ff8b315a50c9c2ac31d',
    'Kubernetes/windows/debug/dumpVfpPolicies.ps1': '71e9f828103412e1e1ec63fbc4ee34e7e55560476f6b2a90b391b1722867ac42',
    'Kubernetes/windows/debug/startpacketcapture.cmd': 'f7ece164c2e02e57364bb619cbf6ee8408cef933f1ecab97c6bbfcbd6a8436f9',
    'Kubernetes/windows/debug/stoppacketcapture.cmd': 'bd966d7738a3c0fc73e651baf196c0fb60d889f1180b2d114f8ea3f8a8453c3d',
    'Kubernetes/windows/hns.psm1': '7194ceb0b7b607335cae5b3607797f76ba109445e81a9c545e9e7c099fe552e4',
    'Kubernetes/windows/pause.ps1': '1bf38a027bd3558047769b63570e43682bacb5959952fd4946f884446fd9fdfc',
    'Kubernetes/windows/start-kubelet.ps1': 'bc90e57dc05388470b6d7e4fa938bf4d73bab8a2465af8683282ce22d513fd30',
    'Kubernetes/windows/start-kubeproxy.ps1': '40645dea07a52d075048c9f59f82b87e6ad4800004210bd49727aa5e8353b351',
    'Kubernetes/windows/start.ps1': 'd9a22501636e943103d484c1fb26c35c2a752e8b5622d73cfb3d8701adf86916',
    'Kubernetes/windows/stop.ps1': '17478bfe4193e5b7d6756b592d48fb5f2ef260b546c71738dcdacc378cf4099c',
    'Kubernetes/WebServer.yaml': '6a231e7cdcbd8967cf61b8c3c447ffb3707602044a65b8ca3e12ff12ffaa9070',
    'Kubernetes/PortMapping.yaml': '96e3dbbb15c58bf45084647fbef72afa543500f92dac5469c5e864f2c4aa9265',
  } as Record<string, string>,
};

/**
 * The Windows base image the pause image is built on (docker-sdn's
 * pause-image step: mcr.microsoft.com/windows/servercore or nanoserver, at the
 * tag of the host's build). Microsoft pushes a new image under the same tag
 * every month with that month's updates, so a tag has no lasting digest:
 * public Dockerfiles and build logs that pin servercore:ltsc2022 or
 * nanoserver:ltsc2022 by digest each record another one (at least six
 * different digests per tag found, looked up 2026-12-03), and none records
 * one for 1709 or 1809, the tags the guide's builds use. A pinned digest
 * would also freeze an unpatched month. So none is pinned: the step records
 * the digest the registry returned (RepoDigests) in its facts, which the
 * journal and the support bundle keep.
 */
export const WINDOWS_BASE_IMAGE_NO_DIGEST =
  'mcr.microsoft.com re-publishes each Windows base image tag every month with that month’s updates, so the tag has no lasting digest (public records of servercore:ltsc2022 and nanoserver:ltsc2022 each show several, none agree; none found for 1709 or 1809; looked up 2026-12-03), and the tag is chosen on the node from its build; the step records the digest the registry returned';

/**
 * The pod sandbox (pause) image of the containerd-kubeadm recipe,
 * registry.k8s.io/pause at the tag of the installed containerd's own default.
 * containerd pulls it, not WinJoin, when the first pod starts. Its tags are
 * published by the Kubernetes image promoter, which does not move a promoted
 * tag, and public manifests that pin pause:3.10, 3.10.1 and 3.10.2 by digest
 * agree on one digest per tag (looked up 2026-12-03); none records one for
 * pause:3.8. WinJoin still writes the tag: whether containerd on Windows takes
 * a tag@digest sandbox reference is not verified here, and a wrong guess
 * leaves every pod without a sandbox.
 */
export const SANDBOX_IMAGE_NO_DIGEST =
  'pulled by containerd, not WinJoin, by the tag written in config.toml: registry.k8s.io does not move a promoted tag, but whether containerd on Windows accepts a tag@digest sandbox image is not verified, so no digest is written';
