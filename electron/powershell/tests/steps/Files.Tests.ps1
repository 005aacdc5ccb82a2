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

    It "points start-kubeproxy.ps1 at kube-proxy's own kubeconfig, in the guide's form and in the rehearsal stand-in's" {
        Invoke-WinJoinTestStep 'scripts' $script:Params | Out-Null
        $text = Get-Content -Raw -LiteralPath (Join-Path $script:Install 'start-kubeproxy.ps1')
        $text | Should -Match ([regex]::Escape('--kubeconfig=c:\k\kube-proxy.conf'))
        $text | Should -Not -Match ([regex]::Escape('--kubeconfig=c:\k\config'))
        Set-WinJoinKubeProxyKubeconfig -Content "& x.exe --kubeconfig=`$(Join-Path `$WorkingDir 'config')" | Should -Be "& x.exe --kubeconfig=`$(Join-Path `$WorkingDir 'kube-proxy.conf')"
        { Set-WinJoinKubeProxyKubeconfig -Content 'kube-proxy.exe --v=4' } | Should -Throw '*names no --kubeconfig*'
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

Describe 'kubeconfig (docker-sdn: the node identity)' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        $global:AclOk = $false
        Mock Test-WinJoinAdminOnlyAcl { $global:AclOk }
        Mock Set-WinJoinAdminOnlyAcl { $global:AclOk = $true }
        Mock Get-WinJoinHostName { 'WIN-1' }
        $script:KeyParams = @{ InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1' }
        $script:Pki = Join-Path $script:Install 'pki'
    }

    BeforeAll {
    # Signs a certificate request with a throwaway CA, as the cluster's signer would.
    function script:Get-TestCertificate([string] $CsrBase64) {
        $dir = New-WinJoinTestDir
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'req.csr'), [Convert]::FromBase64String($CsrBase64))
        & openssl req -x509 -newkey rsa:2048 -nodes -keyout (Join-Path $dir 'ca.key') -out (Join-Path $dir 'ca.crt') -days 1 -subj '/CN=test-ca' 2>$null | Out-Null
        & openssl x509 -req -in (Join-Path $dir 'req.csr') -CA (Join-Path $dir 'ca.crt') -CAkey (Join-Path $dir 'ca.key') -set_serial 7 -days 1 -out (Join-Path $dir 'req.crt') 2>$null | Out-Null
        return [Convert]::ToBase64String([System.IO.File]::ReadAllBytes((Join-Path $dir 'req.crt')))
    }
    # The cluster's CA, made with .NET (pwsh 7) so that a test chooses a certificate's dates.
    function script:New-TestClusterCa([string] $Name = 'test-cluster-ca') {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Name", $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $req.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $cert = $req.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-400), [DateTimeOffset]::UtcNow.AddDays(3650))
        $pem = $cert.ExportCertificatePem() + "`n"
        return @{ Cert = $cert; Data = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes($pem)) }
    }
    # The certificate that CA issues for a request (base64 PEM, as status.certificate holds it), valid from $From to $To.
    function script:Get-TestSignedCertificate($Ca, [string] $CsrBase64, [DateTimeOffset] $From = [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset] $To = [DateTimeOffset]::UtcNow.AddDays(365)) {
        $csrPem = [System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($CsrBase64))
        $req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::LoadSigningRequestPem($csrPem, 'SHA256', 'Default', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $serial = [byte[]]@(1, 2, 3, (Get-Random -Maximum 250))
        $cert = $req.Create($Ca.Cert, $From, $To, $serial)
        return [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes($cert.ExportCertificatePem() + "`n"))
    }
    # A joined node: both kubeconfigs written from certificates $Ca issued (valid from $From to $To).
    function script:Join-TestNode($Ca, [string] $Server = 'https://10.1.2.3:6443', [DateTimeOffset] $From = [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset] $To = [DateTimeOffset]::UtcNow.AddDays(365)) {
        foreach ($file in 'config', 'kube-proxy.conf') { Remove-Item -LiteralPath (Join-Path $script:Install $file) -ErrorAction SilentlyContinue }
        Invoke-WinJoinTestStep 'kubeconfig-keys' (Join-WinJoinParams $script:KeyParams @{ Server = $Server; CaData = $Ca.Data }) | Out-Null
        $facts = (Get-WinJoinResult).facts
        $params = @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = $Server; CaData = $Ca.Data
            KubeletCertificate = (Get-TestSignedCertificate $Ca $facts.kubeletCsr $From $To); KubeProxyCertificate = (Get-TestSignedCertificate $Ca $facts.kubeProxyCsr $From $To)
        }
        Invoke-WinJoinTestStep 'kubeconfig' $params | Out-Null
        return $params
    }
    function script:Get-TestIdentityFiles { @('config', 'kube-proxy.conf') | ForEach-Object { Get-Content -Raw -LiteralPath (Join-Path $script:Install $_) } }
    }

    It 'a re-run on a joined node keeps both good identities: no new key, no request, nothing changed (kubeconfig-keys, then kubeconfig)' {
        $ca = New-TestClusterCa
        $joined = Join-TestNode $ca
        $before = Get-TestIdentityFiles
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' (Join-WinJoinParams $script:KeyParams @{ Server = $joined.Server; CaData = $ca.Data })
        $result = Get-WinJoinResult
        $result.changed | Should -BeFalse
        $result.facts.kubeletCsr | Should -Be ''
        $result.facts.kubeProxyCsr | Should -Be ''
        ($out -join "`n") | Should -Match 'good identity for system:node:win-1: kept'
        @(Get-ChildItem -LiteralPath $script:Pki -ErrorAction SilentlyContinue).Count | Should -Be 0
        # The second half, handed no certificate, keeps both files and finds nothing to do.
        Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $joined @{ KubeletCertificate = ''; KubeProxyCertificate = '' }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Get-TestIdentityFiles | Should -Be $before
        $WJMachineEnv['KUBECONFIG'] | Should -Be (Join-Path $script:Install 'config')
    }

    It 'a re-run renews an identity for another server, another cluster CA or another node name, and one in the last fifth of its lifetime' {
        $ca = New-TestClusterCa
        $joined = Join-TestNode $ca
        $keys = Join-WinJoinParams $script:KeyParams @{ Server = $joined.Server; CaData = $ca.Data }
        foreach ($case in @(
                @{ Server = 'https://10.9.9.9:6443' },
                @{ CaData = (New-TestClusterCa 'another-ca').Data },
                @{ NodeName = 'win-2' })) {
            Invoke-WinJoinTestStep 'kubeconfig-keys' (Join-WinJoinParams $keys $case) | Out-Null
            (Get-WinJoinResult).facts.kubeletCsr | Should -Not -BeNullOrEmpty
            (Get-WinJoinResult).changed | Should -BeTrue
            Remove-Item -LiteralPath $script:Pki -Recurse -Force
        }
        # Only kubelet's identity names the node: kube-proxy's stays good for another node name.
        (Get-WinJoinResult).facts.kubeProxyCsr | Should -Be ''
        # 100 days of a 120-day certificate are over: less than a fifth is left.
        Join-TestNode $ca -From ([DateTimeOffset]::UtcNow.AddDays(-100)) -To ([DateTimeOffset]::UtcNow.AddDays(20)) | Out-Null
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' $keys
        (Get-WinJoinResult).facts.kubeletCsr | Should -Not -BeNullOrEmpty
        ($out -join "`n") | Should -Match 'last fifth of its lifetime'
    }

    It 'a re-run does not keep a certificate the cluster CA did not sign, nor one whose key is not the one beside it' {
        $ca = New-TestClusterCa
        $joined = Join-TestNode $ca
        $keys = Join-WinJoinParams $script:KeyParams @{ Server = $joined.Server; CaData = $ca.Data }
        # A certificate from another CA, written with the cluster CA's data beside it.
        $other = New-TestClusterCa 'not-the-cluster'
        Invoke-WinJoinTestStep 'kubeconfig-keys' (Join-WinJoinParams $keys @{ Server = 'https://10.9.9.9:6443' }) | Out-Null
        $facts = (Get-WinJoinResult).facts
        Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $joined @{ KubeletCertificate = (Get-TestSignedCertificate $other $facts.kubeletCsr); KubeProxyCertificate = (Get-TestSignedCertificate $ca $facts.kubeProxyCsr) }) | Out-Null
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' $keys
        ($out -join "`n") | Should -Match 'not signed by the cluster CA'
        (Get-WinJoinResult).facts.kubeletCsr | Should -Not -BeNullOrEmpty
        (Get-WinJoinResult).facts.kubeProxyCsr | Should -Be ''
        # kube-proxy's certificate with kubelet's key.
        Remove-Item -LiteralPath $script:Pki -Recurse -Force
        $joined = Join-TestNode $ca
        $config = Get-Content -Raw -LiteralPath (Join-Path $script:Install 'config')
        $proxyKey = [regex]::Match((Get-Content -Raw -LiteralPath (Join-Path $script:Install 'kube-proxy.conf')), 'client-key-data: (\S+)').Groups[1].Value
        $swapped = [regex]::Replace($config, 'client-key-data: \S+', "client-key-data: $proxyKey")
        [System.IO.File]::WriteAllText((Join-Path $script:Install 'config'), $swapped)
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' $keys
        ($out -join "`n") | Should -Match 'its key is not the certificate'
    }

    It 'a run interrupted before signing leaves its key waiting: the next run reuses it and returns the same requests, changing nothing' {
        $ca = New-TestClusterCa
        $keys = Join-WinJoinParams $script:KeyParams @{ Server = 'https://10.1.2.3:6443'; CaData = $ca.Data }
        Invoke-WinJoinTestStep 'kubeconfig-keys' $keys | Out-Null
        $first = (Get-WinJoinResult).facts
        $key = Get-Content -Raw -LiteralPath (Join-Path $script:Pki 'kubelet-pending.key')
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' $keys
        $second = Get-WinJoinResult
        $second.facts.kubeletCsr | Should -Be $first.kubeletCsr
        $second.facts.kubeProxyCsr | Should -Be $first.kubeProxyCsr
        $second.changed | Should -BeFalse
        Get-Content -Raw -LiteralPath (Join-Path $script:Pki 'kubelet-pending.key') | Should -Be $key
        ($out -join "`n") | Should -Match 'waiting from an earlier run is reused'
        # The reused request still verifies and carries the waiting key.
        $dir = New-WinJoinTestDir
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'kubelet.csr'), [Convert]::FromBase64String($second.facts.kubeletCsr))
        (& openssl req -in (Join-Path $dir 'kubelet.csr') -noout -verify 2>&1) -join ' ' | Should -Match 'verify OK|Certificate request self-signature verify OK'
        # Signed at last: the kubeconfig takes the waiting key.
        Invoke-WinJoinTestStep 'kubeconfig' @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = 'https://10.1.2.3:6443'; CaData = $ca.Data
            KubeletCertificate = (Get-TestSignedCertificate $ca $second.facts.kubeletCsr); KubeProxyCertificate = (Get-TestSignedCertificate $ca $second.facts.kubeProxyCsr)
        } | Out-Null
        Invoke-WinJoinTestStep 'kubeconfig-keys' $keys | Out-Null
        (Get-WinJoinResult).facts.kubeletCsr | Should -Be ''
    }

    It 'kubeconfig-keys makes the two keys on the node (admin-only) and returns only their requests, for the node and kube-proxy subjects' {
        $out = Invoke-WinJoinTestStep 'kubeconfig-keys' $script:KeyParams
        $facts = (Get-WinJoinResult).facts
        $dir = New-WinJoinTestDir
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'kubelet.csr'), [Convert]::FromBase64String($facts.kubeletCsr))
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'proxy.csr'), [Convert]::FromBase64String($facts.kubeProxyCsr))
        (& openssl req -in (Join-Path $dir 'kubelet.csr') -noout -verify -subject -nameopt RFC2253 2>&1) -join ' ' | Should -Match 'subject=CN=system:node:win-1,O=system:nodes'
        (& openssl req -in (Join-Path $dir 'proxy.csr') -noout -verify -subject -nameopt RFC2253 2>&1) -join ' ' | Should -Match 'subject=CN=system:kube-proxy(\s|$)'
        $key = Join-Path $script:Pki 'kubelet-pending.key'
        (& openssl rsa -in $key -check -noout 2>&1) -join ' ' | Should -Match 'RSA key ok'
        # The request carries the waiting key's public half.
        ((& openssl rsa -in $key -pubout 2>$null) -join "`n") | Should -Be ((& openssl req -in (Join-Path $dir 'kubelet.csr') -noout -pubkey 2>$null) -join "`n")
        Should -Invoke Set-WinJoinAdminOnlyAcl -ParameterFilter { $Path -eq $key }
        $keyBody = ((Get-Content -LiteralPath $key) | Where-Object { $_ -notmatch '-----' }) -join ''
        ($out -join "`n") + ($WJEvents | ConvertTo-Json -Depth 6) | Should -Not -Match ([regex]::Escape($keyBody.Substring(0, 40)))
    }

    It 'kubeconfig writes one cluster and one user per identity, admin-only, KUBECONFIG at the node one, and removes the waiting keys' {
        Invoke-WinJoinTestStep 'kubeconfig-keys' $script:KeyParams | Out-Null
        $facts = (Get-WinJoinResult).facts
        $params = @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = 'https://10.1.2.3:6443'; CaData = 'Q0EtUEVN'
            KubeletCertificate = (Get-TestCertificate $facts.kubeletCsr); KubeProxyCertificate = (Get-TestCertificate $facts.kubeProxyCsr)
        }
        $keyData = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes((Join-Path $script:Pki 'kubelet-pending.key')))
        Mock Test-WinJoinAdminOnlyAcl { $false }
        Invoke-WinJoinTestStep 'kubeconfig' $params | Out-Null
        $config = Get-Content -Raw -LiteralPath (Join-Path $script:Install 'config')
        $config | Should -Match '(?m)^- name: "system:node:win-1"$'
        $config | Should -Match '(?m)^current-context: "system:node:win-1"$'
        $config | Should -Match ([regex]::Escape("client-key-data: $keyData"))
        $config | Should -Match 'certificate-authority-data: Q0EtUEVN'
        ([regex]::Matches($config, '(?m)^- name:')).Count | Should -Be 3
        Get-Content -Raw -LiteralPath (Join-Path $script:Install 'kube-proxy.conf') | Should -Match '(?m)^- name: "system:kube-proxy"$'
        Test-Path -LiteralPath (Join-Path $script:Pki 'kubelet-pending.key') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $script:Pki 'kube-proxy-pending.key') | Should -BeFalse
        Should -Invoke Set-WinJoinAdminOnlyAcl -ParameterFilter { $Path -eq (Join-Path $script:Install 'kube-proxy.conf') }
        $WJMachineEnv['KUBECONFIG'] | Should -Be (Join-Path $script:Install 'config')
        (Get-WinJoinResult).facts.user | Should -Be 'system:node:win-1'
    }

    It 'kubeconfig refuses a missing certificate or key, and a localhost server (T2)' {
        $base = @{ InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = 'https://10.1.2.3:6443'; KubeletCertificate = 'eA=='; KubeProxyCertificate = 'eA==' }
        { Invoke-WinJoinTestStep 'kubeconfig' $base } | Should -Throw '*key for system:node:win-1*missing*'
        { Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $base @{ KubeletCertificate = '' }) } | Should -Throw '*no certificate for system:node:win-1*'
        { Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $base @{ Server = 'https://127.0.0.1:6443' }) } | Should -Throw '*localhost*'
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
    }

    It 'kubeconfig refuses a server URL or data that would add YAML of its own (an exec plugin kubelet would run as SYSTEM)' {
        Invoke-WinJoinTestStep 'kubeconfig-keys' $script:KeyParams | Out-Null
        $facts = (Get-WinJoinResult).facts
        $base = @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = 'https://10.1.2.3:6443'; CaData = 'Q0EtUEVN'
            KubeletCertificate = (Get-TestCertificate $facts.kubeletCsr); KubeProxyCertificate = (Get-TestCertificate $facts.kubeProxyCsr)
        }
        $injected = "https://10.1.2.3:6443`nusers:`n- name: x`n  user:`n    exec:`n      command: C:\evil.exe"
        { Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $base @{ Server = $injected }) } | Should -Throw '*API server URL cannot go into a kubeconfig*'
        { Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $base @{ Server = 'https://10.1.2.3:6443 # x' }) } | Should -Throw '*API server URL*'
        { Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $base @{ CaData = "Q0E=`n    exec: x" }) } | Should -Throw '*not base64*'
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
    }

    It 'undo removes both kubeconfigs it wrote, a waiting key and KUBECONFIG, but not a file someone replaced' {
        Invoke-WinJoinTestStep 'kubeconfig-keys' $script:KeyParams | Out-Null
        $facts = (Get-WinJoinResult).facts
        $params = @{
            InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1'; Server = 'https://10.1.2.3:6443'
            KubeletCertificate = (Get-TestCertificate $facts.kubeletCsr); KubeProxyCertificate = (Get-TestCertificate $facts.kubeProxyCsr)
        }
        Invoke-WinJoinTestStep 'kubeconfig' $params | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Install 'kube-proxy.conf') -Value 'theirs'
        Invoke-WinJoinTestStep 'kubeconfig-keys' $script:KeyParams | Out-Null
        Invoke-WinJoinTestStep 'kubeconfig' (Join-WinJoinParams $params @{ Undo = $true }) | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $script:Install 'kube-proxy.conf') | Should -BeTrue
        @(Get-ChildItem -LiteralPath $script:Pki).Count | Should -Be 0
        $WJMachineEnv.ContainsKey('KUBECONFIG') | Should -BeFalse
    }

    It 'undo still removes the admin kubeconfig an older join copied (recorded as sha256)' {
        Set-Content -LiteralPath (Join-Path $script:Install 'config') -Value 'old-admin' -NoNewline
        Write-WinJoinRecord -StateDir $script:State -Name 'kubeconfig' -Record @{ sha256 = (Get-WinJoinSha256 'old-admin') }
        $WJMachineEnv['KUBECONFIG'] = Join-Path $script:Install 'config'
        Invoke-WinJoinTestStep 'kubeconfig' @{ InstallDir = $script:Install; StateDir = $script:State; Undo = $true } | Out-Null
        Test-Path -LiteralPath (Join-Path $script:Install 'config') | Should -BeFalse
        $WJMachineEnv.ContainsKey('KUBECONFIG') | Should -BeFalse
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
                'image' {
                    # docker image inspect --format={{json .RepoDigests}}: what the registry returned for a pulled image.
                    $ref = $ArgumentList[3]
                    if (-not $global:Images[$ref]) { return New-WinJoinExeResult 1 @("Error: No such image: $ref") }
                    if ($ref -like 'mcr.microsoft.com/*') { return New-WinJoinExeResult 0 @("[`"$($ref -replace ':[^:/]+$', '')@sha256:$('ab' * 32)`",`"other.example/mirror@sha256:$('cd' * 32)`"]") }
                    return New-WinJoinExeResult 0 @('[]')
                }
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

    It 'records the digest the registry returned for the base image, pulled by tag because the tag has no lasting digest (issue 19)' {
        Invoke-WinJoinTestStep 'pause-image' $script:Params | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'image' -and $ArgumentList[1] -eq 'inspect' -and $ArgumentList[2] -eq '--format={{json .RepoDigests}}' -and $ArgumentList[3] -eq 'mcr.microsoft.com/windows/servercore:1709' } -Times 1
        $digest = "mcr.microsoft.com/windows/servercore@sha256:$('ab' * 32)"
        (Get-WinJoinResult).facts.baseImageDigest | Should -Be $digest
        (Get-WinJoinResult).facts.baseImage | Should -Be 'mcr.microsoft.com/windows/servercore:1709'
        (Get-Content -Raw -LiteralPath (Join-Path $script:State 'machine/pause-image.json') | ConvertFrom-Json).baseImageDigest | Should -Be $digest
    }

    It 'records no digest, and says so, for a base image that was loaded rather than pulled' {
        $global:Images['mcr.microsoft.com/windows/servercore:1709'] = 'loaded'
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('[]') } -ParameterFilter { $FilePath -eq 'docker' -and $ArgumentList[0] -eq 'image' }
        $output = Invoke-WinJoinTestStep 'pause-image' $script:Params
        ($output -join "`n") | Should -Match 'carries no registry digest'
        (Get-WinJoinResult).facts.baseImageDigest | Should -Be ''
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $ArgumentList[0] -eq 'pull' } -Times 0
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
