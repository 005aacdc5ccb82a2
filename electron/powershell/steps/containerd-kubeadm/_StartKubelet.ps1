# Copied into the install directory by the kubelet-service step
# (containerd-kubeadm) as start-kubelet-kubeadm.ps1; the kubelet service
# (nssm) runs it. It does what the SIG Windows PrepareNode.ps1's StartKubelet
# does (reference 1.6): kubelet with the flags kubeadm join wrote to
# kubeadm-flags.env, plus what Windows needs and kubeadm does not write: the
# bootstrap and node kubeconfigs so kubelet can TLS-bootstrap (T27), and no
# cgroups or node-allocatable enforcement, which Windows rejects (T7). Never
# --pod-infra-container-image: containerd's config holds the sandbox image,
# and kubelet 1.34 refuses the flag (T6). Before the join the flags file does
# not exist; the script exits and nssm retries, as upstream.
param(
    [Parameter(Mandatory)][string] $KubeletPath,
    [Parameter(Mandatory)][string] $NodeName,
    # kubeadm's flags file, \var\lib\kubelet\kubeadm-flags.env on the drive kubeadm writes to; the service passes it.
    [string] $FlagsFile = '',
    # kubelet before 1.24 still needed to be told to use CNI.
    [switch] $NetworkPluginFlag
)

Set-StrictMode -Version Latest
# kubelet's stderr is its log (nssm writes it to the file), not an error of this script.
$ErrorActionPreference = 'Continue'
$drive = $env:SystemDrive
if (-not $drive) { $drive = 'C:' }
$flagsFile = if ($FlagsFile) { $FlagsFile } else { "$drive\var\lib\kubelet\kubeadm-flags.env" }
if (-not [System.IO.File]::Exists($flagsFile)) {
    [Console]::Error.WriteLine("$flagsFile does not exist yet: kubeadm join writes it, then starts this service.")
    exit 1
}
$kubeadmArgs = @()
foreach ($line in [System.IO.File]::ReadAllLines($flagsFile)) {
    if ($line -match '^\s*KUBELET_KUBEADM_ARGS=(.*)$') {
        # The file is shell syntax: the quotes group the value, they are not part of any flag
        # (and Windows PowerShell 5.1 would pass a quote inside an argument mangled).
        $kubeadmArgs = @($Matches[1].Replace('"', '') -split '\s+' | Where-Object { $_ })
    }
}
$arguments = @($kubeadmArgs) + @(
    "--cert-dir=$drive\var\lib\kubelet\pki",
    '--config=/var/lib/kubelet/config.yaml',
    '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
    '--kubeconfig=/etc/kubernetes/kubelet.conf',
    "--hostname-override=$NodeName",
    '--enable-debugging-handlers',
    '--cgroups-per-qos=false',
    '--enforce-node-allocatable=',
    '--resolv-conf='
)
if ($NetworkPluginFlag) { $arguments += '--network-plugin=cni' }
& $KubeletPath @arguments
exit $LASTEXITCODE
