# Before a restart the join asked for, make WinJoin come back by itself: a
# scheduled task that starts WinJoin elevated at the next logon of the same
# administrator, with the arguments that resume the join. WinJoin removes the
# task when it starts from it (-Remove), so it runs once. With -RestartNow the
# computer restarts right after the task is registered.
param(
    [Parameter(Mandatory)][string] $ExePath,
    [string[]] $Arguments = @('--resume-after-restart'),
    [string] $UserId = '',
    [string] $TaskName = 'WinJoin resume',
    [switch] $Remove,
    [switch] $RestartNow
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function ConvertTo-WindowsArgument {
    # Quotes one argument the way CommandLineToArgvW parses it back, so a
    # path with spaces or quotes arrives as one literal argument.
    param([string] $Value)
    if ($Value -ne '' -and $Value -notmatch '[\s"]') { return $Value }
    $escaped = [regex]::Replace($Value, '(\\*)"', { param($m) ($m.Groups[1].Value * 2) + '\"' })
    $escaped = [regex]::Replace($escaped, '(\\+)$', { param($m) $m.Groups[1].Value * 2 })
    return '"' + $escaped + '"'
}

$existing = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($Remove) {
    if ($existing) {
        Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
        Complete-WinJoinStep -Changed $true -Facts @{ task = $TaskName; removed = $true }
    }
    else {
        Complete-WinJoinStep -Changed $false -Facts @{ task = $TaskName; removed = $false }
    }
    return
}

if (-not $UserId) { $UserId = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name }
$argumentLine = ($Arguments | ForEach-Object { ConvertTo-WindowsArgument $_ }) -join ' '
$action = New-ScheduledTaskAction -Execute $ExePath -Argument $argumentLine
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $UserId
# Highest run level: the join needs the elevated token, as when the admin started it.
$principal = New-ScheduledTaskPrincipal -UserId $UserId -LogonType Interactive -RunLevel Highest
# A task's defaults would run the join at below-normal priority (7) and stop it after 72 hours, and
# not at all on battery: normal priority, no time limit (the join ends by itself), batteries allowed.
$settings = New-ScheduledTaskSettingsSet -Priority 4 -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Force | Out-Null
Write-Output "Registered scheduled task '$TaskName' to resume the join at the next logon of $UserId."
Complete-WinJoinStep -Changed $true -RestartRequired:$RestartNow -Facts @{ task = $TaskName; user = $UserId; arguments = $argumentLine }

if ($RestartNow) {
    Write-Output 'Restarting the computer now.'
    Restart-Computer -Force
}
