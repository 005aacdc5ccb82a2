# Step "path-env": the install directory on the machine PATH, once, and
# KUBECONFIG pointing at its config (the guide's steps 8-9, at machine scope
# so services and new consoles see them).
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$kubeconfig = Join-WinJoinPath $InstallDir 'config'
$path = Get-WinJoinMachineEnv -Name 'Path'
$changed = $false
if ($Undo) {
    $updated = Remove-WinJoinPathEntry $path $InstallDir
    if ($updated -ne $path) { Set-WinJoinMachineEnv -Name 'Path' -Value $updated; $changed = $true }
    if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -eq $kubeconfig) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $null; $changed = $true }
    Complete-WinJoinStep -Changed $changed
    return
}

$updated = Add-WinJoinPathEntry $path $InstallDir
if ($updated -ne $path) { Set-WinJoinMachineEnv -Name 'Path' -Value $updated; $changed = $true; Write-Output "$InstallDir added to the machine PATH" }
else { Write-Output "$InstallDir already on the machine PATH" }
if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -ne $kubeconfig) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $kubeconfig; $changed = $true }
# This process and its children (later steps) see the change without a new logon.
$env:KUBECONFIG = $kubeconfig
Complete-WinJoinStep -Changed $changed
