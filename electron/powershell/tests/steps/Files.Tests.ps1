BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'scripts' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $script:Zip = Join-Path $script:State 'SDN archive.zip'
        New-WinJoinSdnZip -Path $script:Zip
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; ServiceCidr = '10.96.0.0/12'; DnsServiceIp = '10.96.0.10'; Downloads = @{ sdnArchive = $script:Zip } }
    }

    It 'extracts Kubernetes/windows and the samples, and writes the cluster service CIDR and DNS into start-kubelet.ps1' {
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        foreach ($f in 'start-kubelet.ps1', 'start-kubeproxy.ps1', 'AddRoutes.ps1', 'hns.psm1', 'Dockerfile', 'cni/wincni.exe', 'samples/WebServer.yaml', 'samples/PortMapping.yaml') {
            Test-Path -LiteralPath (Join-Path $script:Install $f) | Should -BeTrue
        }
        $values = Get-WinJoinStartKubeletValues (Get-Content -Raw -LiteralPath (Join-Path $script:Install 'start-kubelet.ps1'))
        $values.ServiceCidr | Should -Be '10.96.0.0/12'
        $values.DnsServiceIp | Should -Be '10.96.0.10'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'changes nothing on a second run and leaves user-added files alone' {
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        $mine = Join-Path $script:Install 'my notes.txt'
        Set-Content -LiteralPath $mine -Value 'keep'
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Get-Content -LiteralPath $mine | Should -Be 'keep'
    }

    It 'restores a file someone edited' {
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Install 'hns.psm1') -Value 'broken'
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        (Get-WinJoinResult).facts.written | Should -Be 1
    }

    It 'fails naming the files missing from the archive' {
        New-WinJoinSdnZip -Path (Join-Path $script:State 'partial.zip') -Omit 'hns.psm1'
        { Invoke-WinJoinTestStep 'scripts' (Join-WinJoinParams $script:Params @{ Downloads = @{ sdnArchive = (Join-Path $script:State 'partial.zip') } }) } |
            Should -Throw '*hns.psm1*'
    }

    It 'refuses a service CIDR that is not a CIDR, so nothing lands in script text' {
        { Invoke-WinJoinTestStep 'scripts' (Join-WinJoinParams $script:Params @{ ServiceCidr = '10.0.0.0/8"; Remove-Item C:\ -Recurse; "' }) } | Should -Throw '*not an IPv4 CIDR*'
    }

    It 'undo removes the files it placed and nothing else' {
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Install 'mine.txt') -Value 'x'
        Invoke-WinJoinTestStep 'scripts' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'start-kubelet.ps1') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $script:Install 'mine.txt') | Should -BeTrue
    }
}

Describe 'kubeconfig' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $script:Src = New-WinJoinTestDir
        Set-Content -LiteralPath (Join-Path $script:Src 'ca.crt') -Value 'CA-PEM' -NoNewline
        Set-Content -LiteralPath (Join-Path $script:Src 'admin key.pem') -Value 'TOP-SECRET-KEY' -NoNewline
        $script:Kubeconfig = Join-Path $script:Src 'admin.conf'
        Set-Content -LiteralPath $script:Kubeconfig -Value @"
apiVersion: v1
clusters:
- cluster:
    certificate-authority: ca.crt
    server: https://10.1.2.3:6443
  name: k
users:
- name: admin
  user:
    client-key: "admin key.pem"
    client-certificate-data: AAAA
"@
        $global:AclOk = $false
        Mock Test-WinJoinAdminOnlyAcl { $global:AclOk }
        Mock Set-WinJoinAdminOnlyAcl { $global:AclOk = $true }
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; SourcePath = $script:Kubeconfig }
    }

    It 'writes the install dir config with certificate files inlined, admin-only ACL, KUBECONFIG, and prints no content' {
        $out = Invoke-WinJoinTestStep 'kubeconfig' $script:Params
        $target = Join-Path $script:Install 'config'
        $text = Get-Content -Raw -LiteralPath $target
        $text | Should -Match ('certificate-authority-data: ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('CA-PEM')))
        $text | Should -Match 'client-key-data: '
        $text | Should -Not -Match 'client-key: '
        Should -Invoke Set-WinJoinAdminOnlyAcl -Times 1 -ParameterFilter { $Path -eq $target }
        $WJMachineEnv['KUBECONFIG'] | Should -Be $target
        $b64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('TOP-SECRET-KEY'))
        ($out -join "`n") + ($WJEvents | ConvertTo-Json -Depth 6) | Should -Not -Match ([regex]::Escape($b64))
    }

    It 'changes nothing on a second run' {
        Invoke-WinJoinTestStep 'kubeconfig' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'kubeconfig' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'accepts content inlined by the Node side' {
        Invoke-WinJoinTestStep 'kubeconfig' @{ InstallDir = $script:Install; StateDir = $script:State; Content = "clusters:`n- cluster:`n    server: https://10.1.2.3:6443`n" } | Out-Null
        Get-Content -Raw -LiteralPath (Join-Path $script:Install 'config') | Should -Match '10.1.2.3'
    }

    It 'refuses a kubeconfig whose user runs an exec plugin or auth-provider command, and writes nothing' {
        $exec = "clusters:`n- cluster:`n    server: https://10.1.2.3:6443`nusers:`n- name: a`n  user:`n    exec:`n      command: C:\Users\Public\evil.exe`n"
        { Invoke-WinJoinTestStep 'kubeconfig' @{ InstallDir = $script:Install; StateDir = $script:State; Content = $exec } } | Should -Throw '*exec plugin*'
        $provider = "clusters:`n- cluster:`n    server: https://10.1.2.3:6443`nusers:`n- name: a`n  user:`n    auth-provider:`n      name: gcp`n"
        { Invoke-WinJoinTestStep 'kubeconfig' @{ InstallDir = $script:Install; StateDir = $script:State; Content = $provider } } | Should -Throw '*auth-provider*'
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
    }

    It 'refuses a kubeconfig pointing at localhost (T2/T3) and a missing certificate file' {
        { Invoke-WinJoinTestStep 'kubeconfig' @{ InstallDir = $script:Install; StateDir = $script:State; Content = "    server: https://127.0.0.1:6443`n" } } | Should -Throw '*localhost*'
        Remove-Item -LiteralPath (Join-Path $script:Src 'ca.crt')
        { Invoke-WinJoinTestStep 'kubeconfig' $script:Params } | Should -Throw '*does not exist*'
    }

    It 'undo removes the file it wrote and KUBECONFIG, but not a file someone replaced' {
        Invoke-WinJoinTestStep 'kubeconfig' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
        $WJMachineEnv.ContainsKey('KUBECONFIG') | Should -BeFalse
        Invoke-WinJoinTestStep 'kubeconfig' $script:Params | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Install 'config') -Value 'theirs'
        Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeTrue
    }
}

Describe 'binaries' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $staging = Join-Path $script:State 'tar'
        New-Item -ItemType Directory -Path (Join-Path $staging 'kubernetes/node/bin') | Out-Null
        foreach ($n in 'kubectl', 'kubelet', 'kube-proxy', 'kubeadm') { Set-Content -LiteralPath (Join-Path $staging "kubernetes/node/bin/$n.exe") -Value "bin-$n" }
        $script:Tarball = Join-Path $script:State 'node tarball.tar.gz'
        & tar -czf $script:Tarball -C $staging kubernetes
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Kubernetes v1.9.1') } -ParameterFilter { $FilePath -like '*kube*.exe' }
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; KubernetesVersion = '1.9.1'; Downloads = @{ nodeTarball = $script:Tarball } }
    }

    It 'extracts kubectl, kubelet and kube-proxy from the node tarball and checks their versions' {
        Invoke-WinJoinTestStep 'binaries' $script:Params | Out-Null
        Get-Content -LiteralPath (Join-Path $script:Install 'kubelet.exe') | Should -Be 'bin-kubelet'
        Test-Path -LiteralPath (Join-Path $script:Install 'kubeadm.exe') | Should -BeFalse
        Should -Invoke Invoke-WinJoinExe -Times 3
        (Get-WinJoinResult).facts.versions.kubelet | Should -Be '1.9.1'
    }

    It 'changes nothing on a second run' {
        Invoke-WinJoinTestStep 'binaries' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'binaries' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'places individually downloaded binaries for newer versions' {
        $downloads = @{}
        foreach ($n in 'kubectl', 'kubelet', 'kube-proxy') { $downloads[$n] = Join-Path $script:State "$n dl.exe"; Set-Content -LiteralPath $downloads[$n] -Value "new-$n" }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Client Version: version.Info{GitVersion:"v1.27.3"}') } -ParameterFilter { $FilePath -like '*kube*.exe' }
        Invoke-WinJoinTestStep 'binaries' @{ InstallDir = $script:Install; StateDir = $script:State; KubernetesVersion = 'v1.27.3'; Downloads = $downloads } | Out-Null
        Get-Content -LiteralPath (Join-Path $script:Install 'kube-proxy.exe') | Should -Be 'new-kube-proxy'
    }

    It 'fails when a binary reports another version' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Kubernetes v1.11.1') } -ParameterFilter { $FilePath -like '*kube*.exe' }
        { Invoke-WinJoinTestStep 'binaries' $script:Params } | Should -Throw '*expected v1.9.1*'
    }

    It 'undo removes the binaries' {
        Invoke-WinJoinTestStep 'binaries' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'binaries' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'kubectl.exe') | Should -BeFalse
    }
}

Describe 'path-env' {
    BeforeEach { . $WJCaptureMocks; $global:WJMachineEnv['Path'] = 'C:\Windows\system32;C:\Windows' }

    It 'adds the install dir to the machine PATH once and sets KUBECONFIG' {
        Invoke-WinJoinTestStep 'path-env' @{ InstallDir = 'C:\k' } | Out-Null
        $WJMachineEnv['Path'] | Should -Be 'C:\Windows\system32;C:\Windows;C:\k'
        $WJMachineEnv['KUBECONFIG'] | Should -Match 'config$'
        Invoke-WinJoinTestStep 'path-env' @{ InstallDir = 'C:\K\' } | Out-Null
        $WJMachineEnv['Path'] | Should -Be 'C:\Windows\system32;C:\Windows;C:\k'
    }

    It 'undo removes exactly that entry' {
        Invoke-WinJoinTestStep 'path-env' @{ InstallDir = 'C:\k' } | Out-Null
        Invoke-WinJoinTestStep 'path-env' @{ InstallDir = 'C:\k'; Undo = $true } | Out-Null
        $WJMachineEnv['Path'] | Should -Be 'C:\Windows\system32;C:\Windows'
        $WJMachineEnv.ContainsKey('KUBECONFIG') | Should -BeFalse
    }
}

Describe 'pause-image' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        Set-Content -LiteralPath (Join-Path $script:Install 'Dockerfile') -Value "FROM microsoft/windowsservercore`nCMD powershell /pause/pause.ps1"
        $global:Images = @{}
        Mock Get-WinJoinOsVersion { @{ Build = 16299; Ubr = 1; ProductName = 'x'; InstallationType = 'Server' } }
        Mock Invoke-WinJoinExe {
            switch ($ArgumentList[0]) {
                'images' { return New-WinJoinExeResult 0 @($global:Images[$ArgumentList[2]]) }
                'pull' { $global:Images[$ArgumentList[1]] = 'base1709'; return New-WinJoinExeResult 0 @("1709: Pulling from $($ArgumentList[1])") }
                'tag' { $global:Images[$ArgumentList[2]] = $global:Images[$ArgumentList[1]]; return New-WinJoinExeResult 0 }
                'build' { $global:Images['kubeletwin/pause'] = 'pause1'; return New-WinJoinExeResult 0 @('Successfully tagged kubeletwin/pause:latest') }
            }
        } -ParameterFilter { $FilePath -eq 'docker' }
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State }
    }

    It 'pulls the base image for the host build, tags it :latest and builds kubeletwin/pause in the install dir' {
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'pull' -and $ArgumentList[1] -eq 'mcr.microsoft.com/windows/servercore:1709' } -Times 1
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'tag' -and $ArgumentList[1] -eq 'mcr.microsoft.com/windows/servercore:1709' -and $ArgumentList[2] -eq 'microsoft/windowsservercore:latest' } -Times 1
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'build' -and $ArgumentList[3] -eq $script:Install } -Times 1
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'skips when kubeletwin/pause is present' {
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'build' } -Times 1
    }

    It 'follows the Dockerfile base image, so a nanoserver Dockerfile gets a matching nanoserver (T17)' {
        Set-Content -LiteralPath (Join-Path $script:Install 'Dockerfile') -Value 'FROM microsoft/nanoserver'
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'pull' -and $ArgumentList[1] -eq 'mcr.microsoft.com/windows/nanoserver:1709' } -Times 1
    }

    It 'pulls Server 2019, 2022 and 2025 bases from mcr.microsoft.com, where they are, not Docker Hub (defect 4)' {
        foreach ($case in @(@{ Build = 17763; Tag = '1809' }, @{ Build = 20348; Tag = 'ltsc2022' }, @{ Build = 26100; Tag = 'ltsc2025' })) {
            $global:Images = @{}
            $build = $case.Build
            Mock Get-WinJoinOsVersion { @{ Build = $build; Ubr = 1; ProductName = 'x'; InstallationType = 'Server' } }.GetNewClosure()
            Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
            $pulled = "mcr.microsoft.com/windows/servercore:$($case.Tag)"
            Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'pull' -and $ArgumentList[1] -eq $pulled } -Times 1
            $global:Images['microsoft/windowsservercore:latest'] | Should -Not -BeNullOrEmpty
        }
    }

    It 'fails for a build with no known tag instead of pulling a mismatched image (T7/T8)' {
        Mock Get-WinJoinOsVersion { @{ Build = 99999; Ubr = 1; ProductName = 'x'; InstallationType = 'Server' } }
        { Invoke-WinJoinTestStep 'pause-image' $script:Params } | Should -Throw '*no known*tag*'
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'pull' } -Times 0
    }

    It 'surfaces the host/image mismatch text when the build fails (T8)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @('The operating system of the container does not match the operating system of the host. (0xc0370101)') } -ParameterFilter { $FilePath -eq 'docker' -and $ArgumentList[0] -eq 'build' }
        { Invoke-WinJoinTestStep 'pause-image' $script:Params } | Should -Throw '*does not match the operating system of the host*'
    }

    It 'rejects a hostile base image tag' {
        { Invoke-WinJoinTestStep 'pause-image' (Join-WinJoinParams $script:Params @{ BaseImageTag = '1709; rm -rf /' }) } | Should -Throw '*not a valid image tag*'
    }

    It 'undo removes kubeletwin/pause and the :latest tag it made' {
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 } -ParameterFilter { $FilePath -eq 'docker' -and $ArgumentList[0] -eq 'rmi' }
        Invoke-WinJoinTestStep 'pause-image' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'rmi' -and $ArgumentList[1] -eq 'microsoft/windowsservercore:latest' } -Times 1
    }
}
