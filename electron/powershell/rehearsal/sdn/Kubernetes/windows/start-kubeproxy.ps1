Param(
    $NetworkMode="L2Bridge"
)
# WinJoin rehearsal stand-in for Microsoft/SDN Kubernetes/windows/start-kubeproxy.ps1
# at 5b4fbfe: KUBE_NETWORK from the network mode, remove every HNS policy list,
# then kube-proxy in the foreground. C:\k is this script's folder.
$ErrorActionPreference = 'Stop'
if ($env:WINJOIN_REHEARSAL_MODULE) { Import-Module $env:WINJOIN_REHEARSAL_MODULE -Global -DisableNameChecking }
$WorkingDir = $PSScriptRoot
$env:KUBE_NETWORK=$NetworkMode.ToLower()
Import-Module (Join-Path $WorkingDir 'hns.psm1')
Get-HnsPolicyList | Remove-HnsPolicyList

& (Join-Path $WorkingDir 'kube-proxy.exe') --v=4 --proxy-mode=kernelspace --hostname-override=$(hostname) --kubeconfig=$(Join-Path $WorkingDir 'config')
