# The rehearsal's simulated Windows Server host. The step host imports it with
# -Global ahead of a step (Invoke-WinJoinStep.ps1 -PreloadModule), so its
# functions shadow the Windows-only cmdlets, the executables and the
# WinJoin.Host primitives listed in ../HOST-COMMANDS.md. Every effect lands in
# <WINJOIN_REHEARSAL_DIR>/machine.json, so it persists from step to step and
# across a simulated restart. Nothing here contacts a non-loopback address:
# simulated addresses are answered in-process or mapped to loopback listeners
# by network.json, and anything else throws.

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../WinJoin.Native.psm1')

foreach ($part in 'State', 'Process', 'Docker', 'Containerd', 'Network', 'Cmdlets', 'Exe') {
    . (Join-Path $PSScriptRoot "Sim.$part.ps1")
}

# Child processes (SDN stand-in scripts, docker/nssm shims) import the same module, with the same pwsh.
$env:WINJOIN_REHEARSAL_MODULE = $PSCommandPath
if (-not $env:WINJOIN_REHEARSAL_PWSH) {
    $found = Get-Command (Get-SimPwsh) -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { $env:WINJOIN_REHEARSAL_PWSH = $found.Source }
}

# The step host runs as the machine's Administrator, whose profile holds per-user settings (crictl.yaml).
# SystemDrive is C: there, as on the machine (a step resolves it with Get-WinJoinFullPath, which maps it).
if ($env:WINJOIN_REHEARSAL_DIR) {
    if (-not $env:USERPROFILE) { $env:USERPROFILE = ConvertTo-SimLocalPath 'C:\Users\Administrator' }
    if (-not $env:SystemDrive) { $env:SystemDrive = 'C:' }
}

# The machine "boots" when the first step after a simulated restart touches it.
Invoke-SimBootIfPending
# This process's PATH is what the machine PATH is now; later changes reach only later processes.
if ($env:WINJOIN_REHEARSAL_DIR -and [IO.File]::Exists((Join-Path $env:WINJOIN_REHEARSAL_DIR 'machine.json'))) { [void](Get-SimProcessPath) }

Export-ModuleMember -Function @(
    # WinJoin.Host primitives
    'Test-WinJoinElevated', 'Get-WinJoinOsVersion', 'Test-WinJoinRestartPending', 'Get-WinJoinMachineEnv', 'Set-WinJoinMachineEnv',
    'Get-WinJoinFreeBytes', 'Test-WinJoinPortFree', 'Test-WinJoinAdminOnlyAcl', 'Set-WinJoinAdminOnlyAcl', 'Enable-WinJoinTls12',
    'Get-WinJoinHostName', 'Invoke-WinJoinExe', 'Get-WinJoinServiceConfig', 'Get-WinJoinServiceEnvironment', 'Set-WinJoinServiceEnvironment', 'Protect-WinJoinServiceKey', 'Restore-WinJoinServiceKey',
    'Get-WinJoinPowerShellPath', 'Invoke-WinJoinHttpGet', 'Get-WinJoinRootCertificatePem', 'Get-WinJoinFullPath',
    # Windows cmdlets
    'Get-WindowsFeature', 'Install-WindowsFeature', 'Uninstall-WindowsFeature',
    'Get-Service', 'Start-Service', 'Stop-Service', 'Restart-Service', 'Set-Service', 'New-Service',
    'Get-PackageProvider', 'Install-PackageProvider', 'Install-Module', 'Install-Package', 'Uninstall-Package',
    'Get-NetAdapter', 'Get-NetIPAddress', 'Get-NetRoute', 'New-NetRoute', 'Remove-NetRoute', 'Get-CimInstance',
    'Get-HnsNetwork', 'Get-HnsEndpoint', 'Get-HnsPolicyList', 'New-HNSNetwork', 'New-HnsEndpoint', 'Attach-HnsHostEndpoint',
    'Remove-HnsNetwork', 'Remove-HnsPolicyList',
    'Get-Process', 'Stop-Process', 'Start-Process', 'Invoke-WebRequest', 'Start-Sleep', 'Get-ExecutionPolicy', 'Get-Acl',
    'Get-NetFirewallRule', 'New-NetFirewallRule', 'Remove-NetFirewallRule', 'Get-NetFirewallPortFilter',
    # Executables the SDN stand-in scripts call by name
    'hostname', 'netsh',
    # Rehearsal plumbing (used by the shims and tests)
    'Invoke-SimDocker', 'Invoke-SimNssm', 'Invoke-SimContainerdTool', 'Get-SimMachine', 'Use-SimMachine', 'Invoke-SimBootIfPending'
)
