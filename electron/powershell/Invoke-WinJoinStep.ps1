# The step host: the only script the Node runner starts. It reads the step's
# parameters from a JSON file (never from the command line, never spliced into
# script text), makes the console UTF-8 whatever the code page, loads the
# helper module (and, in a rehearsal, the simulated Windows host ahead of the
# step), runs the step with its parameters splatted, and turns the outcome into
# an exit code: 0 done, 3010 done and restart needed, 1 failed.
param(
    [Parameter(Mandatory)][string] $StepScript,
    [Parameter(Mandatory)][string] $ParamsFile,
    [string] $PreloadModule = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$utf8 = New-Object System.Text.UTF8Encoding($false)
[Console]::OutputEncoding = $utf8
[Console]::InputEncoding = $utf8
$OutputEncoding = $utf8

Import-Module (Join-Path $PSScriptRoot 'WinJoin.psm1') -Force
# The runner's nonce for this run's events: taken out of the environment at once, so
# no tool, child script or service started from here can print a line that passes for an event.
if ($env:WINJOIN_EVENT_NONCE) {
    Set-WinJoinEventNonce -Nonce $env:WINJOIN_EVENT_NONCE
    Remove-Item -LiteralPath Env:WINJOIN_EVENT_NONCE
}
Import-Module (Join-Path $PSScriptRoot 'WinJoin.Native.psm1') -Force
# What an earlier step installed is on the machine PATH, not in the PATH this
# process inherited from the engine.
Update-WinJoinProcessPath
if ($PSVersionTable.PSEdition -eq 'Desktop') { $env:PSModulePath = Remove-WinJoinPwshModulePath $env:PSModulePath }
# Where a step host runs on PowerShell 7 (tests, a rehearsal), quote native
# arguments as Windows PowerShell 5.1 does, so a quoting mistake fails here too.
if (Get-Variable -Name PSNativeCommandArgumentPassing -ErrorAction SilentlyContinue) { $PSNativeCommandArgumentPassing = 'Legacy' }
if ($PreloadModule) {
    # Rehearsal only: the simulated host defines the Windows-only commands as
    # functions, which PowerShell resolves ahead of cmdlets and executables.
    Import-Module $PreloadModule -Force -Global -DisableNameChecking
}

try {
    $json = [System.IO.File]::ReadAllText($ParamsFile, $utf8)
    $parameters = ConvertTo-WinJoinHashtable (ConvertFrom-Json -InputObject $json)
    if ($null -eq $parameters) { $parameters = @{} }
    & $StepScript @parameters
    $outcome = Get-WinJoinStepOutcome
    if ($outcome.RestartRequired) { exit 3010 }
    exit 0
}
catch {
    Write-WinJoinError $_
    exit 1
}
