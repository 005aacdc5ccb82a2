# containerd-kubeadm network-checks: the Calico HNS network, running
# calico-node-windows and kube-proxy-windows pods on this node (asked with the
# node's kubelet.conf), and the containerd and kubelet services running.
BeforeAll { . (Join-Path $PSScriptRoot '../StepTestHelpers.ps1') }

Describe 'containerd-kubeadm network-checks' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:KubeRoot = New-WinJoinTestDir
        $script:KubeletConf = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'etc') 'kubernetes') 'kubelet.conf'
        [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($script:KubeletConf))
        Set-Content -LiteralPath $script:KubeletConf -Value 'kubeconfig'
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        $global:Networks = @([pscustomobject]@{ Name = 'nat'; Type = 'NAT' }, [pscustomobject]@{ Name = 'Calico'; Type = 'Overlay' })
        Mock Get-HnsNetwork { $global:Networks }
        $global:ProxyPhase = 'Running'
        $global:CalicoPhase = 'Running'
        $global:KubectlCalls = @()
        $global:ServiceStatus = @{ containerd = 'Running'; kubelet = 'Running' }
        Mock Get-Service { if ($global:ServiceStatus.ContainsKey($Name)) { [pscustomobject]@{ Name = $Name; Status = $global:ServiceStatus[$Name] } } }
        Mock Invoke-WinJoinExe {
            $global:KubectlArgs = [string[]]$ArgumentList
            $global:KubectlCalls += , ([string[]]$ArgumentList)
            # Each namespace holds its own pods, as the API server would answer.
            $items = @()
            if ($ArgumentList -contains 'calico-system' -and $global:CalicoPhase) { $items += @{ metadata = @{ name = 'calico-node-windows-x1' }; status = @{ phase = $global:CalicoPhase } } }
            if ($ArgumentList -contains 'kube-system' -and $global:ProxyPhase) { $items += @{ metadata = @{ name = 'kube-proxy-windows-abcde' }; status = @{ phase = $global:ProxyPhase } } }
            New-WinJoinExeResult 0 @(ConvertTo-Json -Depth 6 @{ kind = 'PodList'; items = $items })
        } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        $script:Params = @{ InstallDir = $script:Install; KubeRoot = $script:KubeRoot; WaitSeconds = 20 }
    }
    AfterEach { foreach ($d in $script:Install, $script:KubeRoot) { Remove-Item -LiteralPath $d -Recurse -Force } }

    It 'passes with the Calico network and kube-proxy-windows running here, asking only for this node''s pods with its own credentials' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params | Out-Null
        (Get-WinJoinCheckEvent 'calico-hns-network').status | Should -Be 'pass'
        (Get-WinJoinCheckEvent 'kube-proxy-windows').detailParams.pod | Should -Be 'kube-proxy-windows-abcde'
        $global:KubectlCalls[0] | Should -Be @("--kubeconfig=$($script:KubeletConf)", '-n', 'kube-system', 'get', 'pods', '--field-selector', 'spec.nodeName=win-node1', '-o', 'json')
        $global:KubectlCalls[1] | Should -Be @("--kubeconfig=$($script:KubeletConf)", '-n', 'calico-system', 'get', 'pods', '--field-selector', 'spec.nodeName=win-node1', '-o', 'json')
        (Get-WinJoinCheckEvent 'calico-node-windows').detailParams.pod | Should -Be 'calico-node-windows-x1'
        (Get-WinJoinCheckEvent 'node-services').status | Should -Be 'pass'
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Start-Sleep -Times 0
    }

    It 'is idempotent: a second run reports the same' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-WinJoinCheckEvent 'kube-proxy-windows').status | Should -Be 'pass'
    }

    It 'fails both checks, after waiting, without the Calico network and with kube-proxy-windows Pending (T2)' {
        $global:Networks = @([pscustomobject]@{ Name = 'nat'; Type = 'NAT' })
        $global:ProxyPhase = 'Pending'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*calico-hns-network, kube-proxy-windows*'
        (Get-WinJoinCheckEvent 'calico-hns-network').fixKey | Should -Be 'checks.calico-hns-network.fix'
        (Get-WinJoinCheckEvent 'kube-proxy-windows').detail | Should -Match 'kube-proxy-windows-abcde Pending'
        Should -Invoke Start-Sleep -Times 5
    }

    It 'fails while calico-node-windows is not running on this node, naming its state (T26)' {
        $global:CalicoPhase = 'Pending'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*calico-node-windows*'
        (Get-WinJoinCheckEvent 'calico-node-windows').detailParams.state | Should -Be 'calico-node-windows-x1 Pending'
        (Get-WinJoinCheckEvent 'calico-node-windows').fixKey | Should -Be 'checks.calico-node-windows.fix'
        (Get-WinJoinCheckEvent 'kube-proxy-windows').status | Should -Be 'pass'
    }

    It 'fails when containerd or kubelet is not a running service, naming only the services' {
        $global:ServiceStatus = @{ containerd = 'Running'; kubelet = 'Stopped' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*node-services*'
        (Get-WinJoinCheckEvent 'node-services').detailParams.services | Should -Be 'kubelet'
        $global:ServiceStatus = @{ kubelet = 'Running' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*node-services*'
        (Get-WinJoinCheckEvent 'node-services').detailParams.services | Should -Be 'containerd'
    }

    It 'names a missing kube-proxy-windows pod' {
        $global:ProxyPhase = ''
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*kube-proxy-windows*'
        (Get-WinJoinCheckEvent 'kube-proxy-windows').detail | Should -Match 'no kube-proxy-windows pod on this node'
        (Get-WinJoinCheckEvent 'calico-hns-network').status | Should -Be 'pass'
    }

    It 'fails at once when the node has not joined' {
        Remove-Item -LiteralPath $script:KubeletConf
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-checks' $script:Params } | Should -Throw '*has not joined*'
    }
}

# The reset's network-cleanup: what kubeadm reset leaves of the CNI (reference section 5), and only that.
Describe 'containerd-kubeadm network-cleanup (reset only)' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Root = New-WinJoinTestDir
        $script:Bin = Join-WinJoinPath (Join-WinJoinPath $script:Root 'opt') 'cni-bin'
        $script:Conf = Join-WinJoinPath (Join-WinJoinPath $script:Root 'etc') 'net.d'
        foreach ($dir in $script:Bin, $script:Conf) { [void][IO.Directory]::CreateDirectory($dir) }
        foreach ($file in (Join-WinJoinPath $script:Conf '10-calico.conflist'), (Join-WinJoinPath $script:Conf 'calico-kubeconfig'),
            (Join-WinJoinPath $script:Bin 'calico.exe'), (Join-WinJoinPath $script:Bin 'calico-ipam.exe')) {
            Set-Content -LiteralPath $file -Value 'x'
        }
        $global:Networks = [System.Collections.Generic.List[object]]::new()
        $global:Networks.Add([pscustomobject]@{ Name = 'nat'; Type = 'NAT'; ID = 'N1' })
        $global:Networks.Add([pscustomobject]@{ Name = 'Calico'; Type = 'Overlay'; ID = 'C1' })
        $global:Endpoints = [System.Collections.Generic.List[object]]::new()
        $global:Endpoints.Add([pscustomobject]@{ ID = 'E-CALICO'; Name = 'Calico_ep'; VirtualNetwork = 'c1' })
        $global:Endpoints.Add([pscustomobject]@{ ID = 'E-NAT'; Name = 'nat_ep'; VirtualNetwork = 'N1' })
        # kube-proxy-windows' load balancer on a Calico endpoint; another one on the nat network; one without endpoints.
        $global:PolicyLists = [System.Collections.Generic.List[object]]::new()
        $global:PolicyLists.Add([pscustomobject]@{ ID = 'P-CALICO'; References = @('/endpoints/e-calico') })
        $global:PolicyLists.Add([pscustomobject]@{ ID = 'P-NAT'; References = @('/endpoints/E-NAT') })
        $global:PolicyLists.Add([pscustomobject]@{ ID = 'P-NONE' })
        Mock Get-HnsNetwork { @($global:Networks) }
        Mock Remove-HnsNetwork {
            [void]$global:Networks.Remove($InputObject)
            foreach ($ep in @($global:Endpoints | Where-Object { $_.VirtualNetwork -eq $InputObject.ID })) { [void]$global:Endpoints.Remove($ep) }
        }
        Mock Get-HnsEndpoint { @($global:Endpoints) }
        Mock Get-HnsPolicyList { @($global:PolicyLists) }
        Mock Remove-HnsPolicyList { [void]$global:PolicyLists.Remove($InputObject) }
        $script:Params = @{
            CniBinDir = $script:Bin; CniConfDir = $script:Conf; Networks = @('Calico')
            CniBinaries = @('calico.exe', 'calico-ipam.exe'); CniConfigs = @('10-calico.conflist', 'calico-kubeconfig'); Undo = $true
        }
    }
    AfterEach { Remove-Item -LiteralPath $script:Root -Recurse -Force }

    It 'removes the Calico network, the policy lists on its endpoints and the CNI files and directories it left' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        @($global:Networks | ForEach-Object { $_.Name }) | Should -Be @('nat')
        @($global:PolicyLists | ForEach-Object { $_.ID }) | Should -Be @('P-NAT', 'P-NONE')
        [IO.Directory]::Exists($script:Bin) | Should -BeFalse
        [IO.Directory]::Exists($script:Conf) | Should -BeFalse
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'leaves a foreign policy list and foreign CNI files, and the directories that hold them' {
        Set-Content -LiteralPath (Join-WinJoinPath $script:Bin 'host-local.exe') -Value 'someone else''s'
        Set-Content -LiteralPath (Join-WinJoinPath $script:Conf '05-other.conf') -Value '{}'
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        @($global:PolicyLists | ForEach-Object { $_.ID }) | Should -Contain 'P-NAT'
        @([IO.Directory]::GetFiles($script:Bin) | ForEach-Object { [IO.Path]::GetFileName($_) }) | Should -Be @('host-local.exe')
        @([IO.Directory]::GetFiles($script:Conf) | ForEach-Object { [IO.Path]::GetFileName($_) }) | Should -Be @('05-other.conf')
    }

    It 'removes nothing of the network when the join''s network is not there' {
        $global:Networks.RemoveAt(1)
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        $global:PolicyLists.Count | Should -Be 3
        Should -Invoke Remove-HnsPolicyList -Times 0 -Exactly
        Should -Invoke Remove-HnsNetwork -Times 0 -Exactly
    }

    It 'leaves CNI directories that do not exist alone' {
        foreach ($dir in $script:Bin, $script:Conf) { [IO.Directory]::Delete($dir, $true) }
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        [IO.Directory]::Exists($script:Bin) | Should -BeFalse
        @($global:Networks | ForEach-Object { $_.Name }) | Should -Be @('nat')
    }

    It 'is idempotent: a second run finds nothing and changes nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Remove-HnsNetwork -Times 1 -Exactly
        Should -Invoke Remove-HnsPolicyList -Times 1 -Exactly
    }

    It 'takes its paths from the reset plan: it has no default directory' {
        $script:Params.Remove('CniBinDir')
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params } | Should -Throw '*CniBinDir*'
        $global:Networks.Count | Should -Be 2
    }

    It 'refuses to run outside a reset' {
        $script:Params.Remove('Undo')
        { Invoke-WinJoinTestStep 'containerd-kubeadm/network-cleanup' $script:Params } | Should -Throw '*only as part of a reset*'
        $global:Networks.Count | Should -Be 2
    }
}
