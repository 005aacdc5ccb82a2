BeforeAll {
    $script:Script = Join-Path $PSScriptRoot '../../system/Register-WinJoinResume.ps1'
    Import-Module (Join-Path $PSScriptRoot '../../WinJoin.psm1') -Force
    # The ScheduledTasks module exists only on Windows: stand-ins to mock.
    function global:Get-ScheduledTask { param($TaskName, $ErrorAction) }
    function global:Unregister-ScheduledTask { param($TaskName, $Confirm) }
    function global:New-ScheduledTaskAction { param($Execute, $Argument) }
    function global:New-ScheduledTaskTrigger { param([switch]$AtLogOn, $User) }
    function global:New-ScheduledTaskPrincipal { param($UserId, $LogonType, $RunLevel) }
    function global:New-ScheduledTaskSettingsSet { param($Priority, $ExecutionTimeLimit, [switch]$AllowStartIfOnBatteries, [switch]$DontStopIfGoingOnBatteries) }
    function global:Register-ScheduledTask { param($TaskName, $Action, $Trigger, $Principal, $Settings, [switch]$Force) }
    function global:Restart-Computer { param([switch]$Force) }
}

AfterAll {
    foreach ($name in 'Get-ScheduledTask', 'Unregister-ScheduledTask', 'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger',
        'New-ScheduledTaskPrincipal', 'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask', 'Restart-Computer') {
        Remove-Item "function:global:$name" -ErrorAction SilentlyContinue
    }
}

Describe 'Register-WinJoinResume' {
    BeforeEach {
        Mock Get-ScheduledTask { $null }
        Mock New-ScheduledTaskAction { [pscustomobject]@{ Execute = $Execute; Arguments = $Argument } }
        Mock New-ScheduledTaskTrigger { 'trigger' }
        Mock New-ScheduledTaskPrincipal { [pscustomobject]@{ UserId = $UserId; RunLevel = $RunLevel } }
        Mock New-ScheduledTaskSettingsSet { [pscustomobject]@{ Priority = $Priority; ExecutionTimeLimit = $ExecutionTimeLimit } }
        Mock Register-ScheduledTask { }
        Mock Unregister-ScheduledTask { }
        Mock Restart-Computer { }
        Mock Write-WinJoinEvent -ModuleName WinJoin { }
    }

    It 'runs the resumed join at normal priority with no time limit, not the task defaults (below normal, 72 h)' {
        & $script:Script -ExePath 'C:\Program Files\WinJoin\WinJoin.exe' -UserId 'CORP\admin' | Out-Null
        Should -Invoke Register-ScheduledTask -Times 1 -ParameterFilter { $Settings.Priority -eq 4 -and $Settings.ExecutionTimeLimit -eq [TimeSpan]::Zero }
    }

    It 'registers an elevated at-logon task for the same user and does not restart unless asked' {
        & $script:Script -ExePath 'C:\Program Files\WinJoin\WinJoin.exe' -UserId 'CORP\admin' | Out-Null
        Should -Invoke New-ScheduledTaskPrincipal -Times 1 -ParameterFilter { $UserId -eq 'CORP\admin' -and $RunLevel -eq 'Highest' }
        Should -Invoke New-ScheduledTaskTrigger -Times 1 -ParameterFilter { $AtLogOn -and $User -eq 'CORP\admin' }
        Should -Invoke Register-ScheduledTask -Times 1 -ParameterFilter { $TaskName -eq 'WinJoin resume' -and $Force }
        Should -Invoke Restart-Computer -Times 0
        Should -Invoke Write-WinJoinEvent -ModuleName WinJoin -Times 1 -Exactly -ParameterFilter { $Event.type -eq 'result' -and -not $Event.restartRequired -and $Event.changed }
    }

    It 'passes hostile arguments as literal, correctly quoted command-line arguments' {
        $hostile = @('--answers', 'C:\deploy dir\a "b".json', '; calc', '$(Get-Date)', 'trailing\')
        & $script:Script -ExePath 'C:\WinJoin.exe' -UserId 'u' -Arguments $hostile | Out-Null
        Should -Invoke New-ScheduledTaskAction -Times 1 -ParameterFilter {
            $Argument -eq '--answers "C:\deploy dir\a \"b\".json" "; calc" $(Get-Date) trailing\'
        }
    }

    It 'restarts the computer after registering when asked' {
        & $script:Script -ExePath 'C:\WinJoin.exe' -UserId 'u' -RestartNow | Out-Null
        Should -Invoke Register-ScheduledTask -Times 1
        Should -Invoke Write-WinJoinEvent -ModuleName WinJoin -Times 1 -Exactly -ParameterFilter { $Event.type -eq 'result' -and $Event.restartRequired }
        Should -Invoke Restart-Computer -Times 1 -ParameterFilter { $Force }
    }

    It 'removes the task once used, and says nothing changed when it is already gone' {
        Mock Get-ScheduledTask { [pscustomobject]@{ TaskName = 'WinJoin resume' } }
        & $script:Script -ExePath 'x' -Remove | Out-Null
        Should -Invoke Unregister-ScheduledTask -Times 1
        Should -Invoke Write-WinJoinEvent -ModuleName WinJoin -Times 1 -Exactly -ParameterFilter { $Event.type -eq 'result' -and $Event.changed }

        Mock Get-ScheduledTask { $null }
        & $script:Script -ExePath 'x' -Remove | Out-Null
        Should -Invoke Unregister-ScheduledTask -Times 1 -Exactly
        Should -Invoke Write-WinJoinEvent -ModuleName WinJoin -Times 1 -Exactly -ParameterFilter { $Event.type -eq 'result' -and -not $Event.changed }
    }
}
