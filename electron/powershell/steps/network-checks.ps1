# Step "network-checks": the guide's step 15. The master answers ping from the
# node, the l2bridge HNS network exists and the node's cbr0 address answers.
# Changes nothing; fails when the node cannot reach the master.
param(
    [Parameter(Mandatory)][string] $MasterIp,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

if (-not (Test-WinJoinIpv4 $MasterIp)) { throw "master IP is not an IPv4 address: $MasterIp" }
function Test-Ping([string] $Ip) { (Invoke-WinJoinExe -FilePath 'ping.exe' -ArgumentList @('-n', '2', '-w', '2000', $Ip)).ExitCode -eq 0 }

$failed = @()
if (Test-Ping $MasterIp) { Write-WinJoinCheck -Id 'node-to-master' -Status 'pass' -Detail "$MasterIp answers ping" -DetailKey 'checkDetails.node-to-master.pass' -DetailParams @{ ip = $MasterIp } }
else {
    Write-WinJoinCheck -Id 'node-to-master' -Status 'fail' -Detail "$MasterIp does not answer ping from this node" -FixKey 'checks.node-to-master.fix' -DetailKey 'checkDetails.node-to-master.fail' -DetailParams @{ ip = $MasterIp }
    $failed += 'node-to-master'
}

$network = Get-HnsNetwork | Where-Object { $_.Name -ieq 'l2bridge' }
if ($network) { Write-WinJoinCheck -Id 'hns-network' -Status 'pass' -Detail 'HNS network l2bridge exists' -DetailKey 'checkDetails.hns-network.pass' }
else {
    Write-WinJoinCheck -Id 'hns-network' -Status 'fail' -Detail 'no HNS network l2bridge (T11)' -FixKey 'checks.hns-network.fix' -DetailKey 'checkDetails.hns-network.fail'
    $failed += 'hns-network'
}

$cbr0 = @(Get-NetIPAddress -InterfaceAlias 'vEthernet (cbr0)' -AddressFamily IPv4 -ErrorAction SilentlyContinue) | Select-Object -First 1
$gateway = ''
if (-not $cbr0) {
    Write-WinJoinCheck -Id 'cbr0-gateway' -Status 'fail' -Detail 'no IPv4 address on vEthernet (cbr0)' -FixKey 'checks.cbr0-gateway.fix' -DetailKey 'checkDetails.cbr0-gateway.noAddress'
    $failed += 'cbr0-gateway'
}
else {
    $gateway = [string]$cbr0.IPAddress
    if (Test-Ping $gateway) { Write-WinJoinCheck -Id 'cbr0-gateway' -Status 'pass' -Detail "cbr0 $gateway answers ping" -DetailKey 'checkDetails.cbr0-gateway.pass' -DetailParams @{ ip = $gateway } }
    else {
        Write-WinJoinCheck -Id 'cbr0-gateway' -Status 'fail' -Detail "cbr0 $gateway does not answer ping" -FixKey 'checks.cbr0-gateway.fix' -DetailKey 'checkDetails.cbr0-gateway.fail' -DetailParams @{ ip = $gateway }
        $failed += 'cbr0-gateway'
    }
}
if ($failed.Count -gt 0) { throw "network checks failed: $($failed -join ', ')" }
Complete-WinJoinStep -Changed $false -Facts @{ cbr0 = $gateway }
