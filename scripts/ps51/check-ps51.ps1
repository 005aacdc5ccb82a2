# The Windows PowerShell 5.1 compatibility check: every script WinJoin ships
# to Windows runs under powershell.exe 5.1, while every test here runs pwsh 7.
# Parses each file with PowerShell's own parser and reports what 5.1 would
# reject or do differently:
#   - PowerShell 7-only syntax: ?? and ??=, ?. and ?[], ternary a ? b : c,
#     pipeline chains && and ||, a trailing & (background job), clean blocks;
#   - PowerShell 7-only cmdlets, and parameters 5.1's cmdlets do not have
#     (against ps51-inventory.json, from PSScriptAnalyzer's 5.1 data);
#   - a native-command argument containing a double quote (5.1 does not escape it);
#   - non-ASCII characters in a file without a UTF-8 BOM (5.1 reads it as ANSI);
#   - Invoke-WebRequest / Invoke-RestMethod without -UseBasicParsing (5.1
#     otherwise needs Internet Explorer's engine).
# Prints one "file:line: problem" per finding, then "ps51: N passed, N failed"
# (files), and exits 1 when anything was found.
param(
    [string[]] $Path = @(),
    [string] $InventoryFile = (Join-Path $PSScriptRoot 'ps51-inventory.json')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# One comma-separated string too, as `pwsh -File` hands a list over.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if ($Path.Count -eq 0) {
    # What ships to Windows: the step host, its modules, the steps and the system scripts.
    # The rehearsal's simulated host and the Pester tests run on pwsh 7 only.
    $root = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'electron/powershell'
    $Path = @(Get-ChildItem -LiteralPath $root -File | Where-Object Extension -in '.ps1', '.psm1' | ForEach-Object FullName) +
    @(foreach ($dir in 'steps', 'system') { Get-ChildItem -LiteralPath (Join-Path $root $dir) -File -Recurse -Include '*.ps1', '*.psm1' | ForEach-Object FullName })
}

$inventory = (Get-Content -LiteralPath $InventoryFile -Raw | ConvertFrom-Json).commands
$known51 = @{}
foreach ($property in $inventory.PSObject.Properties) { $known51[$property.Name] = @($property.Value.parameters) }
$common = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable',
    'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm',
    'vb', 'db', 'ea', 'wa', 'infa', 'ev', 'wv', 'iv', 'ov', 'ob', 'pv', 'wi', 'cf')
# Commands that start a native program with an argument array.
$nativeRunners = @('Invoke-WinJoinExe', 'Invoke-WinJoinProcess')

$commandCache = @{}
function Get-Pwsh7Command([string] $Name) {
    <# What this pwsh resolves the name to (cached: the lookup can load modules). #>
    if (-not $commandCache.ContainsKey($Name)) {
        $commandCache[$Name] = Get-Command -Name $Name -CommandType Cmdlet, Function -ErrorAction SilentlyContinue | Select-Object -First 1
    }
    return $commandCache[$Name]
}

function Test-Ps7OnlyCommand([string] $Name) {
    <# A command pwsh 7 ships in its own modules that 5.1 does not have. #>
    $command = Get-Pwsh7Command $Name
    return [bool]($command -and $command.Source -match '^(Microsoft\.PowerShell\.|CimCmdlets$|ThreadJob$|Microsoft\.WSMan)')
}

function Test-KnownParameter([string[]] $Parameters, [string] $Used) {
    if ($common -contains $Used -or $Parameters -contains $Used) { return $true }
    # PowerShell accepts an unambiguous prefix of a parameter name.
    return @($Parameters | Where-Object { $_.StartsWith($Used, [StringComparison]::OrdinalIgnoreCase) }).Count -eq 1
}

function Get-QuotedStringArgument($Ast) {
    <# String constants inside an argument that hold a double quote (the value, not the source quoting). #>
    @($Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -or $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] }, $true) |
        Where-Object { $_.Value -and $_.Value.Contains('"') })
}

function Find-Ps51Problem([string] $File) {
    $problems = New-Object System.Collections.Generic.List[string]
    $add = { param($line, $text) $problems.Add("${File}:${line}: $text") }
    $bytes = [IO.File]::ReadAllBytes($File)
    $bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $bom) {
        $index = [Array]::FindIndex($bytes, [Predicate[byte]] { param($b) $b -ge 0x80 })
        if ($index -ge 0) {
            $line = 1 + @($bytes[0..$index] | Where-Object { $_ -eq 10 }).Count
            & $add $line 'non-ASCII character in a file without a UTF-8 BOM: Windows PowerShell 5.1 reads it in the ANSI code page'
        }
    }
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$errors)
    foreach ($e in @($errors)) { & $add $e.Extent.StartLineNumber "parse error: $($e.Message)" }
    $defined = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object Name)

    foreach ($node in $ast.FindAll({ $true }, $true)) {
        $line = $node.Extent.StartLineNumber
        switch ($node.GetType().Name) {
            'TernaryExpressionAst' { & $add $line 'ternary operator ?: is PowerShell 7 only; use if/else' }
            'PipelineChainAst' { & $add $line 'pipeline chain && / || is PowerShell 7 only; use if ($?) or $LASTEXITCODE' }
            'BinaryExpressionAst' { if ($node.Operator -eq 'QuestionQuestion') { & $add $line 'null-coalescing ?? is PowerShell 7 only; use if ($null -eq ...)' } }
            'AssignmentStatementAst' { if ($node.Operator -eq 'QuestionQuestionEquals') { & $add $line 'null-coalescing assignment ??= is PowerShell 7 only' } }
            'MemberExpressionAst' { if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $add $line 'null-conditional ?. is PowerShell 7 only' } }
            'InvokeMemberExpressionAst' { if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $add $line 'null-conditional ?. is PowerShell 7 only' } }
            'IndexExpressionAst' { if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $add $line 'null-conditional ?[] is PowerShell 7 only' } }
            'PipelineAst' { if ($node.PSObject.Properties['Background'] -and $node.Background) { & $add $line 'a trailing & (background job) is PowerShell 7 only; use Start-Job' } }
            'ScriptBlockAst' { if ($node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { & $add $line 'a clean block is PowerShell 7 only' } }
            'CommandAst' {
                $name = $node.GetCommandName()
                $elements = @($node.CommandElements)
                if ($name -and $defined -notcontains $name) {
                    if ($known51.ContainsKey($name)) {
                        foreach ($parameter in @($elements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })) {
                            if (-not (Test-KnownParameter $known51[$name] $parameter.ParameterName)) {
                                & $add $line "-$($parameter.ParameterName) is not a parameter of $name in Windows PowerShell 5.1"
                            }
                        }
                        if ($name -in 'Invoke-WebRequest', 'Invoke-RestMethod' -and -not @($elements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and $_.ParameterName -eq 'UseBasicParsing' }).Count) {
                            & $add $line "$name without -UseBasicParsing needs Internet Explorer's engine in Windows PowerShell 5.1"
                        }
                    }
                    elseif (Test-Ps7OnlyCommand $name) { & $add $line "$name is not in Windows PowerShell 5.1" }
                }
                # A native program: a name that is a file (kubectl.exe, C:\k\nssm.exe) or one run with & from a variable.
                $native = ($name -and $name -match '\.exe$') -or ($node.InvocationOperator -ne 'Unknown' -and $elements[0] -isnot [System.Management.Automation.Language.ScriptBlockExpressionAst] -and
                    -not ($name -and (Get-Pwsh7Command $name)) -and -not ($name -and $defined -contains $name))
                $checked = if ($native) { @($elements | Select-Object -Skip 1) }
                elseif ($nativeRunners -contains $name) {
                    $at = [Array]::FindIndex([object[]]$elements, [Predicate[object]] { param($e) $e -is [System.Management.Automation.Language.CommandParameterAst] -and $e.ParameterName -eq 'ArgumentList' })
                    if ($at -ge 0 -and $at + 1 -lt $elements.Count) { @($elements[$at + 1]) } else { @() }
                }
                else { @() }
                foreach ($argument in $checked) {
                    foreach ($quoted in Get-QuotedStringArgument $argument) {
                        & $add $quoted.Extent.StartLineNumber "native-command argument with a double quote ($($quoted.Extent.Text)): Windows PowerShell 5.1 passes it mangled"
                    }
                }
            }
        }
    }
    return , $problems
}

$failedFiles = 0
foreach ($file in $Path) {
    $problems = Find-Ps51Problem $file
    foreach ($problem in $problems) { Write-Output $problem }
    if ($problems.Count -gt 0) { $failedFiles++ }
}
Write-Output "ps51: $($Path.Count - $failedFiles) passed, $failedFiles failed"
if ($failedFiles -gt 0) { exit 1 }
exit 0
