# containerd-kubeadm steps that make the machine a node: kube-binaries,
# kubelet-service, kubeadm-join and node-ready. kubeadm, kubelet, kubectl and
# nssm are mocked through Invoke-WinJoinExe.
BeforeAll {
    . (Join-Path $PSScriptRoot '../StepTestHelpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../../WinJoin.SecureDirectory.psm1') -Force -Global
}

Describe 'containerd-kubeadm kube-binaries' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:Downloads = @{}
        foreach ($n in 'kubelet', 'kubeadm', 'kubectl') { $script:Downloads[$n] = Join-Path $script:Install "../$n-v1.33.2 $([guid]::NewGuid().ToString('N')).exe"; Set-Content -LiteralPath $script:Downloads[$n] -Value "bin-$n" }
        $global:Versions = @{ kubelet = 'Kubernetes v1.33.2'; kubeadm = 'v1.33.2'; kubectl = 'Client Version: v1.33.2' }
        Mock Invoke-WinJoinExe { $tool = [IO.Path]::GetFileNameWithoutExtension($FilePath); New-WinJoinExeResult 0 @($global:Versions[$tool]) } -ParameterFilter { $FilePath -like '*kube*.exe' }
        Mock Get-Service { $null }
        $script:Params = @{ InstallDir = $script:Install; KubernetesVersion = 'v1.33.2'; Downloads = $script:Downloads }
    }
    AfterEach { Remove-Item -LiteralPath $script:Install -Recurse -Force; $script:Downloads.Values | ForEach-Object { Remove-Item -LiteralPath $_ -Force -ErrorAction SilentlyContinue } }

    It 'copies the three verified downloads and checks each reports the version, kubeadm in its short form' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        foreach ($n in 'kubelet', 'kubeadm', 'kubectl') { Get-Content -LiteralPath (Join-Path $script:Install "$n.exe") | Should -Be "bin-$n" }
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -like '*kubeadm.exe' -and ($ArgumentList -join ' ') -eq 'version -o short' }
        (Get-WinJoinResult).facts.versions.kubeadm | Should -Be '1.33.2'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'changes nothing on a second run' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'fails when a binary reports another version' {
        $global:Versions.kubelet = 'Kubernetes v1.32.0'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params } | Should -Throw '*kubelet.exe reports v1.32.0, expected v1.33.2*'
    }

    It 'stops a running kubelet to replace its binary and starts it again' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        Set-Content -LiteralPath $script:Downloads.kubelet -Value 'bin-kubelet-new'
        $global:Kubelet = [pscustomobject]@{ Name = 'kubelet'; Status = 'Running' }
        Mock Get-Service { $global:Kubelet } -ParameterFilter { $Name -eq 'kubelet' }
        Mock Stop-Service { $global:Kubelet.Status = 'Stopped' }
        Mock Start-Service { $global:Kubelet.Status = 'Running' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        Should -Invoke Stop-Service -Times 1
        $global:Kubelet.Status | Should -Be 'Running'
        Get-Content -LiteralPath (Join-Path $script:Install 'kubelet.exe') | Should -Be 'bin-kubelet-new'
    }

    It 'undo removes the binaries' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/kube-binaries' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'kubeadm.exe') | Should -BeFalse
    }
}

Describe 'containerd-kubeadm kubelet-service' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $script:KubeRoot = New-WinJoinTestDir
        Set-Content -LiteralPath (Join-Path $script:Install 'kubelet.exe') -Value 'kubelet'
        $nssmZip = Join-WinJoinPath $script:State 'nssm.zip'
        New-WinJoinZip -Path $nssmZip -Entries @{ 'nssm-2.24/win64/nssm.exe' = 'nssm64' }
        $global:Icacls = New-Object System.Collections.Generic.List[object]
        Mock Invoke-WinJoinExe -ModuleName WinJoin.SecureDirectory { $global:Icacls.Add([string[]]$ArgumentList); @{ ExitCode = 0; StdOut = @(); StdErr = @(); Output = @() } }
        $global:Services = @{}
        $global:ServiceConfig = @{}
        $global:NssmCalls = New-Object System.Collections.Generic.List[string]
        Mock Get-Service { $global:Services[$Name] }
        Mock Start-Service { $global:Services[$Name].Status = 'Running' }
        Mock Restart-Service { }
        Mock Stop-Service { $global:Services[$Name].Status = 'Stopped' }
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        Mock Get-WinJoinServiceConfig { $global:ServiceConfig[$Name] }
        Mock Invoke-WinJoinExe {
            $global:NssmCalls.Add($ArgumentList -join ' ')
            $config = $global:ServiceConfig[$ArgumentList[1]]
            switch ($ArgumentList[0]) {
                'install' {
                    $global:Services[$ArgumentList[1]] = [pscustomobject]@{ Name = $ArgumentList[1]; Status = 'Stopped' }
                    $global:ServiceConfig[$ArgumentList[1]] = @{ Application = $ArgumentList[2]; AppParameters = ''; DependOnService = @() }
                }
                'set' {
                    switch ($ArgumentList[2]) {
                        'AppParameters' { $config.AppParameters = $ArgumentList[3] }
                        'Application' { $config.Application = $ArgumentList[3] }
                        'DependOnService' { $config.DependOnService = @($ArgumentList | Select-Object -Skip 3) }
                    }
                }
                'remove' { $global:Services.Remove($ArgumentList[1]); $global:ServiceConfig.Remove($ArgumentList[1]) }
            }
            New-WinJoinExeResult 0
        } -ParameterFilter { $FilePath -like '*nssm.exe' }
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; KubernetesVersion = 'v1.34.1'; NodeName = ''; KubeRoot = $script:KubeRoot; Downloads = @{ nssm = $nssmZip } }
    }
    AfterEach { foreach ($d in $script:Install, $script:State, $script:KubeRoot) { Remove-Item -LiteralPath $d -Recurse -Force } }

    It 'registers kubelet under nssm running the start script, depending on containerd, and leaves it for kubeadm join to start' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params | Out-Null
        $script = Join-WinJoinPath $script:Install 'start-kubelet-kubeadm.ps1'
        $kubelet = Join-WinJoinPath $script:Install 'kubelet.exe'
        $global:ServiceConfig['kubelet'].Application | Should -Be 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
        # The flags file kubeadm writes, on the drive root the step resolved (the start script cannot know a rehearsal's).
        $flags = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'var') 'lib') 'kubelet') 'kubeadm-flags.env'
        $global:ServiceConfig['kubelet'].AppParameters | Should -BeExactly "-NoProfile -ExecutionPolicy Bypass -File `"$script`" -KubeletPath `"$kubelet`" -NodeName win-node1 -FlagsFile `"$flags`""
        $global:ServiceConfig['kubelet'].DependOnService | Should -Be @('containerd')
        $global:NssmCalls | Should -Contain "set kubelet AppDirectory $($script:KubeRoot)"
        $global:NssmCalls | Should -Contain "set kubelet AppStdout $(Join-WinJoinPath (Join-WinJoinPath $script:State 'logs') 'kubelet.log')"
        Should -Invoke Start-Service -Times 0
        [IO.File]::ReadAllText($script) | Should -Be ([IO.File]::ReadAllText((Join-Path $PSScriptRoot '../../../steps/containerd-kubeadm/_StartKubelet.ps1')))
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'the start script passes what Windows kubelet needs (T7, T27) and never --pod-infra-container-image (T6)' {
        $text = [IO.File]::ReadAllText((Join-Path $PSScriptRoot '../../../steps/containerd-kubeadm/_StartKubelet.ps1'))
        foreach ($flag in '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf', '--kubeconfig=/etc/kubernetes/kubelet.conf', '--config=/var/lib/kubelet/config.yaml',
            '--cgroups-per-qos=false', "'--enforce-node-allocatable='", 'kubeadm-flags.env') { $text | Should -Match ([regex]::Escape($flag)) }
        # Code only: the comment explaining why the flag is never passed may name it.
        (($text -split "`n") | Where-Object { $_ -notmatch '^\s*#' }) -join "`n" | Should -Not -Match 'pod-infra-container-image'
    }

    It 'makes kubeadm''s etc\kubernetes and var\lib\kubelet admin-only before kubeadm writes keys there' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params | Out-Null
        foreach ($dir in (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'etc') 'kubernetes'), (Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'var') 'lib') 'kubelet')) {
            ($global:Icacls | Where-Object { $_[0] -eq $dir -and $_[1] -eq '/inheritance:r' } | Select-Object -First 1) | Should -Be @($dir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', '*S-1-5-18:(OI)(CI)F')
        }
    }

    It 'is idempotent: a second run changes nothing and does not touch the service' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params | Out-Null
        $global:Services['kubelet'].Status = 'Running'
        $global:NssmCalls.Clear()
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        $global:NssmCalls.Count | Should -Be 0
        Should -Invoke Restart-Service -Times 0
    }

    It 'adds --network-plugin for a kubelet before 1.24 and uses the node name given' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' (Join-WinJoinParams $script:Params @{ KubernetesVersion = '1.23.17'; NodeName = 'win-a' }) | Out-Null
        $global:ServiceConfig['kubelet'].AppParameters | Should -Match '-NodeName win-a -FlagsFile "[^"]+kubeadm-flags\.env" -NetworkPluginFlag$'
    }

    It 'refuses an invalid node name (T15) and a missing kubelet.exe' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' (Join-WinJoinParams $script:Params @{ NodeName = 'Win_A' }) } | Should -Throw '*lowercase RFC 1123*'
        Remove-Item -LiteralPath (Join-Path $script:Install 'kubelet.exe')
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params } | Should -Throw '*kube-binaries step*'
    }

    It 'undo removes the service and the start script' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubelet-service' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        $global:Services.ContainsKey('kubelet') | Should -BeFalse
        [IO.File]::Exists((Join-WinJoinPath $script:Install 'start-kubelet-kubeadm.ps1')) | Should -BeFalse
        # No other service runs under nssm in this recipe (kube-proxy is a DaemonSet): nssm.exe goes too.
        [IO.File]::Exists((Join-WinJoinPath $script:Install 'nssm.exe')) | Should -BeFalse
    }
}

Describe 'containerd-kubeadm kubeadm-join' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $script:KubeRoot = New-WinJoinTestDir
        $global:KubeletConf = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'etc') 'kubernetes') 'kubelet.conf'
        $global:Token = 'abcdef.0123456789abcdef'
        $global:KubeadmArgs = $null
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        Mock Invoke-WinJoinExe {
            $global:KubeadmArgs = [string[]]$ArgumentList
            if ($ArgumentList[0] -eq 'reset') { return New-WinJoinExeResult 0 @('[reset] Deleted contents of the etcd data directory') }
            [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($global:KubeletConf))
            Set-Content -LiteralPath $global:KubeletConf -Value 'kubeconfig'
            # kubeadm at --v=5 prints its configuration, the token included.
            New-WinJoinExeResult 0 @("[preflight] Running pre-flight checks", "I1202 discovery.go:52] token: $($global:Token)", 'This node has joined the cluster:') @("W1202 token secret 0123456789abcdef")
        } -ParameterFilter { $FilePath -like '*kubeadm.exe' }
        $script:Params = @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = ''; CriSocket = 'npipe:////./pipe/containerd-containerd'
            Token = $global:Token; CaCertHash = 'sha256:' + ('ab' * 32); ApiServerEndpoint = '10.0.0.10:6443'; KubeRoot = $script:KubeRoot
        }
    }
    AfterEach { foreach ($d in $script:Install, $script:State, $script:KubeRoot) { Remove-Item -LiteralPath $d -Recurse -Force } }

    It 'runs kubeadm join by full path with the token, the CA pin, the containerd pipe and the node name' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -eq (Join-WinJoinPath $script:Install 'kubeadm.exe') }
        $global:KubeadmArgs | Should -Be @('join', '10.0.0.10:6443', '--token', 'abcdef.0123456789abcdef', '--discovery-token-ca-cert-hash', ('sha256:' + ('ab' * 32)),
            '--cri-socket', 'npipe:////./pipe/containerd-containerd', '--node-name', 'win-node1')
        (Get-WinJoinResult).changed | Should -BeTrue
        (Get-WinJoinResult).facts.joined | Should -Be 'now'
    }

    It 'never lets the token or its secret out: transcript, events and the error of a failed join' {
        $out = Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params
        $text = ($out -join "`n") + (@($WJEvents | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 8 -Compress }) -join "`n")
        $text | Should -Not -Match '0123456789abcdef'
        $text | Should -Match ([regex]::Escape('token: abcdef.***'))
        Remove-Item -LiteralPath $global:KubeletConf
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @() @("error execution phase preflight: couldn't validate the identity of the API Server: token $($global:Token) rejected", 'token id "abcdef" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token') } -ParameterFilter { $FilePath -like '*kubeadm.exe' }
        $failure = $null
        try { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params | Out-Null } catch { $failure = $_.Exception.Message }
        $failure | Should -Match 'kubeadm join failed \(exit 1\)'
        # The known-problem pattern (KP-M22) still finds the public token id.
        $failure | Should -Match 'token id "abcdef" is invalid for this cluster or it has expired'
        $failure | Should -Not -Match '0123456789abcdef'
    }

    It 'adds the kubelet log tail when the join times out waiting for kubelet (T9)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @() @('[kubelet-check] The HTTP call equal to ''curl -sSL http://localhost:10248/healthz'' failed with error: connectex: No connection could be made because the target machine actively refused it.') } -ParameterFilter { $FilePath -like '*kubeadm.exe' }
        $logs = Join-WinJoinPath $script:State 'logs'
        [void][IO.Directory]::CreateDirectory($logs)
        Set-Content -LiteralPath (Join-WinJoinPath $logs 'kubelet.log') -Value 'failed to parse kubelet flag: unknown flag: --pod-infra-container-image'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params } | Should -Throw '*10248/healthz*actively refused*Last kubelet log lines*unknown flag: --pod-infra-container-image*'
    }

    It 'is idempotent: a node that has joined (kubelet.conf exists) is left alone' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -like '*kubeadm.exe' }
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-WinJoinResult).facts.joined | Should -Be 'earlier'
    }

    It 'refuses a missing or malformed token, hash or endpoint without echoing the token, and a pipe without its scheme (T13)' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ Token = '' }) } | Should -Throw '*set join.token*'
        $bad = 'ABCDEF.0123456789ABCDEF'
        $failure = $null
        try { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ Token = $bad }) | Out-Null } catch { $failure = $_.Exception.Message }
        $failure | Should -Match 'not a bootstrap token'
        $failure | Should -Not -Match '0123456789'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ CaCertHash = 'sha256:1234' }) } | Should -Throw '*caCertHash*'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ ApiServerEndpoint = '' }) } | Should -Throw '*apiServerEndpoint*'
        { Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ CriSocket = '//./pipe/containerd-containerd' }) } | Should -Throw '*npipe:// URL (T13)*'
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { $FilePath -like '*kubeadm.exe' }
    }

    It 'accepts an https:// endpoint as kubeadm''s host:port' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ ApiServerEndpoint = 'https://api.example.com:6443/' }) | Out-Null
        $global:KubeadmArgs[1] | Should -Be 'api.example.com:6443'
    }

    It 'undo runs kubeadm reset with the containerd pipe' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/kubeadm-join' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        $global:KubeadmArgs | Should -Be @('reset', '--force', '--cri-socket', 'npipe:////./pipe/containerd-containerd')
        (Get-WinJoinResult).changed | Should -BeTrue
    }
}

Describe 'containerd-kubeadm node-ready' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:KubeRoot = New-WinJoinTestDir
        $script:KubeletConf = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $script:KubeRoot 'etc') 'kubernetes') 'kubelet.conf'
        [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($script:KubeletConf))
        Set-Content -LiteralPath $script:KubeletConf -Value 'kubeconfig'
        Mock Get-WinJoinHostName { 'WIN-NODE1' }
        function global:New-WinJoinNodeJson([string] $Ready = 'True', [string] $Reason = 'KubeletReady', [string] $Message = 'kubelet is posting ready status') {
            ConvertTo-Json -Depth 6 @{ kind = 'Node'; metadata = @{ name = 'win-node1' }
                status = @{ nodeInfo = @{ kubeletVersion = 'v1.34.1'; containerRuntimeVersion = 'containerd://2.3.4' }
                    conditions = @(@{ type = 'MemoryPressure'; status = 'False' }, @{ type = 'Ready'; status = $Ready; reason = $Reason; message = $Message }) } }
        }
        $global:Polls = 0
        Mock Invoke-WinJoinExe {
            $global:Polls++
            $global:KubectlArgs = [string[]]$ArgumentList
            if ($global:Polls -lt 3) { return New-WinJoinExeResult 1 @() @('Error from server (NotFound): nodes "win-node1" not found') }
            New-WinJoinExeResult 0 @(New-WinJoinNodeJson)
        } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        $script:Params = @{ InstallDir = $script:Install; NodeName = ''; WaitSeconds = 60; KubeRoot = $script:KubeRoot }
    }
    AfterEach { foreach ($d in $script:Install, $script:KubeRoot) { Remove-Item -LiteralPath $d -Recurse -Force } }

    It 'waits through NotFound until Ready, asking with the node''s own kubelet.conf, and changes nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/node-ready' $script:Params | Out-Null
        $global:KubectlArgs | Should -Be @("--kubeconfig=$($script:KubeletConf)", 'get', 'node', 'win-node1', '-o', 'json')
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
        (Get-WinJoinCheckEvent 'node-ready').detailParams.runtime | Should -Be 'containerd://2.3.4'
        (Get-WinJoinResult).changed | Should -BeFalse
        $global:Polls | Should -Be 3
    }

    It 'fails naming the Ready condition''s reason, such as no CNI configuration yet (T26)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @(New-WinJoinNodeJson 'False' 'KubeletNotReady' 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized') } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/node-ready' (Join-WinJoinParams $script:Params @{ WaitSeconds = 10 }) } | Should -Throw '*not become Ready within 10 s: KubeletNotReady*cni plugin not initialized*'
        (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'fail'
        (Get-WinJoinCheckEvent 'node-ready').fixKey | Should -Be 'checks.node-ready.fixKubeadm'
        (Get-WinJoinCheckEvent 'node-ready').detailKey | Should -Be 'checkDetails.node-ready.kubeadmNotReady'
    }

    Context 'a pod on the node cannot pull its image' {
        BeforeEach {
            $global:NotReadyJson = New-WinJoinNodeJson 'False' 'KubeletNotReady' 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
            $global:Forbidden = 'rpc error: code = Unknown desc = failed to pull and unpack image "quay.io/calico/node-windows:v3.31.3": failed to resolve reference "quay.io/calico/node-windows:v3.31.3": failed to do request: Head "https://quay.io/v2/calico/node-windows/manifests/v3.31.3": Forbidden'
            function global:New-WinJoinPodsJson([string] $Reason, [string] $Message, [string] $Field = 'containerStatuses') {
                $status = @{ phase = 'Pending' }
                $status[$Field] = @(@{ name = 'calico-node'; ready = $false; state = @{ waiting = @{ reason = $Reason; message = $Message } } })
                ConvertTo-Json -Depth 8 @{ kind = 'List'; items = @(
                        @{ metadata = @{ namespace = 'kube-system'; name = 'kube-proxy-windows-abcde' }; status = @{ phase = 'Pending' } },
                        @{ metadata = @{ namespace = 'calico-system'; name = 'calico-node-windows-x7k2p' }; status = $status }) }
            }
            $global:PodsJson = New-WinJoinPodsJson 'ErrImagePull' $global:Forbidden
            $global:PodsExit = 0
            $global:PodQueries = @()
            Mock Invoke-WinJoinExe {
                if ($ArgumentList -contains 'pods') { $global:PodQueries += , ([string[]]$ArgumentList); return New-WinJoinExeResult $global:PodsExit @($global:PodsJson) @('error: You must be logged in to the server') }
                New-WinJoinExeResult 0 @($global:NotReadyJson)
            } -ParameterFilter { $FilePath -like '*kubectl.exe' }
            $script:StepPath = Join-Path $script:StepsDir 'containerd-kubeadm/node-ready.ps1'
            function global:Invoke-NodeReadyCapturingOutput([hashtable] $Parameters) {
                $global:WJEvents.Clear()
                $global:Printed = New-Object System.Collections.Generic.List[string]
                $global:Thrown = $null
                try { & $script:StepPath @Parameters | ForEach-Object { $global:Printed.Add([string]$_) } } catch { $global:Thrown = $_.Exception.Message }
            }
        }

        It 'stops at the first ErrImagePull instead of waiting out the timeout, quoting the runtime''s error on a line of its own' {
            Invoke-NodeReadyCapturingOutput (Join-WinJoinParams $script:Params @{ WaitSeconds = 600 })
            $global:Thrown | Should -BeLike 'node win-node1 is not Ready: pod calico-system/calico-node-windows-x7k2p cannot pull the image of container calico-node (ErrImagePull): *Head "https://quay.io/v2/calico/node-windows/manifests/v3.31.3": Forbidden'
            $global:Printed | Should -Contain $global:Forbidden
            $global:PodQueries.Count | Should -Be 1
            $global:PodQueries[0] | Should -Be @("--kubeconfig=$($script:KubeletConf)", 'get', 'pods', '--all-namespaces', '--field-selector=spec.nodeName=win-node1', '-o', 'json')
            Should -Invoke Start-Sleep -Times 0
            $check = Get-WinJoinCheckEvent 'node-ready'
            $check.status | Should -Be 'fail'
            $check.fixKey | Should -Be 'checks.node-ready.fixImagePull'
            $check.detailKey | Should -Be 'checkDetails.node-ready.imagePullFailed'
            $check.detailParams.pod | Should -Be 'calico-system/calico-node-windows-x7k2p'
            $check.detailParams.reason | Should -Be 'ErrImagePull'
            $check.detailParams.message | Should -Be $global:Forbidden
        }

        It 'stops at ImagePullBackOff too, an init container''s as well' {
            $global:PodsJson = New-WinJoinPodsJson 'ImagePullBackOff' "Back-off pulling image `"quay.io/calico/node-windows:v3.31.3`": ErrImagePull: $($global:Forbidden)" 'initContainerStatuses'
            Invoke-NodeReadyCapturingOutput $script:Params
            $global:Thrown | Should -BeLike '*(ImagePullBackOff): Back-off pulling image "quay.io/calico/node-windows:v3.31.3": ErrImagePull: rpc error*Forbidden'
            (Get-WinJoinCheckEvent 'node-ready').detailParams.reason | Should -Be 'ImagePullBackOff'
        }

        It 'keeps waiting while pods wait for another reason, and fails on the Ready condition at the timeout' {
            $global:PodsJson = New-WinJoinPodsJson 'ContainerCreating' ''
            Invoke-NodeReadyCapturingOutput (Join-WinJoinParams $script:Params @{ WaitSeconds = 10 })
            $global:Thrown | Should -BeLike '*did not become Ready within 10 s: KubeletNotReady*cni plugin not initialized*'
            $global:PodQueries.Count | Should -Be 3
            (Get-WinJoinCheckEvent 'node-ready').detailKey | Should -Be 'checkDetails.node-ready.kubeadmNotReady'
        }

        It 'keeps waiting when the pods cannot be read, and passes once the node is Ready' {
            $global:PodsExit = 1
            $global:PodsJson = ''
            $global:NodePolls = 0
            Mock Invoke-WinJoinExe {
                if ($ArgumentList -contains 'pods') { $global:PodQueries += , ([string[]]$ArgumentList); return New-WinJoinExeResult 1 @() @('error: You must be logged in to the server') }
                $global:NodePolls++
                if ($global:NodePolls -lt 3) { return New-WinJoinExeResult 0 @($global:NotReadyJson) }
                New-WinJoinExeResult 0 @(New-WinJoinNodeJson)
            } -ParameterFilter { $FilePath -like '*kubectl.exe' }
            Invoke-NodeReadyCapturingOutput $script:Params
            $global:Thrown | Should -BeNullOrEmpty
            $global:PodQueries.Count | Should -Be 2
            (Get-WinJoinCheckEvent 'node-ready').status | Should -Be 'pass'
        }

        It 'never asks for pods before the node has registered, nor once it is Ready' {
            Mock Invoke-WinJoinExe {
                if ($ArgumentList -contains 'pods') { $global:PodQueries += , ([string[]]$ArgumentList); return New-WinJoinExeResult 0 @($global:PodsJson) }
                $global:Polls++
                if ($global:Polls -lt 3) { return New-WinJoinExeResult 1 @() @('Error from server (NotFound): nodes "win-node1" not found') }
                New-WinJoinExeResult 0 @(New-WinJoinNodeJson)
            } -ParameterFilter { $FilePath -like '*kubectl.exe' }
            Invoke-NodeReadyCapturingOutput $script:Params
            $global:Thrown | Should -BeNullOrEmpty
            $global:PodQueries.Count | Should -Be 0
        }
    }

    It 'fails at once when the node has not joined (no kubelet.conf)' {
        Remove-Item -LiteralPath $script:KubeletConf
        { Invoke-WinJoinTestStep 'containerd-kubeadm/node-ready' $script:Params } | Should -Throw '*has not joined*'
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { $FilePath -like '*kubectl.exe' }
    }
}
