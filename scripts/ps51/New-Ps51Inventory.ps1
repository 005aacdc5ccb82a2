# Builds ps51-inventory.json: the cmdlets and functions Windows PowerShell 5.1
# ships on Windows Server, each with its parameter names, for check-ps51.ps1.
#
# Source: PSScriptAnalyzer's command data for Windows PowerShell 5.1 on
# Windows Server 2016 (Engine/Settings/desktop-5.1.14393.206-windows.json in
# github.com/PowerShell/PSScriptAnalyzer). Server 2019 and 2022 ship the same
# Windows PowerShell 5.1 engine and core modules; the newer per-build profiles
# (PSCompatibilityCollector/profiles) are too large to keep a copy of. Only
# names are kept: module, command, parameter names (the facts), for the core
# modules and the Windows modules WinJoin's scripts call.
#
#   pwsh -File scripts/ps51/New-Ps51Inventory.ps1 -Source <desktop-5.1.14393.206-windows.json>
param([Parameter(Mandatory)][string] $Source, [string] $OutFile = (Join-Path $PSScriptRoot 'ps51-inventory.json'))

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$keep = '^(Microsoft\.PowerShell\.|CimCmdlets$|Microsoft\.WSMan\.Management$|PSDiagnostics$|NetAdapter$|NetTCPIP$|NetSecurity$|ScheduledTasks$|Dism$|PKI$)'
$data = Get-Content -LiteralPath $Source -Raw | ConvertFrom-Json
$commands = [ordered]@{}
foreach ($module in @($data.Modules | Where-Object { $_.Name -match $keep } | Sort-Object Name)) {
    foreach ($command in @($module.ExportedCommands | Where-Object { $_ } | Sort-Object Name)) {
        # "ParameterSets" is the syntax line(s): every "-Name" in it is a parameter.
        $names = @([regex]::Matches([string]$command.ParameterSets, '-([A-Za-z][A-Za-z0-9]*)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $commands[$command.Name] = [ordered]@{ module = $module.Name; parameters = $names }
    }
}
$inventory = [ordered]@{
    source   = 'github.com/PowerShell/PSScriptAnalyzer Engine/Settings/desktop-5.1.14393.206-windows.json (Windows PowerShell 5.1, Windows Server)'
    commands = $commands
}
[IO.File]::WriteAllText($OutFile, (ConvertTo-Json -InputObject $inventory -Depth 5) + "`n")
"$($commands.Count) commands written to $OutFile"
