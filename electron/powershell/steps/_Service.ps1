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

function Set-WinJoinScriptService {
    <# Registers (or corrects) the service and starts it; returns whether anything changed. #>
    param([string] $Nssm, [string] $Name, [string] $Script, [string[]] $ScriptArguments, [string] $WorkingDir,
        [string] $LogFile, [string[]] $Environment = @(), [string] $DependOn = '')
    $parameters = Get-WinJoinScriptCommandLine $Script $ScriptArguments
    $changed = $false
    $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
    if (-not $service) {
        [void](Invoke-WinJoinNssm $Nssm @('install', $Name, 'powershell.exe'))
        $changed = $true
    }
    $current = if ($changed) { '' } else { ((Invoke-WinJoinNssm $Nssm @('get', $Name, 'AppParameters')) -join '').Trim() }
    if ($changed -or $current -ne $parameters) {
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
    $service = Get-Service -Name $Name
    if ([string]$service.Status -ne 'Running') { Start-Service -Name $Name; $changed = $true }
    return $changed
}

function Start-WinJoinScriptConsole([string] $ProcessName, [string] $Script, [string[]] $ScriptArguments, [string] $WorkingDir) {
    if (Get-Process -Name $ProcessName -ErrorAction SilentlyContinue) { return $false }
    # One pre-quoted string: Windows PowerShell 5.1 joins an array with bare spaces, splitting paths with spaces.
    $arguments = '-NoExit ' + (Get-WinJoinScriptCommandLine $Script $ScriptArguments)
    Start-Process -FilePath 'powershell.exe' -ArgumentList $arguments -WorkingDirectory $WorkingDir | Out-Null
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
    return $changed
}

function Test-WinJoinRunning([string] $RunAs, [string] $Name, [string] $ProcessName) {
    if ($RunAs -eq 'windows-service') {
        $service = Get-Service -Name $Name -ErrorAction SilentlyContinue
        return [bool]($service -and [string]$service.Status -eq 'Running')
    }
    return [bool](Get-Process -Name $ProcessName -ErrorAction SilentlyContinue)
}

function Get-WinJoinLogTail([string] $LogFile) {
    if (-not [System.IO.File]::Exists($LogFile)) { return '' }
    return ((Get-Content -LiteralPath $LogFile -Tail 20) | ForEach-Object { Hide-WinJoinSecret $_ }) -join "`n"
}
