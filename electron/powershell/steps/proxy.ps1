# Step "proxy": HTTP_PROXY, HTTPS_PROXY and NO_PROXY at machine scope exactly
# as given (the guide's step 2), then a Docker restart so the daemon sees them.
# The cluster CIDR, service CIDR and master IP join NO_PROXY unless opted out
# (T45). An empty HttpProxy/HttpsProxy means "no proxy": only the values
# WinJoin set itself are removed (it keeps salted, slow digests of them, never
# the values, since a proxy URL can hold a password). Values are never printed unmasked.
param(
    [Parameter(Mandatory)][string] $StateDir,
    [AllowEmptyString()][string] $HttpProxy = '',
    [AllowEmptyString()][string] $HttpsProxy = '',
    [string[]] $NoProxy = @(),
    [bool] $AddClusterRanges = $true,
    [string] $ClusterCidr = '',
    [string] $ServiceCidr = '',
    [string] $MasterIp = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$names = 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'
$record = Read-WinJoinRecord -StateDir $StateDir -Name 'proxy'
if (-not $record) { $record = @{} }
$changed = $false

function Restart-DockerIfPresent {
    $docker = Get-Service -Name docker -ErrorAction SilentlyContinue
    if ($docker -and [string]$docker.Status -eq 'Running') { Restart-Service -Name docker -Force }
}

if ($Undo -or (-not $HttpProxy -and -not $HttpsProxy)) {
    foreach ($name in $names) {
        $current = Get-WinJoinMachineEnv -Name $name
        if ($current -and $record.ContainsKey($name) -and (Test-WinJoinValueDigest $current ([string]$record[$name]))) {
            Set-WinJoinMachineEnv -Name $name -Value $null
            Write-Output "$name removed"
            $changed = $true
        }
        elseif ($current) { Write-Output "$name was not set by WinJoin; left as is" }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'proxy'
    if ($changed) { Restart-DockerIfPresent }
    Complete-WinJoinStep -Changed $changed
    return
}

$entries = New-Object System.Collections.Generic.List[string]
foreach ($entry in @($NoProxy)) { if ($entry -and -not $entries.Contains($entry)) { $entries.Add($entry) } }
if ($AddClusterRanges) {
    foreach ($entry in $ClusterCidr, $ServiceCidr, $MasterIp) { if ($entry -and -not $entries.Contains($entry)) { $entries.Add($entry) } }
}
$desired = [ordered]@{ HTTP_PROXY = $HttpProxy; HTTPS_PROXY = $HttpsProxy; NO_PROXY = ($entries -join ',') }

foreach ($name in $names) {
    $value = $desired[$name]
    $current = Get-WinJoinMachineEnv -Name $name
    if ($value -ceq $current) {
        Write-Output "$name unchanged"
        # Kept as recorded when it matches (a new salt each run would rewrite the record for nothing).
        if (-not ($record.ContainsKey($name) -and (Test-WinJoinValueDigest $value ([string]$record[$name])) -and ([string]$record[$name]).StartsWith('pbkdf2'))) { $record[$name] = New-WinJoinValueDigest $value }
        continue
    }
    if (-not $value) {
        # Only remove what WinJoin set before; a value someone else set stays.
        if ($current -and $record.ContainsKey($name) -and (Test-WinJoinValueDigest $current ([string]$record[$name]))) {
            Set-WinJoinMachineEnv -Name $name -Value $null
            $record.Remove($name)
            $changed = $true
        }
        continue
    }
    Set-WinJoinMachineEnv -Name $name -Value $value
    $record[$name] = New-WinJoinValueDigest $value
    Write-Output "$name set to $(Hide-WinJoinSecret $value)"
    $changed = $true
}
Write-WinJoinRecord -StateDir $StateDir -Name 'proxy' -Record $record
if ($changed) { Restart-DockerIfPresent }
Complete-WinJoinStep -Changed $changed -Facts @{ noProxy = $desired.NO_PROXY }
