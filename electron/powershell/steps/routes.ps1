# Step "routes" (host-gateway topology only): the SDN AddRoutes.ps1 -MasterIp
# (the guide's step 14) adds a route to every other node's pod CIDR and a /32
# to the master. AddRoutes.ps1 is not idempotent, so it runs only when a route
# is missing; the routes it added are recorded so undo removes just those.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $MasterIp,
    [Parameter(Mandatory)][string] $ClusterCidr,
    [string] $NodeName = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

if (-not (Test-WinJoinIpv4 $MasterIp)) { throw "master IP is not an IPv4 address: $MasterIp" }
function Get-Routes { @(Get-NetRoute -AddressFamily IPv4 -ErrorAction SilentlyContinue | Where-Object { $_ }) }

if ($Undo) {
    $record = Read-WinJoinRecord -StateDir $StateDir -Name 'routes'
    $removed = 0
    if ($record) {
        foreach ($route in @($record.added)) {
            $present = Get-Routes | Where-Object { $_.DestinationPrefix -eq $route.prefix -and $_.InterfaceAlias -eq $route.alias }
            if ($present) { Remove-NetRoute -DestinationPrefix $route.prefix -InterfaceAlias $route.alias -Confirm:$false; $removed++ }
        }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'routes'
    Complete-WinJoinStep -Changed ($removed -gt 0) -Facts @{ removed = $removed }
    return
}

if (-not (Get-NetAdapter | Where-Object { $_.Name -like 'vEthernet (Ethernet*' })) {
    throw "No 'vEthernet (Ethernet*)' adapter yet; AddRoutes.ps1 would say: Do you have a virtual adapter configured? Couldn't find one! (T13: run after kubelet created the L2Bridge network)"
}

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
$kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'
# -o json read here: a jsonpath with {"\n"} would reach kubectl mangled from Windows PowerShell 5.1.
$nodes = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @("--kubeconfig=$(Join-WinJoinPath $InstallDir 'config')", 'get', 'nodes', '-o', 'json')
if ($nodes.ExitCode -ne 0) { throw "kubectl get nodes failed: $($nodes.Output -join "`n")" }
$wanted = @("$MasterIp/32")
foreach ($node in @((ConvertFrom-Json -InputObject ($nodes.StdOut -join "`n")).items)) {
    $cidr = if ($node.spec.PSObject.Properties['podCIDR']) { [string]$node.spec.podCIDR } else { '' }
    if ($node.metadata.name -ne $name -and (Test-WinJoinCidr $cidr)) { $wanted += $cidr }
}

$before = Get-Routes
$missing = @($wanted | Where-Object { $prefix = $_; -not ($before | Where-Object { $_.DestinationPrefix -eq $prefix }) })
if ($missing.Count -eq 0) {
    Write-Output "routes already present: $($wanted -join ', ')"
    Complete-WinJoinStep -Changed $false -Facts @{ routes = $wanted }
    return
}

$script = Join-WinJoinPath $InstallDir 'AddRoutes.ps1'
$result = Invoke-WinJoinExe -FilePath (Get-WinJoinPowerShellPath) -ArgumentList @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $script, '-MasterIp', $MasterIp)
$result.Output | ForEach-Object { Write-Output $_ }
if ($result.ExitCode -ne 0) { throw "AddRoutes.ps1 failed (exit $($result.ExitCode)): $($result.Output -join "`n")" }

$after = Get-Routes
$added = @($after | Where-Object {
        $route = $_
        -not ($before | Where-Object { $_.DestinationPrefix -eq $route.DestinationPrefix -and $_.InterfaceAlias -eq $route.InterfaceAlias })
    } | ForEach-Object { @{ prefix = $_.DestinationPrefix; alias = $_.InterfaceAlias } })
$previous = Read-WinJoinRecord -StateDir $StateDir -Name 'routes'
$all = @(if ($previous) { @($previous.added) }) + $added
Write-WinJoinRecord -StateDir $StateDir -Name 'routes' -Record @{ added = $all }
$still = @($wanted | Where-Object { $prefix = $_; -not ($after | Where-Object { $_.DestinationPrefix -eq $prefix }) })
if ($still.Count -gt 0) {
    Write-WinJoinCheck -Id 'routes-present' -Status 'fail' -Detail "still no route to $($still -join ', ')" -FixKey 'checks.routes-present.fix' -DetailKey 'checkDetails.routes-present.fail' -DetailParams @{ routes = ($still -join ', ') }
    throw "AddRoutes.ps1 did not add routes to $($still -join ', ')"
}
Write-WinJoinCheck -Id 'routes-present' -Status 'pass' -Detail ($wanted -join ', ') -DetailKey 'checkDetails.routes-present.pass' -DetailParams @{ routes = ($wanted -join ', ') }
Complete-WinJoinStep -Changed $true -Facts @{ routes = $wanted }
