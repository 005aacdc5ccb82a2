BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'prerequisites' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Dir = New-WinJoinTestDir
        Mock Test-WinJoinElevated { $true }
        Mock Get-WinJoinOsVersion { @{ Build = 16299; Ubr = 125; ProductName = 'Windows Server Datacenter'; InstallationType = 'Server' } }
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $true } }
        Mock Test-WinJoinRestartPending { $false }
        Mock Get-Service { [pscustomobject]@{ Name = 'docker'; Status = 'Running' } } -ParameterFilter { $Name -eq 'docker' }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('17.06.2-ee-6') } -ParameterFilter { $FilePath -eq 'docker' }
        Mock Get-WinJoinFreeBytes { 100GB }
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        Mock Test-WinJoinPortFree { $true }
        Mock Get-Process { $null }
        Mock Get-NetAdapter { @([pscustomobject]@{ Name = 'Ethernet'; InterfaceDescription = 'Intel NIC'; MacAddress = '00-11'; Status = 'Up' }) }
        Mock Get-CimInstance { [pscustomobject]@{ Manufacturer = 'Dell Inc.'; Model = 'PowerEdge R640' } }
        $global:ExecutionPolicies = @{ MachinePolicy = 'Undefined'; UserPolicy = 'Undefined'; Process = 'Undefined'; CurrentUser = 'Undefined'; LocalMachine = 'RemoteSigned' }
        Mock Get-ExecutionPolicy { foreach ($scope in 'MachinePolicy', 'UserPolicy', 'Process', 'CurrentUser', 'LocalMachine') { [pscustomobject]@{ Scope = $scope; ExecutionPolicy = $global:ExecutionPolicies[$scope] } } } -ParameterFilter { $List }
        $script:Params = @{ InstallDir = 'C:\k'; InterfaceAlias = 'Ethernet' }
    }
    AfterEach { Remove-Item -LiteralPath $script:Dir -Recurse -Force }

    It 'passes every check on a ready 1709 host, changes nothing, and reports the base image tag' {
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        $checks = @($WJEvents | Where-Object type -eq 'check')
        $checks.Count | Should -BeGreaterThan 10
        @($checks | Where-Object status -ne 'pass' | ForEach-Object { $_.id }) | Should -BeNullOrEmpty
        # Every detail goes out as a catalogue key, so no English record reaches a Japanese screen.
        @($checks | Where-Object { -not $_.detailKey } | ForEach-Object { $_.id }) | Should -BeNullOrEmpty
        $result = Get-WinJoinResult
        $result.changed | Should -BeFalse
        $result.facts.baseImageTag | Should -Be '1709'
        $result.facts.nodeName | Should -Be 'win-node1'
    }

    It 'fails execution-policy when Group Policy imposes AllSigned, which beats -ExecutionPolicy Bypass (defect 10)' {
        $global:ExecutionPolicies.MachinePolicy = 'AllSigned'
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*execution-policy*'
        $check = Get-WinJoinCheckEvent 'execution-policy'
        $check.status | Should -Be 'fail'
        $check.detail | Should -Match 'AllSigned \(MachinePolicy\)'
        $check.fixKey | Should -Be 'checks.execution-policy.fix'
        # The detail reaches the UI as a key plus the policy, so a Japanese reader does not get the English record.
        $check.detailKey | Should -Be 'checkDetails.execution-policy.fail'
        $check.detailParams.policy | Should -Be 'AllSigned (MachinePolicy)'
    }

    It 'passes execution-policy when only the local machine policy is set, which Bypass overrides' {
        $global:ExecutionPolicies.LocalMachine = 'AllSigned'
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        $check = Get-WinJoinCheckEvent 'execution-policy'
        $check.status | Should -Be 'pass'
        $check.detailKey | Should -Be 'checkDetails.execution-policy.pass'
    }

    It 'is idempotent: a second run reports the same and changes nothing' {
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        $first = @($WJEvents | Where-Object type -eq 'check' | ForEach-Object { "$($_.id)=$($_.status)" })
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        @($WJEvents | Where-Object type -eq 'check' | ForEach-Object { "$($_.id)=$($_.status)" }) | Should -Be $first
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'fails elevated with its fix key when the token is filtered (T25), after reporting every other check' {
        Mock Test-WinJoinElevated { $false }
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*elevated*'
        (Get-WinJoinCheckEvent 'elevated').status | Should -Be 'fail'
        (Get-WinJoinCheckEvent 'elevated').fixKey | Should -Be 'checks.elevated.fix'
        Get-WinJoinCheckEvent 'virtual-machine' | Should -Not -BeNullOrEmpty
    }

    It 'fails os-build below 16299 and names KB3176936 on old 14393 (T24, T47)' {
        Mock Get-WinJoinOsVersion { @{ Build = 14393; Ubr = 100; ProductName = 'Windows Server 2016'; InstallationType = 'Server' } }
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*os-build*'
        (Get-WinJoinCheckEvent 'os-build').detail | Should -Match 'KB3176936 or later is required for docker to work'
    }

    It 'warns when no base image tag is known for the build (T7/T8)' {
        Mock Get-WinJoinOsVersion { @{ Build = 99999; Ubr = 1; ProductName = 'Future'; InstallationType = 'Server' } }
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'base-image-tag').status | Should -Be 'warn'
    }

    It 'does not warn about what the docker step fixes by itself: Docker stopped (T20) or absent, Containers missing' {
        Mock Get-Service { [pscustomobject]@{ Name = 'docker'; Status = 'Stopped' } } -ParameterFilter { $Name -eq 'docker' }
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $false } }
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        # "Warning" is for what needs the administrator; these need nothing, so they pass with a detail that says what will happen.
        (Get-WinJoinCheckEvent 'docker').status | Should -Be 'pass'
        (Get-WinJoinCheckEvent 'docker').detail | Should -Match 'Stopped'
        (Get-WinJoinCheckEvent 'docker').detailKey | Should -Be 'checkDetails.docker.willStart'
        (Get-WinJoinCheckEvent 'docker').detailParams.state | Should -Be 'Stopped'
        (Get-WinJoinCheckEvent 'containers-feature').status | Should -Be 'pass'
        (Get-WinJoinCheckEvent 'containers-feature').detailKey | Should -Be 'checkDetails.containers-feature.willInstall'
        Mock Get-Service { $null } -ParameterFilter { $Name -eq 'docker' }
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'docker').detail | Should -Match 'not installed'
    }

    It 'warns about a pending restart and an old Docker' {
        Mock Test-WinJoinRestartPending { $true }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('1.13.1') } -ParameterFilter { $FilePath -eq 'docker' }
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'restart-pending').status | Should -Be 'warn'
        (Get-WinJoinCheckEvent 'docker').detail | Should -Match 'older than 17.06'
    }

    It 'fails on too little disk space' {
        Mock Get-WinJoinFreeBytes { 5GB }
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*disk-space*'
    }

    It 'fails an invalid node name with the kubeadm wording (T44) and warns when it differs from the host name' {
        { Invoke-WinJoinTestStep 'prerequisites' (Join-WinJoinParams $script:Params @{ NodeName = 'Bad_Name' }) } | Should -Throw '*node-name*'
        (Get-WinJoinCheckEvent 'node-name').detail | Should -Match 'invalid node name format "Bad_Name"'
        Invoke-WinJoinTestStep 'prerequisites' (Join-WinJoinParams $script:Params @{ NodeName = 'other' }) | Out-Null
        (Get-WinJoinCheckEvent 'node-name').status | Should -Be 'warn'
    }

    It 'fails when port 10250 is taken by something else (T42), passes when an earlier kubelet holds it' {
        Mock Test-WinJoinPortFree { $false }
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*port-10250*'
        (Get-WinJoinCheckEvent 'port-10250').detail | Should -Match 'Port 10250 is in use'
        Mock Get-Process { [pscustomobject]@{ Name = 'kubelet' } } -ParameterFilter { $Name -eq 'kubelet' }
        Invoke-WinJoinTestStep 'prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'port-10250').status | Should -Be 'pass'
    }

    It 'fails without the adapter and warns when its name does not start with Ethernet (T12)' {
        { Invoke-WinJoinTestStep 'prerequisites' (Join-WinJoinParams $script:Params @{ InterfaceAlias = 'LAN' }) } | Should -Throw '*network-adapter*'
        Mock Get-NetAdapter { @([pscustomobject]@{ Name = 'LAN 2'; InterfaceDescription = 'x'; MacAddress = ''; Status = 'Up' }) }
        Invoke-WinJoinTestStep 'prerequisites' (Join-WinJoinParams $script:Params @{ InterfaceAlias = 'LAN 2' }) | Out-Null
        (Get-WinJoinCheckEvent 'network-adapter').status | Should -Be 'warn'
    }

    It 'reminds about MAC spoofing on a virtual machine (T9) and warns about a non-C:\k install dir' {
        Mock Get-CimInstance { [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' } }
        Invoke-WinJoinTestStep 'prerequisites' (Join-WinJoinParams $script:Params @{ InstallDir = $script:Dir }) | Out-Null
        (Get-WinJoinCheckEvent 'virtual-machine').status | Should -Be 'warn'
        (Get-WinJoinCheckEvent 'virtual-machine').fixKey | Should -Be 'checks.virtual-machine.fix'
        (Get-WinJoinCheckEvent 'install-dir').status | Should -Be 'warn'
        (Get-WinJoinResult).facts.virtualMachine | Should -BeTrue
    }

    It 'fails containers-feature on a non-Server SKU without Get-WindowsFeature' {
        Mock Get-Command { $null } -ParameterFilter { $Name -eq 'Get-WindowsFeature' }
        { Invoke-WinJoinTestStep 'prerequisites' $script:Params } | Should -Throw '*containers-feature*'
    }
}
