# Step "proxy": the guide's step 2 (HTTP_PROXY, HTTPS_PROXY and NO_PROXY at
# machine scope), then a Docker restart so the daemon sees them. A proxy URL
# may hold a password, and machine variables are readable by every local user
# and inherited by every process (issue 19, point 8): the machine variables
# carry the proxy WITHOUT its user info, and the full values go only into the
# docker service's own Environment (REG_MULTI_SZ under
# HKLM\SYSTEM\CurrentControlSet\Services\docker, a key every user may read by
# default, so WinJoin makes it administrators and SYSTEM only when it holds a
# password), which the SCM merges into dockerd's process (reference T16).
# The cluster CIDR, service CIDR and master IP join NO_PROXY unless opted out
# (T45). An empty HttpProxy/HttpsProxy means "no proxy": only the values
# WinJoin set itself are removed (it keeps salted, slow digests of them, never
# the values). Values are never printed unmasked.
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
$serviceName = 'docker'
$record = Read-WinJoinRecord -StateDir $StateDir -Name 'proxy'
if (-not $record) { $record = @{} }
# Digests of the lines WinJoin wrote into the docker service's Environment, by name.
$serviceRecord = @{}
if ($record.ContainsKey('dockerService') -and $record.dockerService) { $serviceRecord = $record.dockerService }
$changed = $false

function Restart-DockerIfPresent {
    $docker = Get-Service -Name docker -ErrorAction SilentlyContinue
    if ($docker -and [string]$docker.Status -eq 'Running') { Restart-Service -Name docker -Force }
}

function Restore-DockerKeyAcl {
    <# The docker service key gets back the ACL it had before WinJoin's first protection, once no password is left in
       it (recorded as SDDL then). True when it did. #>
    if (-not ($record.ContainsKey('keyAcl') -and $record.keyAcl)) { return $false }
    $acl = [string]$record.keyAcl
    $record.Remove('keyAcl')
    if (-not (Get-Service -Name $serviceName -ErrorAction SilentlyContinue)) { return $false }
    Restore-WinJoinServiceKey -Name $serviceName -Sddl $acl
    Write-Output "the $serviceName service key has its own access rules again"
    return $true
}

function Split-EnvironmentLine([string] $Line) {
    $pair = $Line -split '=', 2
    return @{ Name = $pair[0].ToUpperInvariant(); Value = $(if ($pair.Count -gt 1) { $pair[1] } else { '' }) }
}

function Set-DockerServiceProxy([hashtable] $Desired) {
    <# Replaces the proxy lines WinJoin manages in docker's Environment by $Desired (empty values: none), keeping every
       other line; a proxy line someone else wrote stays unless WinJoin now sets that name. Returns whether it changed. #>
    if (-not (Get-Service -Name $serviceName -ErrorAction SilentlyContinue)) { return $false }
    $current = @(Get-WinJoinServiceEnvironment -Name $serviceName)
    $wanted = New-Object System.Collections.Generic.List[string]
    foreach ($line in $current) {
        $pair = Split-EnvironmentLine $line
        if ($names -notcontains $pair.Name) { $wanted.Add($line); continue }
        $ours = $serviceRecord.ContainsKey($pair.Name) -and (Test-WinJoinValueDigest $pair.Value ([string]$serviceRecord[$pair.Name]))
        if (-not $Desired[$pair.Name] -and -not $ours) { $wanted.Add($line) }
    }
    foreach ($name in $names) {
        if ($Desired[$name]) {
            $wanted.Add("$name=$($Desired[$name])")
            $ok = $serviceRecord.ContainsKey($name) -and (Test-WinJoinValueDigest $Desired[$name] ([string]$serviceRecord[$name])) -and ([string]$serviceRecord[$name]).StartsWith('pbkdf2')
            if (-not $ok) { $serviceRecord[$name] = New-WinJoinValueDigest $Desired[$name] }
        }
        else { $serviceRecord.Remove($name) }
    }
    if ((@($current) -join "`n") -ceq (@($wanted) -join "`n")) { return $false }
    Set-WinJoinServiceEnvironment -Name $serviceName -Environment ([string[]]$wanted.ToArray())
    return $true
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
    if (Set-DockerServiceProxy @{}) {
        Write-Output "the proxy removed from the $serviceName service's environment"
        $changed = $true
    }
    if (Restore-DockerKeyAcl) { $changed = $true }
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
# The service gets the values as given; the machine the same without user info.
$forService = @{ HTTP_PROXY = $HttpProxy; HTTPS_PROXY = $HttpsProxy; NO_PROXY = ($entries -join ',') }
$desired = [ordered]@{ HTTP_PROXY = (Remove-WinJoinUrlCredential $HttpProxy); HTTPS_PROXY = (Remove-WinJoinUrlCredential $HttpsProxy); NO_PROXY = $forService.NO_PROXY }
$credentials = ($desired.HTTP_PROXY -cne $HttpProxy) -or ($desired.HTTPS_PROXY -cne $HttpsProxy)

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
if (Set-DockerServiceProxy $forService) {
    $where = if ($credentials) { ' (with the proxy credentials, which only this service gets)' } else { '' }
    Write-Output "the proxy set in the $serviceName service's environment$where"
    $changed = $true
}
# Users read service keys by default: the key holding the password is made admin and SYSTEM only, and the ACL it had
# before WinJoin's first protection is kept for when no password is left (a later run finds its own ACL).
if ($credentials) {
    $before = Protect-WinJoinServiceKey -Name $serviceName
    if (-not ($record.ContainsKey('keyAcl') -and $record.keyAcl)) { $record.keyAcl = [string]$before }
}
elseif (Restore-DockerKeyAcl) { $changed = $true }
$record['dockerService'] = $serviceRecord
Write-WinJoinRecord -StateDir $StateDir -Name 'proxy' -Record $record
if ($changed) { Restart-DockerIfPresent }
Complete-WinJoinStep -Changed $changed -Facts @{ noProxy = $desired.NO_PROXY; credentialsIn = $(if ($credentials) { 'docker-service' } else { 'none' }) }
