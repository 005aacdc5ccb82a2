# Reset step "network-cleanup" (containerd-kubeadm), run only by a reset,
# after kubeadm reset and the kubelet and containerd services are gone:
# what `kubeadm reset` says it leaves (reference section 5). Calico's HNS
# network and its endpoints, the HNS policy lists kube-proxy-windows made
# (microsoft/SDN's CleanupOldNetwork and CleanupPolicyList do the same), and
# the CNI directories containerd's config names, with the configuration and
# plugins Calico's installer put there. Other HNS networks (nat, a vSwitch
# someone else made) stay.
param(
    [string] $CniBinDir = 'C:\opt\cni\bin',
    [string] $CniConfDir = 'C:\etc\cni\net.d',
    [string[]] $Networks = @('Calico'),
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

# A join never plans this step: it only removes.
if (-not $Undo) { throw 'network-cleanup runs only as part of a reset (-Undo)' }

$changed = $false
foreach ($network in @(Get-HnsNetwork | Where-Object { $_ -and $Networks -contains [string]$_.Name })) {
    $network | Remove-HnsNetwork
    Write-Output "removed HNS network $($network.Name)"
    $changed = $true
}
$lists = @(Get-HnsPolicyList | Where-Object { $_ })
if ($lists.Count -gt 0) {
    $lists | Remove-HnsPolicyList
    Write-Output "removed $($lists.Count) HNS policy list(s)"
    $changed = $true
}
foreach ($dir in $CniConfDir, $CniBinDir) {
    if ([System.IO.Directory]::Exists($dir)) {
        [System.IO.Directory]::Delete($dir, $true)
        Write-Output "removed $dir"
        $changed = $true
    }
}
Complete-WinJoinStep -Changed $changed
