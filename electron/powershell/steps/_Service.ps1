# Dot-sourced by the kubelet and kube-proxy steps: running an SDN start script
# either as a Windows service (nssm wraps powershell.exe, because the 1.9
# binaries cannot be services themselves; stdout/stderr go to the state dir)
# or in its own console window as the guide does.

function Install-WinJoinNssm([string] $InstallDir, [hashtable] $Downloads) {
    $nssm = Join-WinJoinPath $InstallDir 'nssm.exe'
    if (-not $Downloads.ContainsKey('nssm')) {
        if (Test-Path -LiteralPath $nssm) { return $nssm }
        throw 'nssm was not downloaded (Downloads.nssm missing) and is not in the install directory'
    }
    $files = Read-WinJoinZipFolder -ZipPath $Downloads.nssm -Folder 'win64'
    if (-not $files.ContainsKey('nssm.exe')) { throw 'the nssm archive has no win64/nssm.exe' }
    [void](Write-WinJoinFileIfChanged -Path $nssm -Bytes $files['nssm.exe'])
    return $nssm
}

function Invoke-WinJoinNssm([string] $Nssm, [string[]] $Arguments) {
    $result = Invoke-WinJoinExe -FilePath $Nssm -ArgumentList $Arguments
    if ($result.ExitCode -ne 0) { throw "nssm $($Arguments[0]) $($Arguments[1]) failed: $($result.Output -join ' ')" }
    return $result.Output
}

function Get-WinJoinScriptCommandLine([string] $Script, [string[]] $ScriptArguments) {
    $parts = @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $Script) + $ScriptArguments
    return ($parts | ForEach-Object { ConvertTo-WinJoinArgument $_ }) -join ' '
}

function Test-WinJoinServiceCurrent([hashtable] $Config, [string] $Application, [string] $Parameters, [string] $DependOn) {
    # Compared against the registry, never against `nssm get` (UTF-16), so an
    # unchanged service is left alone: a restart would make start-kubelet.ps1
    # recreate the HNS network and break pod networking (defect 5).
    if (-not $Config) { return $false }
    if ($Config.Application -ne $Application -or $Config.AppParameters -ne $Parameters) { return $false }
    return (-not $DependOn) -or (@($Config.DependOnService) -contains $DependOn)
}

function Set-WinJoinScriptService {
    <#
    Registers (or corrects) the service and starts it; returns whether anything changed.
    -NoStart leaves a stopped service stopped (kubeadm join starts kubelet once its flags exist).
    #>
    param([string] $Nssm, [string] $Name, [string] $Script, [string[]] $ScriptArguments, [string] $WorkingDir,
        [string] $LogFile, [string[]] $Environment = @(), [string] $DependOn = '', [switch] $NoStart)
    $parameters = Get-WinJoinScriptCommandLine $Script $ScriptArguments
    # A full path: nssm starts the application itself, without a PATH search it could rely on.
    $application = Get-WinJoinPowerShellPath
    $changed = $false
    $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
    if (-not $service) {
        [void](Invoke-WinJoinNssm $Nssm @('install', $Name, $application))
        $changed = $true
    }
    if ($changed -or -not (Test-WinJoinServiceCurrent (Get-WinJoinServiceConfig -Name $Name) $application $parameters $DependOn)) {
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'Application', $application))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppParameters', $parameters))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppDirectory', $WorkingDir))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppStdout', $LogFile))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppStderr', $LogFile))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppRotateFiles', '1'))
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'AppRotateBytes', '10485760'))
        if ($Environment.Count -gt 0) { [void](Invoke-WinJoinNssm $Nssm (@('set', $Name, 'AppEnvironmentExtra') + $Environment)) }
        if ($DependOn) { [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'DependOnService', $DependOn)) }
        [void](Invoke-WinJoinNssm $Nssm @('set', $Name, 'Start', 'SERVICE_AUTO_START'))
        if ($service -and [string]$service.Status -eq 'Running') { Restart-Service -Name $Name -Force }
        $changed = $true
    }
    if ($NoStart) { return $changed }
    $service = Get-Service -Name $Name
    if ([string]$service.Status -ne 'Running') { Start-Service -Name $Name; $changed = $true }
    return $changed
}

function Start-WinJoinScriptConsole([string] $ProcessName, [string] $Script, [string[]] $ScriptArguments, [string] $WorkingDir) {
    if (Get-Process -Name $ProcessName -ErrorAction SilentlyContinue) { return $false }
    # One pre-quoted string: Windows PowerShell 5.1 joins an array with bare spaces, splitting paths with spaces.
    $arguments = '-NoExit ' + (Get-WinJoinScriptCommandLine $Script $ScriptArguments)
    Start-Process -FilePath (Get-WinJoinPowerShellPath) -ArgumentList $arguments -WorkingDirectory $WorkingDir | Out-Null
    return $true
}

function Remove-WinJoinScriptService([string] $InstallDir, [string] $Name, [string] $ProcessName) {
    $changed = $false
    if (Get-Service -Name $Name -ErrorAction SilentlyContinue) {
        Stop-Service -Name $Name -Force
        [void](Invoke-WinJoinNssm (Join-WinJoinPath $InstallDir 'nssm.exe') @('remove', $Name, 'confirm'))
        $changed = $true
    }
    $processes = @(Get-Process -Name $ProcessName -ErrorAction SilentlyContinue | Where-Object { $_ })
    if ($processes.Count -gt 0) { $processes | Stop-Process -Force; $changed = $true }
    if (Remove-WinJoinNssmIfUnused $InstallDir) { $changed = $true }
    return $changed
}

function Remove-WinJoinNssmIfUnused([string] $InstallDir) {
    # nssm.exe runs every service WinJoin registers (kubelet, and kube-proxy for docker-sdn):
    # it goes with the last of them, so an undo of kube-proxy alone keeps it for kubelet.
    $nssm = Join-WinJoinPath $InstallDir 'nssm.exe'
    if (-not [System.IO.File]::Exists($nssm)) { return $false }
    foreach ($name in 'kubelet', 'kube-proxy') { if (Get-Service -Name $name -ErrorAction SilentlyContinue) { return $false } }
    [System.IO.File]::Delete($nssm)
    return $true
}

function Test-WinJoinRunning([string] $RunAs, [string] $Name, [string] $ProcessName) {
    if ($RunAs -eq 'windows-service') {
        $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
        return [bool]($service -and [string]$service.Status -eq 'Running')
    }
    return [bool](Get-Process -Name $ProcessName -ErrorAction SilentlyContinue)
}

function New-WinJoinRunningWatch([string] $RunAs, [string] $Name, [string] $ProcessName, [int] $GraceSeconds = 60) {
    <#
    Whether the program still runs, polled every few seconds. In a console
    window start-kubelet.ps1 starts a bootstrap kubelet, stops it once the pod
    CIDR is known, builds the network and starts kubelet again (10-30 s with
    no kubelet.exe), so a console program counts as stopped only after it has
    been missing for $GraceSeconds in a row (defect 6). A service is what nssm
    keeps running, so its state counts at once.
    #>
    $watch = @{ RunAs = $RunAs; Name = $Name; ProcessName = $ProcessName; Grace = $GraceSeconds; MissingSince = $null }
    return $watch
}

function Test-WinJoinWatchAlive([hashtable] $Watch, [int] $Elapsed) {
    if (Test-WinJoinRunning $Watch.RunAs $Watch.Name $Watch.ProcessName) { $Watch.MissingSince = $null; return $true }
    if ($Watch.RunAs -eq 'windows-service') { return $false }
    if ($null -eq $Watch.MissingSince) { $Watch.MissingSince = $Elapsed }
    return ($Elapsed - $Watch.MissingSince) -lt $Watch.Grace
}

function Get-WinJoinLogTail([string] $LogFile) {
    if (-not [System.IO.File]::Exists($LogFile)) { return '' }
    return ((Get-Content -LiteralPath $LogFile -Tail 20) | ForEach-Object { Hide-WinJoinSecret $_ }) -join "`n"
}
