# Step "port-mapping": the guide's step 17 with the pinned PortMapping.yaml
# (hostPort 4444, two replicas): the page must answer on http://<node IP>:4444.
# hostPort allows one pod per node, so with one Windows node the second replica
# stays Pending, which is expected (T19) and reported as a warning.
# WinJoin's process applies the manifest with the admin kubeconfig, which the
# node never holds (electron/host/cluster-steps/sdn-samples.ts); this script
# hands it over (-Manifest), then checks with the node's own kubeconfig.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $InterfaceAlias,
    [int] $WaitSeconds = 600,
    # First half of the step: only return the manifest (WinJoin's process applies it, and deletes it on undo).
    [switch] $Manifest,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_Sample.ps1')

if ($Manifest) {
    Complete-WinJoinStep -Changed $false -Facts @{ manifest = (Get-WinJoinSampleManifest $InstallDir 'PortMapping.yaml') }
    return
}

# After start-kubelet the management address sits on the host vNIC "vEthernet (<alias>)".
$address = $null
foreach ($alias in "vEthernet ($InterfaceAlias)", $InterfaceAlias) {
    $address = @(Get-NetIPAddress -InterfaceAlias $alias -AddressFamily IPv4 -ErrorAction SilentlyContinue) | Select-Object -First 1
    if ($address) { break }
}
if (-not $address) { throw "no IPv4 address on `"vEthernet ($InterfaceAlias)`" or `"$InterfaceAlias`"" }
$nodeIp = [string]$address.IPAddress

$changed = $false
$pods = Wait-WinJoinSamplePods $InstallDir $WaitSeconds 1
$running = @($pods | Where-Object Phase -eq 'Running')
$pending = @($pods | Where-Object Phase -eq 'Pending')
if ($pending.Count -gt 0) {
    Write-WinJoinCheck -Id 'port-mapping-replicas' -Status 'warn' -FixKey 'checks.port-mapping-replicas.fix' `
        -Detail "$($running.Count) running, $($pending.Count) pending: hostPort 4444 allows one pod per node" -DetailKey 'checkDetails.port-mapping-replicas.warn' -DetailParams @{ running = $running.Count; pending = $pending.Count }
}
else { Write-WinJoinCheck -Id 'port-mapping-replicas' -Status 'pass' -Detail "$($running.Count) running" -DetailKey 'checkDetails.port-mapping-replicas.pass' -DetailParams @{ running = $running.Count } }

$url = "http://${nodeIp}:4444/"
if ($running.Count -eq 0 -or -not (Test-WinJoinWebPage $url)) {
    Write-WinJoinCheck -Id 'host-port' -Status 'fail' -Detail "$url did not return the web page" -FixKey 'checks.host-port.fix' -DetailKey 'checkDetails.host-port.fail' -DetailParams @{ url = $url }
    throw "$url did not answer"
}
Write-WinJoinCheck -Id 'host-port' -Status 'pass' -Detail "$url answers" -DetailKey 'checkDetails.host-port.pass' -DetailParams @{ url = $url }
Complete-WinJoinStep -Changed $changed -Facts @{ url = $url }
