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
