BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'api-check' {
    BeforeEach { . $WJCaptureMocks; $script:Install = New-WinJoinTestDir }

    It 'passes with client and server versions and changes nothing' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Client Version: version.Info{GitVersion:"v1.9.1"}', 'Server Version: version.Info{GitVersion:"v1.9.1"}') }
        Invoke-WinJoinTestStep 'api-check' @{ InstallDir = $script:Install } | Out-Null
        (Get-WinJoinResult).facts.serverVersion | Should -Be '1.9.1'
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq "--kubeconfig=$(Join-WinJoinPath $script:Install 'config')" }
    }

    It 'explains dial tcp [::1]:8080 as a missing kubeconfig (T3)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @('Client Version: version.Info{GitVersion:"v1.9.1"}', 'Unable to connect to the server: dial tcp [::1]:8080: connectex: No connection could be made because the target machine actively refused it.') }
        { Invoke-WinJoinTestStep 'api-check' @{ InstallDir = $script:Install } } | Should -Throw '*found no kubeconfig*dial tcp `[::1`]:8080*'
    }

    It 'fails without a server version (T2) and warns when the node is newer than the server' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @('Client Version: v1.9.1', 'Unable to connect to the server: x509: certificate signed by unknown authority') }
        { Invoke-WinJoinTestStep 'api-check' @{ InstallDir = $script:Install } } | Should -Throw '*x509*'
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Client Version: v1.10.0', 'Server Version: v1.9.1') }
        Invoke-WinJoinTestStep 'api-check' @{ InstallDir = $script:Install } | Out-Null
        (Get-WinJoinCheckEvent 'version-skew').status | Should -Be 'warn'
    }
}

Describe 'kubelet and kube-proxy' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $zip = Join-WinJoinPath $script:State 'sdn.zip'
        New-WinJoinSdnZip -Path $zip
        Invoke-WinJoinTestStep 'scripts' @{ InstallDir = $script:Install; StateDir = $script:State; ServiceCidr = '10.96.0.0/12'; DnsServiceIp = '10.96.0.10'; Downloads = @{ sdnArchive = $zip } } | Out-Null
        $nssmZip = Join-WinJoinPath $script:State 'nssm.zip'
        New-WinJoinZip -Path $nssmZip -Entries @{ 'nssm-2.24/win64/nssm.exe' = 'nssm64'; 'nssm-2.24/win32/nssm.exe' = 'nssm32' }
        $global:Services = @{}
        $global:NssmParams = @{}
        Mock Get-Service { $global:Services[$Name] }
        Mock Start-Service { $global:Services[$Name].Status = 'Running' }
        Mock Restart-Service { }
        Mock Stop-Service { $global:Services[$Name].Status = 'Stopped' }
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        Mock Get-HnsNetwork { @([pscustomobject]@{ Name = 'l2bridge'; Type = 'L2Bridge' }) }
        $global:ServiceConfig = @{}
        Mock Get-WinJoinServiceConfig { $global:ServiceConfig[$Name] }
        Mock Invoke-WinJoinExe {
            $config = $global:ServiceConfig[$ArgumentList[1]]
            switch ($ArgumentList[0]) {
                'install' {
                    $global:Services[$ArgumentList[1]] = [pscustomobject]@{ Name = $ArgumentList[1]; Status = 'Stopped' }
                    $global:ServiceConfig[$ArgumentList[1]] = @{ Application = $ArgumentList[2]; AppParameters = ''; DependOnService = @() }
                }
                'set' {
                    switch ($ArgumentList[2]) {
                        'AppParameters' { $global:NssmParams[$ArgumentList[1]] = $ArgumentList[3]; $config.AppParameters = $ArgumentList[3] }
                        'Application' { $config.Application = $ArgumentList[3] }
                        'DependOnService' { $config.DependOnService = @($ArgumentList | Select-Object -Skip 3) }
                    }
                }
                # What Windows PowerShell 5.1 makes of nssm's UTF-16LE answer read with a one-byte code page.
                'get' { return New-WinJoinExeResult 0 @([Text.Encoding]::UTF8.GetString([Text.Encoding]::Unicode.GetBytes([string]$global:NssmParams[$ArgumentList[1]]))) }
                'remove' { $global:Services.Remove($ArgumentList[1]); $global:ServiceConfig.Remove($ArgumentList[1]) }
            }
            New-WinJoinExeResult 0
        } -ParameterFilter { $FilePath -like '*nssm.exe' }
        $global:KubectlArguments = New-Object System.Collections.Generic.List[string]
        function global:New-WinJoinNodeJson([string] $Ready = 'True', [string] $PodCidr = '192.168.1.0/24') {
            ConvertTo-Json -Depth 6 @{ kind = 'Node'; metadata = @{ name = 'win-node1' }; spec = @{ podCIDR = $PodCidr }
                status = @{ conditions = @(@{ type = 'MemoryPressure'; status = 'False' }, @{ type = 'Ready'; status = $Ready }) } }
        }
        Mock Invoke-WinJoinExe { $global:KubectlArguments.AddRange([string[]]$ArgumentList); New-WinJoinExeResult 0 @(New-WinJoinNodeJson) } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        $global:FirewallRules = @{}
        Mock Get-NetFirewallRule { $global:FirewallRules[$Name] }
        Mock New-NetFirewallRule { $global:FirewallRules[$Name] = [pscustomobject]@{ Name = $Name; Direction = $Direction; Protocol = $Protocol; LocalPort = $LocalPort; Action = $Action } }
        Mock Remove-NetFirewallRule { $global:FirewallRules.Remove($Name) }
        $script:Kubelet = @{ InstallDir = $script:Install; StateDir = $script:State; ClusterCidr = '192.168.0.0/16'; ServiceCidr = '10.96.0.0/12'; DnsServiceIp = '10.96.0.10'; Downloads = @{ nssm = $nssmZip } }
        $script:Proxy = @{ InstallDir = $script:Install; StateDir = $script:State; Downloads = @{ nssm = $nssmZip } }
    }

    It 'registers kubelet as an nssm service running start-kubelet.ps1, logs to the state dir, and waits for Ready' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        $script = Join-WinJoinPath $script:Install 'start-kubelet.ps1'
        $global:NssmParams['kubelet'] | Should -BeExactly "-NoProfile -ExecutionPolicy Bypass -File `"$script`" -ClusterCidr 192.168.0.0/16"
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'set' -and $ArgumentList[2] -eq 'AppStdout' -and $ArgumentList[3] -eq (Join-WinJoinPath (Join-WinJoinPath $script:State 'logs') 'kubelet.log') }
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
        (Get-WinJoinResult).facts.podCidr | Should -Be '192.168.1.0/24'
        (Get-WinJoinResult).facts.nodeName | Should -Be 'win-node1'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'changes nothing when the service already runs with the same command line' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'install' } -Times 1
    }

    It 'refuses a start-kubelet.ps1 whose hard-coded service CIDR differs from the cluster' {
        { Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ ServiceCidr = '11.0.0.0/16'; DnsServiceIp = '11.0.0.10' }) } | Should -Throw '*does not match*'
        (Get-WinJoinCheckEvent 'kubelet-script-values').status | Should -Be 'fail'
    }

    It 'fails node-ready naming the pod CIDR wait when none is allocated (T14)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @(New-WinJoinNodeJson 'False' '') } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        { Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ WaitSeconds = 10 }) } | Should -Throw '*no pod CIDR*'
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'fail'
    }

    It 'fails kubelet-running with the log tail when the service stops (T11/T12/T39)' {
        Mock Start-Service { $global:Services[$Name].Status = 'Stopped' }
        $logs = Join-WinJoinPath $script:State 'logs'
        New-Item -ItemType Directory -Path $logs -Force | Out-Null
        Set-Content -LiteralPath (Join-WinJoinPath $logs 'kubelet.log') -Value 'Failed to find a suitable network adapter, check your network settings.'
        { Invoke-WinJoinTestStep 'kubelet' $script:Kubelet } | Should -Throw '*Failed to find a suitable network adapter*'
        (Get-WinJoinCheckEvent 'kubelet-running').status | Should -Be 'fail'
    }

    It 'starts a console window in console mode, and not twice' {
        $global:KubeletProc = $null
        Mock Get-Process { $global:KubeletProc } -ParameterFilter { $Name -eq 'kubelet' }
        Mock Start-Process { $global:KubeletProc = [pscustomobject]@{ Name = 'kubelet' } }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ RunAs = 'console' }) | Out-Null
        Should -Invoke Start-Process -Times 1 -ParameterFilter { $FilePath -eq 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe' -and $ArgumentList -like '-NoExit *-File "*start-kubelet.ps1" -ClusterCidr 192.168.0.0/16' }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ RunAs = 'console' }) | Out-Null
        Should -Invoke Start-Process -Times 1
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'reads kubectl values from stdout only: a warning on stderr does not hide Ready (defect 1)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @(New-WinJoinNodeJson) @('W1202 12:00:00.000000 1 loader.go:223] Config not found') } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ WaitSeconds = 10 }) | Out-Null
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
    }

    It 'keeps waiting while kubectl says NotFound on stderr until the node registers (defect 1)' {
        $global:Polls = 0
        Mock Invoke-WinJoinExe {
            $global:Polls++
            if ($global:Polls -le 2) { return New-WinJoinExeResult 1 @() @('Error from server (NotFound): nodes "win-node1" not found') }
            New-WinJoinExeResult 0 @(New-WinJoinNodeJson)
        } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
        $global:Polls | Should -BeGreaterThan 2
    }

    It 'gives kubectl no argument with a double quote, which 5.1 would mangle (defect 2)' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        $global:KubectlArguments.Count | Should -BeGreaterThan 0
        @($global:KubectlArguments | Where-Object { $_.Contains('"') }) | Should -BeNullOrEmpty
    }

    It 're-runs without touching or restarting a service nssm answers for in UTF-16 (defect 5)' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        $global:Services['kubelet'].Status | Should -Be 'Running'
        Mock Restart-Service { throw 'kubelet restarted: start-kubelet.ps1 would recreate the HNS network' }
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'set' -and $ArgumentList[2] -eq 'AppParameters' } -Times 1
    }

    It 'waits through the SDN script restarting kubelet.exe in console mode (defect 6)' {
        $global:Polls = 0
        Mock Get-Process { $global:Polls++; if ($global:Polls -in 2, 3, 4) { return $null }; [pscustomobject]@{ Name = 'kubelet' } } -ParameterFilter { $Name -eq 'kubelet' }
        Mock Start-Process { }
        Mock Invoke-WinJoinExe { if ($global:Polls -lt 6) { return New-WinJoinExeResult 1 @() @('Error from server (NotFound)') }; New-WinJoinExeResult 0 @(New-WinJoinNodeJson) } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ RunAs = 'console' }) | Out-Null
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
    }

    It 'still fails a console kubelet that stays gone' {
        Mock Get-Process { $null } -ParameterFilter { $Name -eq 'kubelet' }
        Mock Start-Process { }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @() @('Error from server (NotFound)') } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        { Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ RunAs = 'console' }) } | Should -Throw '*kubelet stopped*'
    }

    It 'opens TCP 10250 inbound once, so the control plane reaches kubelet for logs and exec, and undo closes it (defect 8)' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        Should -Invoke New-NetFirewallRule -Times 1 -ParameterFilter { $Direction -eq 'Inbound' -and $Protocol -eq 'TCP' -and $LocalPort -eq 10250 -and $Action -eq 'Allow' }
        Mock Get-Process { $null }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ Undo = $true }) | Out-Null
        $global:FirewallRules.Count | Should -Be 0
    }

    It 'gives nssm powershell.exe by full path and makes kubelet depend on docker, correcting an older install' {
        $global:Services['kubelet'] = [pscustomobject]@{ Name = 'kubelet'; Status = 'Running' }
        $script = Join-WinJoinPath $script:Install 'start-kubelet.ps1'
        $global:ServiceConfig['kubelet'] = @{ Application = 'powershell.exe'; AppParameters = "-NoProfile -ExecutionPolicy Bypass -File `"$script`" -ClusterCidr 192.168.0.0/16"; DependOnService = @() }
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        $global:ServiceConfig['kubelet'].Application | Should -Be 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
        $global:ServiceConfig['kubelet'].DependOnService | Should -Be @('docker')
    }

    It 'does not take a Ready left by the bootstrap kubelet before the l2bridge network exists' {
        Mock Get-HnsNetwork { @() }
        { Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ WaitSeconds = 10 }) } | Should -Throw '*did not become Ready*'
    }

    It 'runs kube-proxy on the l2bridge network with the parameter the on-disk script has, KUBE_NETWORK set, after kubelet' {
        Invoke-WinJoinTestStep 'kube-proxy' $script:Proxy | Out-Null
        $global:NssmParams['kube-proxy'] | Should -Match '-NetworkMode L2Bridge$'
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[2] -eq 'AppEnvironmentExtra' -and $ArgumentList[3] -eq 'KUBE_NETWORK=l2bridge' }
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[2] -eq 'DependOnService' -and $ArgumentList[3] -eq 'kubelet' }
        (Get-WinJoinCheckEvent 'kube-proxy-running').status | Should -Be 'pass'
    }

    It 'passes -NetworkName l2bridge to a later start-kubeproxy.ps1 whose default is cbr0 (T15)' {
        Set-Content -LiteralPath (Join-WinJoinPath $script:Install 'start-kubeproxy.ps1') -Value "Param(`$NetworkName = `"cbr0`")"
        Invoke-WinJoinTestStep 'kube-proxy' $script:Proxy | Out-Null
        $global:NssmParams['kube-proxy'] | Should -Match '-NetworkName l2bridge$'
    }

    It 'fails before starting kube-proxy when there is no l2bridge network (T11), and with the log when it exits (T15)' {
        Mock Get-HnsNetwork { @() }
        { Invoke-WinJoinTestStep 'kube-proxy' $script:Proxy } | Should -Throw '*no HNS network named l2bridge*'
        Mock Get-HnsNetwork { @([pscustomobject]@{ Name = 'l2bridge' }) }
        Mock Start-Service { $global:Services[$Name].Status = 'Stopped' }
        $logs = Join-WinJoinPath $script:State 'logs'
        New-Item -ItemType Directory -Path $logs -Force | Out-Null
        Set-Content -LiteralPath (Join-WinJoinPath $logs 'kube-proxy.log') -Value 'Unable to find Hns Network speficied by cbr0. Please check environment variable KUBE_NETWORK'
        { Invoke-WinJoinTestStep 'kube-proxy' $script:Proxy } | Should -Throw '*Unable to find Hns Network speficied by cbr0*'
    }

    It 'undo stops and removes the services' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        Mock Get-Process { $null }
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ Undo = $true }) | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'remove' -and $ArgumentList[1] -eq 'kubelet' -and $ArgumentList[2] -eq 'confirm' } -Times 1
        $global:Services.ContainsKey('kubelet') | Should -BeFalse
        # nssm.exe went with the last service it ran.
        [IO.File]::Exists((Join-WinJoinPath $script:Install 'nssm.exe')) | Should -BeFalse
        Invoke-WinJoinTestStep 'kubelet' (Join-WinJoinParams $script:Kubelet @{ Undo = $true }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'undo of kube-proxy keeps nssm.exe while the kubelet service still needs it' {
        Invoke-WinJoinTestStep 'kubelet' $script:Kubelet | Out-Null
        Invoke-WinJoinTestStep 'kube-proxy' $script:Proxy | Out-Null
        Mock Get-Process { $null }
        Invoke-WinJoinTestStep 'kube-proxy' (Join-WinJoinParams $script:Proxy @{ Undo = $true }) | Out-Null
        $global:Services.ContainsKey('kube-proxy') | Should -BeFalse
        [IO.File]::Exists((Join-WinJoinPath $script:Install 'nssm.exe')) | Should -BeTrue
    }
}

Describe 'routes' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $global:Routes = @([pscustomobject]@{ DestinationPrefix = '0.0.0.0/0'; NextHop = '10.1.2.1'; InterfaceAlias = 'vEthernet (Ethernet)' })
        Mock Get-WinJoinHostName { 'win-node1' }
        Mock Get-NetAdapter { @([pscustomobject]@{ Name = 'vEthernet (Ethernet)' }, [pscustomobject]@{ Name = 'vEthernet (cbr0)' }) }
        Mock Get-NetRoute { $global:Routes }
        Mock Remove-NetRoute { $global:Routes = @($global:Routes | Where-Object { -not ($_.DestinationPrefix -eq $DestinationPrefix -and $_.InterfaceAlias -eq $InterfaceAlias) }) }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @(ConvertTo-WinJoinKubectlList @('master 192.168.0.0/24', 'win-node1 192.168.1.0/24', 'linux-2 192.168.2.0/24') 'nodes') } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        Mock Invoke-WinJoinExe {
            $global:Routes += [pscustomobject]@{ DestinationPrefix = '192.168.0.0/24'; NextHop = '192.168.0.1'; InterfaceAlias = 'vEthernet (cbr0)' }
            $global:Routes += [pscustomobject]@{ DestinationPrefix = '192.168.2.0/24'; NextHop = '192.168.2.1'; InterfaceAlias = 'vEthernet (cbr0)' }
            $global:Routes += [pscustomobject]@{ DestinationPrefix = '10.1.2.3/32'; NextHop = '10.1.2.1'; InterfaceAlias = 'vEthernet (Ethernet)' }
            New-WinJoinExeResult 0 @('Adding route for Remote Pod CIDR 192.168.0.0/24, GW 192.168.0.1, for node type linux')
        } -ParameterFilter { $FilePath -like '*powershell.exe' }
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; MasterIp = '10.1.2.3'; ClusterCidr = '192.168.0.0/16' }
    }

    It 'runs AddRoutes.ps1 -MasterIp as its own process and checks the routes appeared' {
        Invoke-WinJoinTestStep 'routes' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -like '*powershell.exe' -and $ArgumentList[4] -eq (Join-WinJoinPath $script:Install 'AddRoutes.ps1') -and $ArgumentList[5] -eq '-MasterIp' -and $ArgumentList[6] -eq '10.1.2.3' }
        (Get-WinJoinCheckEvent 'routes-present').status | Should -Be 'pass'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'reads the nodes as JSON with no double-quoted jsonpath, and runs Windows PowerShell by full path (defect 2)' {
        Invoke-WinJoinTestStep 'routes' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { @($ArgumentList | Where-Object { $_.Contains('"') }).Count -gt 0 }
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -eq 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe' }
    }

    It 'does not run AddRoutes.ps1 again when every route exists' {
        Invoke-WinJoinTestStep 'routes' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'routes' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -like '*powershell.exe' }
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'fails with the AddRoutes wording when no vEthernet (Ethernet*) adapter exists yet (T13)' {
        Mock Get-NetAdapter { @([pscustomobject]@{ Name = 'Ethernet' }) }
        { Invoke-WinJoinTestStep 'routes' $script:Params } | Should -Throw "*Do you have a virtual adapter configured? Couldn't find one!*"
    }

    It 'fails routes-present when AddRoutes.ps1 added nothing' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 } -ParameterFilter { $FilePath -like '*powershell.exe' }
        { Invoke-WinJoinTestStep 'routes' $script:Params } | Should -Throw '*did not add routes*'
    }

    It 'undo removes only the routes it added' {
        Invoke-WinJoinTestStep 'routes' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'routes' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Remove-NetRoute -Times 3
        @($global:Routes).DestinationPrefix | Should -Be @('0.0.0.0/0')
    }
}

Describe 'network-checks' {
    BeforeEach {
        . $WJCaptureMocks
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 } -ParameterFilter { $FilePath -eq 'ping.exe' }
        Mock Get-HnsNetwork { @([pscustomobject]@{ Name = 'L2Bridge' }) }
        Mock Get-NetIPAddress { [pscustomobject]@{ IPAddress = '192.168.1.2'; PrefixLength = 24 } }
    }

    It 'pings the master and the cbr0 address, and changes nothing' {
        Invoke-WinJoinTestStep 'network-checks' @{ MasterIp = '10.1.2.3' } | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[-1] -eq '10.1.2.3' } -Times 1
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[-1] -eq '192.168.1.2' } -Times 1
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-WinJoinResult).facts.cbr0 | Should -Be '192.168.1.2'
    }

    It 'fails node-to-master when the master does not answer (T4/T9)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @('Request timed out.') } -ParameterFilter { $FilePath -eq 'ping.exe' -and $ArgumentList[-1] -eq '10.1.2.3' }
        { Invoke-WinJoinTestStep 'network-checks' @{ MasterIp = '10.1.2.3' } } | Should -Throw '*node-to-master*'
        (Get-WinJoinCheckEvent 'node-to-master').fixKey | Should -Be 'checks.node-to-master.fix'
        (Get-WinJoinCheckEvent 'cbr0-gateway').status | Should -Be 'pass'
    }

    It 'fails hns-network and cbr0-gateway when start-kubelet created neither (T11)' {
        Mock Get-HnsNetwork { @() }
        Mock Get-NetIPAddress { $null }
        { Invoke-WinJoinTestStep 'network-checks' @{ MasterIp = '10.1.2.3' } } | Should -Throw '*hns-network, cbr0-gateway*'
    }

    It 'rejects a master IP that is not an address before running anything' {
        { Invoke-WinJoinTestStep 'network-checks' @{ MasterIp = '10.1.2.3 & calc.exe' } } | Should -Throw '*not an IPv4 address*'
        Should -Invoke Invoke-WinJoinExe -Times 0
    }
}
