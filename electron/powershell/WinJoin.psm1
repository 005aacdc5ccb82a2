# WinJoin step helpers: the structured-event protocol between step scripts and
# the Node runner, plus the few primitives every step needs. A structured event
# is one line on stdout: the reserved prefix "##winjoin " followed by JSON.
# Everything else a script prints is transcript, shown to the user as is.
# Works on Windows PowerShell 5.1 (what Windows Server ships) and PowerShell 7.

Set-StrictMode -Version Latest

$script:EventPrefix = '##winjoin '
$script:Completed = $false
$script:RestartRequired = $false

function Set-WinJoinEventNonce {
    <# The runner's nonce for this run (shared/powershell-protocol.ts): events carry it, so a tool's echoed "##winjoin " line stays text. #>
    param([Parameter(Mandatory)][string] $Nonce)
    if ($Nonce -notmatch '^[0-9a-f]{16,64}$') { throw 'the event nonce must be 16 to 64 lowercase hex characters' }
    $script:EventPrefix = "##winjoin:$Nonce "
}

function Write-WinJoinEvent {
    <# Emits one structured event. Values must already be free of secrets. #>
    param([Parameter(Mandatory)][hashtable] $Event)
    $json = ConvertTo-Json -InputObject $Event -Depth 8 -Compress
    [Console]::Out.WriteLine($script:EventPrefix + $json)
    [Console]::Out.Flush()
}

function Write-WinJoinProgress {
    param([Nullable[double]] $Percent = $null, [string] $Message = '')
    Write-WinJoinEvent @{ type = 'progress'; percent = $Percent; message = $Message }
}

function Write-WinJoinCheck {
    <# One prerequisite or verification check: a stable id, pass/warn/fail, a detail and an i18n key for the fix. #>
    param(
        [Parameter(Mandatory)][string] $Id,
        [Parameter(Mandatory)][ValidateSet('pass', 'warn', 'fail')][string] $Status,
        [string] $Detail = '',
        [string] $FixKey = '',
        # checkDetails.<id>.<variant> and its values: the UI words the detail in the reader's language;
        # -Detail stays the English record the log file and the bundle keep.
        [string] $DetailKey = '',
        [hashtable] $DetailParams = @{}
    )
    $event = @{ type = 'check'; id = $Id; status = $Status; detail = $Detail }
    if ($FixKey) { $event.fixKey = $FixKey }
    if ($DetailKey) {
        $values = @{}
        foreach ($name in $DetailParams.Keys) { $values[[string]$name] = [string]$DetailParams[$name] }
        $event.detailKey = $DetailKey
        $event.detailParams = $values
    }
    Write-WinJoinEvent $event
}

function Complete-WinJoinStep {
    <# Reports the step's outcome: whether it changed the machine, whether a restart is needed, and facts for later steps. #>
    param([bool] $Changed = $false, [switch] $RestartRequired, [hashtable] $Facts = @{})
    $script:Completed = $true
    $script:RestartRequired = [bool]$RestartRequired
    Write-WinJoinEvent @{ type = 'result'; changed = $Changed; restartRequired = [bool]$RestartRequired; facts = $Facts }
}

function Write-WinJoinError {
    <# Turns an error record into a structured error event; the Node side matches it against known problems. #>
    param([Parameter(Mandatory)] $ErrorRecord, [string] $Code = '')
    $record = $ErrorRecord
    $event = @{
        type             = 'error'
        message          = [string]$record.Exception.Message
        errorId          = [string]$record.FullyQualifiedErrorId
        category         = [string]$record.CategoryInfo.Category
        scriptStackTrace = [string]$record.ScriptStackTrace
    }
    if ($Code) { $event.code = $Code }
    Write-WinJoinEvent $event
}

function Get-WinJoinStepOutcome {
    <# Used by the step host to choose the exit code. #>
    [pscustomobject]@{ Completed = $script:Completed; RestartRequired = $script:RestartRequired }
}

function ConvertTo-WinJoinHashtable {
    <# ConvertFrom-Json -AsHashtable does not exist on Windows PowerShell 5.1, so convert by hand. #>
    param($InputObject)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [System.Management.Automation.PSCustomObject]) {
        $table = @{}
        foreach ($property in $InputObject.PSObject.Properties) {
            $table[$property.Name] = ConvertTo-WinJoinHashtable $property.Value
        }
        return $table
    }
    if ($InputObject -is [System.Collections.IList] -and $InputObject -isnot [string]) {
        # The leading comma keeps a one-element array an array.
        return , @($InputObject | ForEach-Object { ConvertTo-WinJoinHashtable $_ })
    }
    return $InputObject
}

Export-ModuleMember -Function Set-WinJoinEventNonce, Write-WinJoinEvent, Write-WinJoinProgress, Write-WinJoinCheck, Complete-WinJoinStep,
    Write-WinJoinError, Get-WinJoinStepOutcome, ConvertTo-WinJoinHashtable
