BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'sample-service and port-mapping' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        New-Item -ItemType Directory -Path (Join-WinJoinPath $script:Install 'samples') | Out-Null
        foreach ($f in 'WebServer.yaml', 'PortMapping.yaml') { Set-Content -LiteralPath (Join-WinJoinPath (Join-WinJoinPath $script:Install 'samples') $f) -Value 'kind: Deployment' }
        $global:Pods = @('win-webserver-1 Running 192.168.1.5 win-node1')
        Mock Invoke-WinJoinExe {
            # The node's own identity may read pods; creating or deleting anything is WinJoin's process's job.
            if (@('apply', 'create', 'delete') -contains $ArgumentList[1]) { throw "the node ran kubectl $($ArgumentList[1])" }
            New-WinJoinExeResult 0 @(ConvertTo-WinJoinKubectlList $global:Pods 'pods')
        } -ParameterFilter { $FilePath -like '*kubectl.exe' }
        Mock Invoke-WinJoinHttpGet { @{ StatusCode = 200; Content = '<html><body><H1>Windows Container Web Server</H1>' } }
        Mock Invoke-WebRequest { throw 'Invoke-WebRequest asked the IE proxy' }
        Mock Get-NetIPAddress { [pscustomobject]@{ IPAddress = '10.1.2.50'; PrefixLength = 24 } } -ParameterFilter { $InterfaceAlias -eq 'vEthernet (Ethernet)' }
        Mock Get-NetIPAddress { $null } -ParameterFilter { $InterfaceAlias -ne 'vEthernet (Ethernet)' }
    }

    It 'waits for the pod WinJoin applied and fetches its page from the pod IP, changing nothing itself' {
        Invoke-WinJoinTestStep 'sample-service' @{ InstallDir = $script:Install } | Out-Null
        Should -Invoke Invoke-WinJoinHttpGet -ParameterFilter { $Uri -eq 'http://192.168.1.5/' } -Times 1
        (Get-WinJoinCheckEvent 'sample-page').status | Should -Be 'pass'
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It '-Manifest hands the pinned sample to WinJoin and does nothing else' {
        Set-Content -LiteralPath (Join-WinJoinPath (Join-WinJoinPath $script:Install 'samples') 'PortMapping.yaml') -Value 'kind: Service' -NoNewline
        Invoke-WinJoinTestStep 'port-mapping' @{ InstallDir = $script:Install; InterfaceAlias = 'Ethernet'; Manifest = $true } | Out-Null
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Get-WinJoinResult).facts.manifest)) | Should -Be 'kind: Service'
        Should -Invoke Invoke-WinJoinExe -Times 0
        Remove-Item -LiteralPath (Join-WinJoinPath $script:Install 'samples') -Recurse
        { Invoke-WinJoinTestStep 'sample-service' @{ InstallDir = $script:Install; Manifest = $true } } | Should -Throw '*run the scripts step first*'
    }

    It 'fetches pages straight from the node, never through the proxy 5.1 Invoke-WebRequest takes from IE, and quotes nothing for kubectl (defects 7, 2)' {
        Invoke-WinJoinTestStep 'sample-service' @{ InstallDir = $script:Install } | Out-Null
        Invoke-WinJoinTestStep 'port-mapping' @{ InstallDir = $script:Install; InterfaceAlias = 'Ethernet' } | Out-Null
        Should -Invoke Invoke-WebRequest -Times 0
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { @($ArgumentList | Where-Object { $_.Contains('"') }).Count -gt 0 }
    }

    It 'fails sample-pods-running when the pod never runs (T6/T7)' {
        $global:Pods = @('win-webserver-1 Pending')
        { Invoke-WinJoinTestStep 'sample-service' @{ InstallDir = $script:Install; WaitSeconds = 10 } } | Should -Throw '*did not reach Running*'
        (Get-WinJoinCheckEvent 'sample-pods-running').status | Should -Be 'fail'
    }

    It 'fails sample-page when the pod does not serve the page' {
        Mock Invoke-WinJoinHttpGet { throw 'Unable to connect to the remote server' }
        { Invoke-WinJoinTestStep 'sample-service' @{ InstallDir = $script:Install } } | Should -Throw '*did not answer*'
    }

    It 'port-mapping answers on the node IP at 4444 and warns that the second replica stays Pending (T19)' {
        $global:Pods = @('win-webserver-1 Running 192.168.1.5 win-node1', 'win-webserver-2 Pending')
        Invoke-WinJoinTestStep 'port-mapping' @{ InstallDir = $script:Install; InterfaceAlias = 'Ethernet' } | Out-Null
        Should -Invoke Invoke-WinJoinHttpGet -ParameterFilter { $Uri -eq 'http://10.1.2.50:4444/' } -Times 1
        (Get-WinJoinCheckEvent 'port-mapping-replicas').status | Should -Be 'warn'
        (Get-WinJoinCheckEvent 'host-port').status | Should -Be 'pass'
    }

    It 'port-mapping fails host-port when 4444 does not answer (T27)' {
        Mock Invoke-WinJoinHttpGet { throw 'timeout' }
        { Invoke-WinJoinTestStep 'port-mapping' @{ InstallDir = $script:Install; InterfaceAlias = 'Ethernet' } } | Should -Throw '*4444*'
        (Get-WinJoinCheckEvent 'host-port').status | Should -Be 'fail'
    }
}

Describe 'diagnostics' {
    BeforeEach {
        . $WJCaptureMocks
        $script:State = New-WinJoinTestDir
        Mock Get-HnsNetwork { @([pscustomobject]@{ Name = 'l2bridge'; Id = 'abc' }) }
        Mock Get-HnsEndpoint { throw 'HNS service not running' }
        Mock Get-HnsPolicyList { @() }
        Mock Get-Service { [pscustomobject]@{ Name = $Name; Status = 'Running'; StartType = 'Automatic' } }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @("output of $FilePath", 'HTTP Proxy: http://bob:hunter2@proxy:3128') }
    }

    It 'collects each item, survives a failing collector, and masks proxy passwords' {
        $logs = Join-WinJoinPath $script:State 'logs'
        New-Item -ItemType Directory -Path $logs | Out-Null
        Set-Content -LiteralPath (Join-WinJoinPath $logs 'kubelet.log') -Value (1..500 | ForEach-Object { "line $_" })
        Invoke-WinJoinTestStep 'diagnostics' @{ StateDir = $script:State } | Out-Null
        $result = Get-WinJoinResult
        $result.facts.failed | Should -Be @('hns-endpoints.json')
        $result.facts.files | Should -Contain 'tail-kubelet.log'
        $dir = Join-WinJoinPath $script:State 'diagnostics'
        (Get-Content -LiteralPath (Join-WinJoinPath $dir 'tail-kubelet.log')).Count | Should -BeLessOrEqual 201
        Get-ChildItem -LiteralPath $dir -File | Get-Content -Raw | Should -Not -Match 'hunter2'
        Get-Content -Raw -LiteralPath (Join-WinJoinPath $dir 'hns-networks.json') | Should -Match 'l2bridge'
        $result.changed | Should -BeFalse
        $result.facts.files | Should -Contain 'docker-info.txt'
    }

    It 'collects containerd''s and crictl''s view instead of Docker''s through the containerd-kubeadm step, never crictl info' {
        $containerd = New-WinJoinTestDir
        Set-Content -LiteralPath (Join-WinJoinPath $containerd 'config.toml') -Value 'version = 3'
        $logs = Join-WinJoinPath $script:State 'logs'
        New-Item -ItemType Directory -Path $logs | Out-Null
        Set-Content -LiteralPath (Join-WinJoinPath $logs 'containerd.log') -Value 'level=info msg="containerd successfully booted"'
        Invoke-WinJoinTestStep 'containerd-kubeadm/diagnostics' @{ StateDir = $script:State; ContainerdDir = $containerd } | Out-Null
        $result = Get-WinJoinResult
        foreach ($file in 'ctr-version.txt', 'crictl-pods.txt', 'crictl-ps.txt', 'crictl-images.txt', 'containerd-config.toml', 'tail-containerd.log') { $result.facts.files | Should -Contain $file }
        $result.facts.files | Should -Not -Contain 'docker-info.txt'
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { $FilePath -eq 'docker' -or $ArgumentList -contains 'info' }
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -eq (Join-WinJoinPath $containerd 'crictl.exe') -and ($ArgumentList -join ' ') -eq '--runtime-endpoint npipe:////./pipe/containerd-containerd ps -a' }
        Get-Content -LiteralPath (Join-WinJoinPath (Join-WinJoinPath $script:State 'diagnostics') 'services.txt') | Select-Object -First 1 | Should -Be 'containerd Running Automatic'
        Remove-Item -LiteralPath $containerd -Recurse -Force
    }
}
