# Step "windows-features" (containerd-kubeadm): the Windows features Windows
# containers need, Containers only (Kubernetes runs no Hyper-V-isolated pods,
# reference 1.2 and T23). The SIG Windows script exits 0 when it only
# installed features and asks for a restart in a sentence; WinJoin reports the
# restart as such (exit 3010), the way the docker step does, and the re-run
# after the restart finds the features installed and changes nothing.
param(
    [Parameter(Mandatory)][string] $StateDir,
    [ValidateSet('Containers')][string[]] $Features = @('Containers'),
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

$record = Read-WinJoinRecord -StateDir $StateDir -Name 'windows-features'
if ($Undo) {
    # Only what this step installed: a feature that was there before WinJoin stays.
    $changed = $false
    $restart = $false
    if ($record) {
        foreach ($name in @($record.installed)) {
            $result = Uninstall-WindowsFeature -Name $name
            if ([string]$result.RestartNeeded -eq 'Yes') { $restart = $true }
            $changed = $true
        }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'windows-features'
    Complete-WinJoinStep -Changed $changed -RestartRequired:$restart
    return
}

$installed = @()
if ($record) { $installed = @($record.installed | Where-Object { $_ }) }
$changed = $false
$restart = $false
foreach ($name in $Features) {
    $feature = Get-WindowsFeature -Name $name
    if (-not $feature) { throw "Windows has no feature named $name; WinJoin needs Windows Server 2022 or 2025" }
    if ($feature.Installed) { Write-Output "$name is installed"; continue }
    Write-WinJoinProgress -Message "Installing the $name feature"
    $result = Install-WindowsFeature -Name $name
    if (-not $result.Success) { throw "Install-WindowsFeature -Name $name did not succeed (exit code $($result.ExitCode))" }
    if ([string]$result.RestartNeeded -eq 'Yes') { $restart = $true }
    if ($installed -notcontains $name) { $installed += $name }
    $changed = $true
}
if ($changed) { Write-WinJoinRecord -StateDir $StateDir -Name 'windows-features' -Record @{ installed = @($installed) } }

if ($restart) {
    Write-Output "A restart is required to finish installing $($Features -join ', '). Restart Windows; WinJoin then resumes the join."
    Complete-WinJoinStep -Changed $true -RestartRequired -Facts @{ features = @($Features) }
    return
}
Complete-WinJoinStep -Changed $changed -Facts @{ features = @($Features) }
