# Step "crictl" (containerd-kubeadm): crictl.exe beside containerd (kubeadm
# talks to the runtime through it since 1.24, reference 1.4) and its config
# pointing at containerd's pipe in the URL form kubeadm and crictl require
# (T13). The config is per user, as crictl reads it; kubeadm passes the
# endpoint itself. Then crictl must reach containerd through that config.
param(
    [Parameter(Mandatory)][string] $ContainerdDir,
    [Parameter(Mandatory)][string] $Endpoint,
    # Empty: %USERPROFILE%\.crictl, where crictl looks.
    [string] $ConfigDir = '',
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

if (-not $ConfigDir) {
    if (-not $env:USERPROFILE) { throw 'USERPROFILE is not set, so there is no place for crictl.yaml' }
    $ConfigDir = Join-WinJoinPath $env:USERPROFILE '.crictl'
}
$crictl = Join-WinJoinPath $ContainerdDir 'crictl.exe'
$configFile = Join-WinJoinPath $ConfigDir 'crictl.yaml'

if ($Undo) {
    $changed = $false
    foreach ($path in $crictl, $configFile) {
        if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path); $changed = $true }
    }
    Complete-WinJoinStep -Changed $changed
    return
}

if ($Endpoint -notmatch '^npipe://' -or $Endpoint -match '[\s"]') { throw "the CRI endpoint must be an npipe:// URL (T13): $Endpoint" }
# The containerd step made this directory admin-only; refuse it if that changed since.
[void](Initialize-WinJoinOwnedDirectory -Path $ContainerdDir)

$changed = $false
if ($Downloads.ContainsKey('crictlTarball')) {
    $found = Read-WinJoinTarGzEntries -Path $Downloads.crictlTarball -Names @('crictl.exe')
    if (-not $found.ContainsKey('crictl.exe')) { throw 'the crictl tarball has no crictl.exe' }
    if (Write-WinJoinFileIfChanged -Path $crictl -Bytes $found['crictl.exe']) { $changed = $true }
}
elseif (-not [System.IO.File]::Exists($crictl)) { throw 'crictl was not downloaded (Downloads.crictlTarball missing) and is not installed' }

$yaml = "runtime-endpoint: $Endpoint`nimage-endpoint: $Endpoint`ntimeout: 10`n"
if (Write-WinJoinFileIfChanged -Path $configFile -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($yaml))) {
    Write-Output "wrote $configFile ($Endpoint)"
    $changed = $true
}

# Through the config just written: the same path a person typing crictl takes.
$result = Invoke-WinJoinExe -FilePath $crictl -ArgumentList @('--config', $configFile, 'version')
if ($result.ExitCode -ne 0) { throw "crictl cannot reach containerd at ${Endpoint}: $($result.Output -join "`n")" }
$runtime = [regex]::Match(($result.StdOut -join "`n"), 'RuntimeVersion:\s*v?(\S+)')
$runtimeVersion = if ($runtime.Success) { $runtime.Groups[1].Value } else { '' }
$result.StdOut
Complete-WinJoinStep -Changed $changed -Facts @{ config = $configFile; runtimeVersion = $runtimeVersion }
