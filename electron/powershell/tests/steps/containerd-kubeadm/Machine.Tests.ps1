# containerd-kubeadm steps that check or change Windows itself: prerequisites,
# windows-features and firewall. Windows-only commands are mocked (StepTestHelpers).
BeforeAll { . (Join-Path $PSScriptRoot '../StepTestHelpers.ps1') }

Describe 'containerd-kubeadm prerequisites' {
    BeforeEach {
        . $WJCaptureMocks
        Mock Test-WinJoinElevated { $true }
        Mock Get-WinJoinOsVersion { @{ Build = 20348; Ubr = 2340; ProductName = 'Windows Server 2022 Datacenter'; InstallationType = 'Server' } }
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $true } }
        Mock Test-WinJoinRestartPending { $false }
        Mock Get-WinJoinFreeBytes { 100GB }
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        Mock Test-WinJoinPortFree { $true }
        Mock Get-Process { $null }
        Mock Get-ExecutionPolicy { foreach ($scope in 'MachinePolicy', 'UserPolicy', 'LocalMachine') { [pscustomobject]@{ Scope = $scope; ExecutionPolicy = 'Undefined' } } } -ParameterFilter { $List }
        $script:Params = @{ InstallDir = 'C:\k'; NodeName = ''; MinFreeGb = 20; MinBuild = 17763; KubeletPort = 10250; ApiServerEndpoint = '' }
    }

    It 'passes every check on Windows Server 2022, changes nothing, and names the node from the host name' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        $checks = @($WJEvents | Where-Object type -eq 'check')
        @($checks | ForEach-Object { $_.id }) | Should -Be @('elevated', 'execution-policy', 'os-build', 'containers-feature', 'restart-pending', 'disk-space', 'node-name', 'port-10250')
        @($checks | Where-Object status -ne 'pass' | ForEach-Object { $_.id }) | Should -BeNullOrEmpty
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-WinJoinResult).facts.nodeName | Should -Be 'win-node1'
        # Every detail goes out as a catalogue key, so no English record reaches a Japanese screen.
        @($checks | Where-Object { -not $_.detailKey } | ForEach-Object { $_.id }) | Should -BeNullOrEmpty
    }

    It 'is idempotent: a second run reports the same and changes nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        $first = @($WJEvents | Where-Object type -eq 'check' | ForEach-Object { "$($_.id)=$($_.status)" })
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        @($WJEvents | Where-Object type -eq 'check' | ForEach-Object { "$($_.id)=$($_.status)" }) | Should -Be $first
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'warns on Windows Server 2019 and fails below it, with this recipe''s fix' {
        Mock Get-WinJoinOsVersion { @{ Build = 17763; Ubr = 1; ProductName = 'Windows Server 2019'; InstallationType = 'Server' } }
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'os-build').status | Should -Be 'warn'
        (Get-WinJoinCheckEvent 'os-build').detailKey | Should -Be 'checkDetails.os-build.ws2019'
        Mock Get-WinJoinOsVersion { @{ Build = 16299; Ubr = 1; ProductName = 'Windows Server 1709'; InstallationType = 'Server' } }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params } | Should -Throw '*os-build*'
        (Get-WinJoinCheckEvent 'os-build').fixKey | Should -Be 'checks.os-build.fixKubeadm'
        (Get-WinJoinCheckEvent 'os-build').detailKey | Should -Be 'checkDetails.os-build.kubeadmTooOld'
    }

    It 'passes the Containers feature as the windows-features step''s job, and fails a client edition, which has no Get-WindowsFeature' {
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $false } }
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'containers-feature').status | Should -Be 'pass'
        (Get-WinJoinCheckEvent 'containers-feature').detailKey | Should -Be 'checkDetails.containers-feature.willInstallFeature'
        Mock Get-Command { $null } -ParameterFilter { $Name -eq 'Get-WindowsFeature' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params } | Should -Throw '*containers-feature*'
    }

    It 'fails an upper-case node name with the kubeadm wording (T15), reporting every other check first' {
        Mock Test-WinJoinElevated { $false }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' (Join-WinJoinParams $script:Params @{ NodeName = 'Win_Node' }) } | Should -Throw '*elevated, node-name*'
        (Get-WinJoinCheckEvent 'node-name').detail | Should -Match 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters'
        Get-WinJoinCheckEvent 'port-10250' | Should -Not -BeNullOrEmpty
    }

    It 'fails on a taken kubelet port and too little disk, passes when an earlier kubelet holds the port' {
        Mock Test-WinJoinPortFree { $false }
        Mock Get-WinJoinFreeBytes { 5GB }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params } | Should -Throw '*disk-space, port-10250*'
        Mock Get-WinJoinFreeBytes { 100GB }
        Mock Get-Process { [pscustomobject]@{ Name = 'kubelet' } } -ParameterFilter { $Name -eq 'kubelet' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/prerequisites' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'port-10250').detailKey | Should -Be 'checkDetails.port-10250.kubelet'
    }
}

Describe 'containerd-kubeadm windows-features' {
    BeforeEach {
        . $WJCaptureMocks
        $script:State = New-WinJoinTestDir
        $global:Installed = $false
        Mock Get-WindowsFeature { [pscustomobject]@{ Name = $Name; Installed = $global:Installed } }
        Mock Install-WindowsFeature { [pscustomobject]@{ Success = $true; RestartNeeded = 'Yes'; ExitCode = 'SuccessRestartRequired' } }
        Mock Uninstall-WindowsFeature { [pscustomobject]@{ Success = $true; RestartNeeded = 'Yes' } }
        $script:Params = @{ StateDir = $script:State; Features = @('Containers') }
    }
    AfterEach { Remove-Item -LiteralPath $script:State -Recurse -Force }

    It 'installs Containers only and asks for the restart instead of reporting done' {
        $out = Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params
        Should -Invoke Install-WindowsFeature -Times 1 -ParameterFilter { $Name -eq 'Containers' }
        (Get-WinJoinResult).restartRequired | Should -BeTrue
        (Get-WinJoinResult).changed | Should -BeTrue
        ($out -join "`n") | Should -Match 'restart is required'
        (Get-WinJoinStepOutcome).RestartRequired | Should -BeTrue
    }

    It 'after the restart finds the feature installed and changes nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        $global:Installed = $true
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-WinJoinResult).restartRequired | Should -BeFalse
        Should -Invoke Install-WindowsFeature -Times 1
    }

    It 'asks again when resumed before the restart (the feature still waits for it)' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        (Get-WinJoinResult).restartRequired | Should -BeTrue
    }

    It 'fails when the install does not succeed' {
        Mock Install-WindowsFeature { [pscustomobject]@{ Success = $false; RestartNeeded = 'No'; ExitCode = 'Failed' } }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params } | Should -Throw '*did not succeed*'
    }

    It 'refuses Hyper-V, which Kubernetes does not use (T23)' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' @{ StateDir = $script:State; Features = @('Hyper-V') } } | Should -Throw
        Should -Invoke Install-WindowsFeature -Times 0
    }

    It 'undo removes only a feature it installed' {
        $global:Installed = $true
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Uninstall-WindowsFeature -Times 0
        $global:Installed = $false
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/windows-features' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Uninstall-WindowsFeature -Times 1 -ParameterFilter { $Name -eq 'Containers' }
        (Get-WinJoinResult).restartRequired | Should -BeTrue
    }
}

Describe 'containerd-kubeadm firewall' {
    BeforeEach {
        . $WJCaptureMocks
        $global:FirewallRules = @{}
        Mock Get-NetFirewallRule { $global:FirewallRules[$Name] }
        Mock New-NetFirewallRule { $global:FirewallRules[$Name] = [pscustomobject]@{ Name = $Name; DisplayName = $DisplayName; Direction = $Direction; Action = $Action; Enabled = 'True'; Port = $LocalPort; Protocol = $Protocol } }
        Mock Remove-NetFirewallRule { $global:FirewallRules.Remove($Name) }
        Mock Get-NetFirewallPortFilter { [pscustomobject]@{ LocalPort = [string]$AssociatedNetFirewallRule.Port; Protocol = 'TCP' } }
        $script:Params = @{ Name = 'kubelet'; Port = 10250 }
    }

    It 'adds the inbound rule for TCP 10250 once; a second run changes nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params | Out-Null
        Should -Invoke New-NetFirewallRule -Times 1 -ParameterFilter { $Name -eq 'kubelet' -and $Direction -eq 'Inbound' -and $Protocol -eq 'TCP' -and $LocalPort -eq 10250 -and $Action -eq 'Allow' }
        (Get-WinJoinResult).changed | Should -BeTrue
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke New-NetFirewallRule -Times 1
    }

    It 'keeps an existing rule of that name that allows the port, and undo leaves it alone' {
        $global:FirewallRules['kubelet'] = [pscustomobject]@{ Name = 'kubelet'; DisplayName = 'kubelet'; Direction = 'Inbound'; Action = 'Allow'; Enabled = 'True'; Port = 10250 }
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Remove-NetFirewallRule -Times 0
    }

    It 'refuses a rule of that name that blocks or opens another port' {
        $global:FirewallRules['kubelet'] = [pscustomobject]@{ Name = 'kubelet'; DisplayName = 'x'; Direction = 'Inbound'; Action = 'Block'; Enabled = 'True'; Port = 10250 }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params } | Should -Throw '*does not allow inbound*'
        $global:FirewallRules['kubelet'] = [pscustomobject]@{ Name = 'kubelet'; DisplayName = 'x'; Direction = 'Inbound'; Action = 'Allow'; Enabled = 'True'; Port = 8080 }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params } | Should -Throw '*8080, not TCP 10250*'
    }

    It 'undo removes WinJoin''s rule' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/firewall' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        $global:FirewallRules.ContainsKey('kubelet') | Should -BeFalse
        (Get-WinJoinResult).changed | Should -BeTrue
    }
}
