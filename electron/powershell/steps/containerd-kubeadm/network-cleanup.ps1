# Reset step "network-cleanup" (containerd-kubeadm), run only by a reset,
# after kubeadm reset and the kubelet and containerd services are gone:
# what `kubeadm reset` says it leaves (reference section 5), and only what
# the join brought. The HNS networks the join's CNI made (Calico, with its
# endpoints) and the policy lists kube-proxy-windows made on their endpoints;
# the CNI configuration and plugins the CNI's installer put into the
# directories containerd's config names, by name, and those directories when
# that leaves them empty. Other HNS networks (nat, a vSwitch someone else
# made), their policy lists and any other file in the CNI directories stay.
# Every path and name comes from the reset plan (electron/join/reset-plan.ts).
param(
    [string] $CniBinDir,
    [string] $CniConfDir,
    [string[]] $Networks = @(),
    [string[]] $CniBinaries = @(),
    [string[]] $CniConfigs = @(),
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

# A join never plans this step: it only removes.
if (-not $Undo) { throw 'network-cleanup runs only as part of a reset (-Undo)' }
# No default directory or name: a guess (C:\opt\cni\bin on drive C) could remove what this join never put there.
foreach ($required in 'CniBinDir', 'CniConfDir', 'Networks', 'CniBinaries', 'CniConfigs') {
    if (-not (Get-Variable -Name $required -ValueOnly)) { throw "network-cleanup needs -$required from the reset plan" }
}

$changed = $false
$ours = @(Get-HnsNetwork | Where-Object { $_ -and $Networks -contains [string]$_.Name })
$networkIds = @($ours | ForEach-Object { [string]$_.ID })

# The policy lists first: a list names its endpoints ("/endpoints/<id>"), and they go with their network.
$endpointRefs = @(Get-HnsEndpoint | Where-Object { $_ -and $networkIds -contains [string](Get-WinJoinOptionalProperty $_ 'VirtualNetwork') } |
        ForEach-Object { '/endpoints/' + ([string]$_.ID).ToLowerInvariant() })
$lists = @(Get-HnsPolicyList | Where-Object {
        $_ -and @(@(Get-WinJoinOptionalProperty $_ 'References') | Where-Object { $_ -and $endpointRefs -contains ([string]$_).ToLowerInvariant() }).Count -gt 0
    })
if ($lists.Count -gt 0) {
    $lists | Remove-HnsPolicyList
    Write-Output "removed $($lists.Count) HNS policy list(s) on the endpoints of $($Networks -join ', ')"
    $changed = $true
}
foreach ($network in $ours) {
    $network | Remove-HnsNetwork
    Write-Output "removed HNS network $($network.Name)"
    $changed = $true
}

foreach ($set in @(@{ Dir = $CniConfDir; Names = $CniConfigs }, @{ Dir = $CniBinDir; Names = $CniBinaries })) {
    if (-not [System.IO.Directory]::Exists($set.Dir)) { continue }
    foreach ($name in $set.Names) {
        $file = Join-WinJoinPath $set.Dir $name
        if ([System.IO.File]::Exists($file)) {
            [System.IO.File]::Delete($file)
            Write-Output "removed $file"
            $changed = $true
        }
    }
    # The directory itself only when nothing else is in it: another CNI or tool may keep files there.
    if (@([System.IO.Directory]::GetFileSystemEntries($set.Dir)).Count -eq 0) {
        [System.IO.Directory]::Delete($set.Dir)
        Write-Output "removed $($set.Dir)"
        $changed = $true
    }
}
Complete-WinJoinStep -Changed $changed
