# The simulated machine's state: one JSON file, read-modify-written under an
# exclusive lock because steps run side by side and the kubelet service
# process writes HNS objects while steps read them.

function Get-SimRoot {
    $root = $env:WINJOIN_REHEARSAL_DIR
    if (-not $root) { throw 'WINJOIN_REHEARSAL_DIR is not set: the simulated Windows host only runs inside a rehearsal' }
    return $root
}

function Get-SimMachineRoot { Join-Path (Get-SimRoot) 'machine' }

function ConvertTo-SimLocalPath {
    <# C:\k -> <rehearsal>/machine/C/k (the same mapping as electron/host/rehearsal/paths.ts); other paths unchanged. #>
    param([string] $Path)
    if ($Path -notmatch '^([A-Za-z]):[\\/](.*)$') { return $Path }
    $parts = @($Matches[2] -split '[\\/]+' | Where-Object { $_ })
    # [string[]]: an object[] would bind to Combine(string) as one space-joined string.
    return [IO.Path]::Combine([string[]](@((Get-SimMachineRoot), $Matches[1].ToUpperInvariant()) + $parts))
}

function ConvertFrom-SimLocalPath {
    <# <rehearsal>/machine/C/k -> C:\k, the inverse of ConvertTo-SimLocalPath; other paths unchanged. #>
    param([string] $Path)
    $root = (Get-SimMachineRoot).TrimEnd('/') + '/'
    if (-not $Path.StartsWith($root)) { return $Path }
    $drive, $rest = $Path.Substring($root.Length) -split '/', 2
    return "$($drive):\$(([string]$rest) -replace '/', '\')"
}

function ConvertTo-SimPathList([string] $Value, [ValidateSet('Local', 'Windows')][string] $To) {
    <# Each ';' entry of an environment value (Path) mapped between Windows and rehearsal paths, keeping trailing separators. #>
    if ([string]::IsNullOrEmpty($Value)) { return $Value }
    $entries = foreach ($entry in $Value -split ';') {
        $trail = $entry -match '[\\/]$' -and $entry.Length -gt 3
        if ($To -eq 'Local' -and $entry -match '^[A-Za-z]:[\\/]') { (ConvertTo-SimLocalPath $entry) + $(if ($trail) { '/' }) }
        elseif ($To -eq 'Windows') { $mapped = ConvertFrom-SimLocalPath $entry.TrimEnd('/'); if ($mapped -ne $entry.TrimEnd('/')) { $mapped.TrimEnd('\') + $(if ($trail) { '\' }) } else { $entry } }
        else { $entry }
    }
    return $entries -join ';'
}

function Read-SimJson([string] $Name) {
    $path = Join-Path (Get-SimRoot) $Name
    if (-not [IO.File]::Exists($path)) { return $null }
    # Strings stay strings: ConvertFrom-Json would turn an ISO time (a process's startTime) into a
    # DateTime whose [string] no longer matches the recorded value, so every service would look stopped.
    return ConvertFrom-Json -InputObject ([IO.File]::ReadAllText($path)) -AsHashtable -DateKind String
}

function Get-SimMachine {
    <# A read-only snapshot of the machine. #>
    $machine = Read-SimJson 'machine.json'
    if ($null -eq $machine) { throw "no simulated machine at $(Get-SimRoot); start the rehearsal first" }
    return $machine
}

function Use-SimMachine {
    <# Runs $Action with the machine hashtable under the lock and saves what it changed. #>
    param([Parameter(Mandatory)][scriptblock] $Action)
    $lockPath = Join-Path (Get-SimRoot) 'machine.lock'
    $lock = $null
    for ($i = 0; $i -lt 1000 -and -not $lock; $i++) {
        try { $lock = [IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None') }
        catch [System.IO.IOException] { [Threading.Thread]::Sleep(10) }
    }
    if (-not $lock) { throw "could not lock the simulated machine ($lockPath)" }
    try {
        $machine = Get-SimMachine
        $result = & $Action $machine
        $path = Join-Path (Get-SimRoot) 'machine.json'
        $temp = "$path.$PID.tmp"
        [IO.File]::WriteAllText($temp, (ConvertTo-Json -InputObject $machine -Depth 12))
        [IO.File]::Move($temp, $path, $true)
        return $result
    }
    finally { $lock.Dispose() }
}

function Get-SimFaults { (Get-SimMachine).faults }

function Get-SimClockScale {
    $clock = Read-SimJson 'clock.json'
    if ($clock -and $clock.scale) { return [double]$clock.scale }
    return 1.0
}

function Find-SimKey([hashtable] $Table, [string] $Name) {
    <# Windows names (environment variables, services) are case-insensitive. #>
    foreach ($key in @($Table.Keys)) { if ($key -ieq $Name) { return $key } }
    return $null
}

function Test-SimCidrContains([string] $Cidr, [string] $Address) {
    if (-not $Cidr -or $Address -notmatch '^\d+\.\d+\.\d+\.\d+$') { return $false }
    $net, $bits = $Cidr.Split('/')
    $toNumber = { param($ip) $n = [uint64]0; foreach ($o in $ip.Split('.')) { $n = $n * 256 + [uint64]$o }; $n }
    $mask = if ([int]$bits -eq 0) { [uint64]0 } else { ([uint64]4294967295 -shl (32 - [int]$bits)) -band 0xFFFFFFFF }
    return ((& $toNumber $net) -band $mask) -eq ((& $toNumber $Address) -band $mask)
}
