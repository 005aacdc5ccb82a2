# Dot-sourced by every step: loads the event protocol, the pure helpers, the
# native-command runner and,
# unless a simulated host already defined them (rehearsal), the host primitives.
$winJoinRoot = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $winJoinRoot 'WinJoin.psm1')
Import-Module (Join-Path $winJoinRoot 'WinJoin.Steps.psm1')
Import-Module (Join-Path $winJoinRoot 'WinJoin.Native.psm1')
if (-not (Get-Command Invoke-WinJoinExe -ErrorAction SilentlyContinue)) {
    Import-Module (Join-Path $winJoinRoot 'WinJoin.Host.psm1')
}

# The install directory is WinJoin's before a step writes into it: created
# admin-only, or refused (with the fix) when it is a junction or someone else
# owns it or may write there. Only the steps that place files there (the
# first of them creates it; checks must not change the machine); an undo only
# removes, so it checks nothing. $MyInvocation here names the step that
# dot-sourced this file.
Import-Module (Join-Path $winJoinRoot 'WinJoin.SecureDirectory.psm1')
$winJoinStep = [System.IO.Path]::GetFileNameWithoutExtension([string]$MyInvocation.PSCommandPath)
$winJoinInstallDir = Get-Variable -Name InstallDir -ValueOnly -ErrorAction SilentlyContinue
$winJoinUndo = Get-Variable -Name Undo -ValueOnly -ErrorAction SilentlyContinue
if ($winJoinInstallDir -and -not $winJoinUndo -and @('scripts', 'kubeconfig', 'kubeconfig-keys', 'binaries', 'pause-image', 'kubelet', 'kube-proxy', 'kube-binaries', 'kubelet-service') -contains $winJoinStep) {
    [void](Initialize-WinJoinOwnedDirectory -Path $winJoinInstallDir)
}
