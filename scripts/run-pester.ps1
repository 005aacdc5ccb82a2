# Runs every Pester suite under electron/powershell/tests with the pinned
# Pester, prints "Pester: N passed, N failed" last, writes the counts as JSON
# when asked (scripts/test-all.mjs reads them) and exits non-zero on failure.
param([string] $ResultFile = '')

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $root '.tools/pester/5.9.1/tools/Pester.psd1') -Force
# Native arguments quoted as Windows PowerShell 5.1 quotes them, so a script
# that relies on PowerShell 7's escaping fails here as it would on Windows.
$global:PSNativeCommandArgumentPassing = 'Legacy'

$config = New-PesterConfiguration
$config.Run.Path = Join-Path $root 'electron/powershell/tests'
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config

$passed = $result.PassedCount
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($ResultFile) {
    $dir = Split-Path -Parent $ResultFile
    if ($dir) { [void][IO.Directory]::CreateDirectory($dir) }
    [IO.File]::WriteAllText($ResultFile, (ConvertTo-Json @{ passed = $passed; failed = $failed }))
}
Write-Output "Pester: $passed passed, $failed failed"
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
