# Simulated processes: the SDN scripts the services and console windows run
# are real pwsh processes (each in its own session), recorded in the machine
# state by name and pid; stopping one ends its whole tree (the kubelet or
# kube-proxy it started), as nssm and the SCM do.

function Get-SimPwsh {
    if ($env:WINJOIN_REHEARSAL_PWSH) { return $env:WINJOIN_REHEARSAL_PWSH }
    $candidate = Join-Path $PSHOME 'pwsh'
    if ([IO.File]::Exists($candidate)) { return $candidate }
    return 'pwsh'
}

function Test-SimPidAlive([int] $ProcessId, [string] $StartTime) {
    if ($ProcessId -le 0) { return $false }
    try {
        $process = [Diagnostics.Process]::GetProcessById($ProcessId)
        if ($process.HasExited) { return $false }
        # A recycled pid belongs to someone else. .NET derives StartTime on Linux from the boot time,
        # which each process computes anew, so the same process reads a few microseconds apart from
        # two processes: equal within a second, not to the tick.
        if (-not $StartTime) { return $true }
        $recorded = [DateTime]::Parse($StartTime, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind)
        return [math]::Abs(($process.StartTime.ToUniversalTime() - $recorded.ToUniversalTime()).TotalSeconds) -lt 1
    }
    catch { return $false }
}

function Split-SimCommandLine([string] $Line) {
    <# CommandLineToArgvW's rules, enough for the strings ConvertTo-WinJoinArgument builds. #>
    $parts = New-Object System.Collections.Generic.List[string]
    $current = New-Object System.Text.StringBuilder
    $quoted = $false; $any = $false
    for ($i = 0; $i -lt $Line.Length; $i++) {
        $c = $Line[$i]
        if ($c -eq '\') {
            $n = 0
            while ($i -lt $Line.Length -and $Line[$i] -eq '\') { $n++; $i++ }
            if ($i -lt $Line.Length -and $Line[$i] -eq '"') {
                [void]$current.Append('\' * [math]::Floor($n / 2))
                if ($n % 2 -eq 1) { [void]$current.Append('"') } else { $quoted = -not $quoted }
                $any = $true
            }
            else { [void]$current.Append('\' * $n); $i--; $any = $true }
        }
        elseif ($c -eq '"') { $quoted = -not $quoted; $any = $true }
        elseif (-not $quoted -and [char]::IsWhiteSpace($c)) {
            if ($any) { $parts.Add($current.ToString()); [void]$current.Clear(); $any = $false }
        }
        else { [void]$current.Append($c); $any = $true }
    }
    if ($any) { $parts.Add($current.ToString()) }
    return , $parts.ToArray()
}

function Start-SimProcess {
    <# Starts a detached process in its own session, output appended to $LogFile; returns @{ pid; startTime }. #>
    param([string] $FilePath, [string[]] $Arguments, [string] $WorkingDirectory, [string] $LogFile, [hashtable] $Environment = @{})
    if (-not $LogFile) { $LogFile = '/dev/null' }
    else { [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($LogFile)) }
    $psi = New-Object Diagnostics.ProcessStartInfo
    $psi.FileName = '/bin/sh'
    $psi.UseShellExecute = $false
    foreach ($a in @('-c', 'exec setsid "$0" "$@" >>"$WINJOIN_SIM_LOG" 2>&1 </dev/null', $FilePath) + @($Arguments)) { $psi.ArgumentList.Add([string]$a) }
    if ($WorkingDirectory -and [IO.Directory]::Exists($WorkingDirectory)) { $psi.WorkingDirectory = $WorkingDirectory }
    $psi.Environment['WINJOIN_SIM_LOG'] = $LogFile
    $psi.Environment['WINJOIN_REHEARSAL_DIR'] = Get-SimRoot
    $psi.Environment['WINJOIN_REHEARSAL_MODULE'] = $env:WINJOIN_REHEARSAL_MODULE
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = [string]$Environment[$key] }
    $process = [Diagnostics.Process]::Start($psi)
    return @{ pid = $process.Id; startTime = $process.StartTime.ToUniversalTime().ToString('o') }
}

function Get-SimProcessTable {
    <# pid -> @{ ppid; pgid } of every live process, from /proc (a zombie has ended: only its parent's wait is missing). #>
    $table = @{}
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        $name = [IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        try { $stat = [IO.File]::ReadAllText("$dir/stat") } catch { continue }
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so fields count from the last ')'.
        $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
        if ($fields[0] -eq 'Z') { continue }
        $table[[int]$name] = @{ ppid = [int]$fields[1]; pgid = [int]$fields[2] }
    }
    return $table
}

function Get-SimProcessTree([int] $ProcessId, [bool] $WithRoot = $true) {
    <#
    The process, its process group and every descendant, wherever it moved (setsid): what nssm's
    AppKillProcessTree ends. Without the root when its pid may have been reused by someone else.
    #>
    $table = Get-SimProcessTable
    $tree = New-Object System.Collections.Generic.HashSet[int]
    foreach ($p in $table.Keys) { if (($WithRoot -and $p -eq $ProcessId) -or $table[$p].pgid -eq $ProcessId) { [void]$tree.Add($p) } }
    do {
        $grew = $false
        foreach ($p in $table.Keys) {
            if (-not $tree.Contains($p) -and $tree.Contains($table[$p].ppid)) { [void]$tree.Add($p); $grew = $true }
        }
    } while ($grew)
    return , @($tree)
}

function Stop-SimPid([int] $ProcessId, [string] $StartTime, [int] $WaitMilliseconds = 4500) {
    <#
    Ends the process and its tree as nssm does (AppKillProcessTree, on by default): asked to stop
    first, killed when it has not after the wait (nssm's three stop methods, 1500 ms each). Returns once all of it is gone, as Stop-Service
    returns once the service stopped. $StartTime: the recorded one, so a reused pid is left alone.
    #>
    if ($ProcessId -le 0) { return }
    $withRoot = Test-SimPidAlive $ProcessId $StartTime
    $killAt = [DateTime]::UtcNow.AddMilliseconds($WaitMilliseconds)
    $giveUpAt = $killAt.AddSeconds(5)
    while ([DateTime]::UtcNow -lt $giveUpAt) {
        $tree = Get-SimProcessTree $ProcessId $withRoot
        if (-not $tree.Count) { return }
        $signal = if ([DateTime]::UtcNow -lt $killAt) { 'TERM' } else { 'KILL' }
        & /bin/sh -c 'kill -s "$0" "$@" 2>/dev/null; true' $signal @($tree | ForEach-Object { [string]$_ }) | Out-Null
        Start-Sleep -Milliseconds 100
    }
    Write-Warning "rehearsal: processes of $ProcessId still alive after SIGKILL: $((Get-SimProcessTree $ProcessId $withRoot) -join ', ')"
}

function Get-SimScriptProcessName([string[]] $Arguments) {
    $script = [IO.Path]::GetFileName((@($Arguments) | Where-Object { $_ -match '\.ps1$' } | Select-Object -First 1))
    switch -Regex ($script) {
        '^start-kubelet' { return 'kubelet' }
        '^start-kubeproxy' { return 'kube-proxy' }
        default { return 'powershell' }
    }
}

function Start-SimPowerShell {
    <# powershell.exe <args> as a detached pwsh: -NoExit has no console to keep here, so it is dropped. #>
    param([string[]] $Arguments, [string] $WorkingDirectory, [string] $LogFile, [hashtable] $Environment = @{})
    $clean = @($Arguments | Where-Object { $_ -ne '-NoExit' })
    return Start-SimProcess -FilePath (Get-SimPwsh) -Arguments $clean -WorkingDirectory $WorkingDirectory -LogFile $LogFile -Environment $Environment
}
