# containerd-kubeadm steps that install the container runtime: containerd
# (files, config.toml, service, proxy, admin-only directories) and crictl.
BeforeAll {
    . (Join-Path $PSScriptRoot '../StepTestHelpers.ps1')
    # Loaded here so its icacls call can be mocked inside the module; _Init.ps1 then reuses it.
    Import-Module (Join-Path $PSScriptRoot '../../../WinJoin.SecureDirectory.psm1') -Force -Global

    function global:New-WinJoinTarGz([string] $Path, [hashtable] $Entries) {
        # A .tar.gz with @{ 'path/in/tar' = 'text' } entries, as the releases ship them.
        $staging = Join-Path ([IO.Path]::GetTempPath()) ('wj-tar-' + [guid]::NewGuid().ToString('N'))
        foreach ($name in $Entries.Keys) {
            $file = Join-Path $staging $name
            [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($file))
            [IO.File]::WriteAllText($file, [string]$Entries[$name])
        }
        $top = @($Entries.Keys | ForEach-Object { ($_ -split '/')[0] } | Select-Object -Unique)
        & tar -czf $Path -C $staging @top
        Remove-Item -LiteralPath $staging -Recurse -Force
    }
}

Describe 'containerd-kubeadm containerd' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Root = New-WinJoinTestDir
        $script:State = Join-Path $script:Root 'state'
        [void][IO.Directory]::CreateDirectory($script:State)
        $script:Dir = Join-Path $script:Root 'Program Files/containerd'
        $script:Tarball = Join-Path $script:Root 'containerd-2.3.4-windows-amd64.tar.gz'
        New-WinJoinTarGz $script:Tarball @{ 'bin/containerd.exe' = 'containerd 2.3.4'; 'bin/ctr.exe' = 'ctr'; 'bin/containerd-shim-runhcs-v1.exe' = 'shim'; 'bin/containerd-stress.exe' = 'stress' }
        $global:Icacls = New-Object System.Collections.Generic.List[object]
        Mock Invoke-WinJoinExe -ModuleName WinJoin.SecureDirectory { $global:Icacls.Add([string[]]$ArgumentList); @{ ExitCode = 0; StdOut = @(); StdErr = @(); Output = @() } }
        $global:Services = @{}
        $global:ServiceEnv = @{}
        $global:Exe = New-Object System.Collections.Generic.List[string]
        Mock Get-Service { $global:Services[$Name] }
        Mock Start-Service { $global:Services[$Name].Status = 'Running' }
        Mock Stop-Service { $global:Services[$Name].Status = 'Stopped' }
        Mock Restart-Service { }
        Mock Get-WinJoinServiceConfig { if ($global:Services[$Name]) { @{ ImagePath = $global:Services[$Name].ImagePath; DependOnService = @() } } }
        # As the real one: the lines, or nothing when the service has no Environment value.
        Mock Get-WinJoinServiceEnvironment { @($global:ServiceEnv[$Name] | Where-Object { $_ }) }
        Mock Set-WinJoinServiceEnvironment { $global:ServiceEnv[$Name] = [string[]]$Environment }
        # Protect returns the key's ACL as it found it (SDDL): after the first time that is WinJoin's own.
        $global:KeyAcl = 'D:AI(A;CIID;KR;;;BU)(A;CIID;KA;;;BA)(A;CIID;KA;;;SY)'
        Mock Protect-WinJoinServiceKey { $before = $global:KeyAcl; $global:KeyAcl = 'D:P(A;CI;KA;;;BA)(A;CI;KA;;;SY)'; $before }
        Mock Restore-WinJoinServiceKey { $global:KeyAcl = $Sddl }
        Mock Invoke-WinJoinExe {
            $global:Exe.Add("containerd.exe $($ArgumentList -join ' ')")
            switch ($ArgumentList[0]) {
                '--register-service' { $global:Services['containerd'] = [pscustomobject]@{ Name = 'containerd'; Status = 'Stopped'; ImagePath = "`"$FilePath`" --run-service --log-file `"$($ArgumentList[2])`"" } }
                '--unregister-service' { $global:Services.Remove('containerd') }
            }
            New-WinJoinExeResult 0
        } -ParameterFilter { $FilePath -like '*containerd.exe' }
        $global:CtrAnswers = 0
        Mock Invoke-WinJoinExe {
            $global:CtrAnswers++
            if ($global:Services['containerd'].Status -ne 'Running') { return New-WinJoinExeResult 1 @() @('ctr: failed to dial "\\\\.\\pipe\\containerd-containerd": context deadline exceeded') }
            New-WinJoinExeResult 0 @('Client:', '  Version:  v2.3.4', '', 'Server:', '  Version:  v2.3.4', '  UUID: 1')
        } -ParameterFilter { $FilePath -like '*ctr.exe' }
        $global:WJMachineEnv['Path'] = '%SystemRoot%\system32'
        $script:Params = @{
            StateDir = $script:State; ContainerdDir = $script:Dir; Version = '2.3.4'
            CniBinDir = (Join-Path $script:Root 'opt/cni/bin'); CniConfDir = (Join-Path $script:Root 'etc/cni/net.d')
            RegistryConfigDir = (Join-Path $script:Root 'etc/containerd/certs.d'); ExtraCaFile = ''
            HttpProxy = ''; HttpsProxy = ''; NoProxy = @(); SandboxImage = 'registry.k8s.io/pause:3.10.2'; Downloads = @{ containerdTarball = $script:Tarball }
        }
    }
    AfterEach { Remove-Item -LiteralPath $script:Root -Recurse -Force }

    It 'places the binaries, writes config.toml without BOM with the CNI dirs, sandbox and hosts dir, registers and starts the service' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        Get-Content -LiteralPath (Join-Path $script:Dir 'containerd-shim-runhcs-v1.exe') | Should -Be 'shim'
        $bytes = [IO.File]::ReadAllBytes((Join-Path $script:Dir 'config.toml'))
        $bytes[0] | Should -Not -Be 0xEF
        $text = [Text.Encoding]::UTF8.GetString($bytes)
        $text | Should -Match '(?m)^version = 3$'
        $text | Should -Match ([regex]::Escape("[plugins.'io.containerd.cri.v1.runtime'.cni]`n  bin_dirs = ['$($script:Params.CniBinDir)']`n  conf_dir = '$($script:Params.CniConfDir)'"))
        $text | Should -Match ([regex]::Escape("[plugins.'io.containerd.cri.v1.images'.pinned_images]`n  sandbox = 'registry.k8s.io/pause:3.10.2'"))
        $text | Should -Match ([regex]::Escape("config_path = '$($script:Params.RegistryConfigDir)'"))
        $global:Exe | Should -Contain "containerd.exe --register-service --log-file $(Join-Path (Join-Path $script:State 'logs') 'containerd.log')"
        $global:Services['containerd'].Status | Should -Be 'Running'
        $global:WJMachineEnv['Path'] | Should -Be "%SystemRoot%\system32;$($script:Dir)"
        (Get-WinJoinResult).facts.version | Should -Be '2.3.4'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'creates the containerd, CNI and registry hosts directories admin-only, with exactly the Administrators and SYSTEM rules (issue 16)' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        $rules = @('/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', '*S-1-5-18:(OI)(CI)F')
        foreach ($dir in $script:Dir, $script:Params.CniBinDir, $script:Params.CniConfDir, $script:Params.RegistryConfigDir) {
            @($global:Icacls | Where-Object { $_[0] -eq $dir -and $_[1] -eq '/inheritance:r' }).Count | Should -Be 1 -Because $dir
            ($global:Icacls | Where-Object { $_[0] -eq $dir -and $_[1] -eq '/inheritance:r' } | Select-Object -First 1) | Should -Be (@($dir) + $rules)
            @($global:Icacls | Where-Object { $_[0] -eq $dir -and $_[1] -eq '/setowner' }).Count | Should -Be 1
        }
    }

    It 'refuses a CNI directory someone else may write to, before placing anything' {
        [void][IO.Directory]::CreateDirectory($script:Params.CniBinDir)
        $global:OpenDir = $script:Params.CniBinDir
        # Authenticated Users may modify it: what C:\'s default ACL hands a folder a user created there.
        Mock Get-Acl { [pscustomobject]@{ Sddl = 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1301bf;;;AU)' } } -ParameterFilter { $LiteralPath -eq $global:OpenDir } -ModuleName WinJoin.SecureDirectory
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params } | Should -Throw '*grants access to AU*'
        [IO.File]::Exists((Join-Path $script:Dir 'containerd.exe')) | Should -BeFalse
    }

    It 'is idempotent: a second run writes nothing, registers nothing and restarts nothing' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        $written = (Get-Item -LiteralPath (Join-Path $script:Dir 'config.toml')).LastWriteTimeUtc
        $global:Icacls.Clear()
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        (Get-Item -LiteralPath (Join-Path $script:Dir 'config.toml')).LastWriteTimeUtc | Should -Be $written
        @($global:Exe | Where-Object { $_ -like '*--register-service*' }).Count | Should -Be 1
        Should -Invoke Restart-Service -Times 0
        Should -Invoke Stop-Service -Times 0
        $global:Icacls.Count | Should -Be 0
    }

    It 'refuses to write a config.toml without the sandbox image the plan chose, before placing anything' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ SandboxImage = '' }) } | Should -Throw '*no sandbox image given*'
        [IO.File]::Exists((Join-Path $script:Dir 'config.toml')) | Should -BeFalse
    }

    It 'writes the 1.7 layout for containerd 1.7 (version 2, bin_dir, sandbox_image)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Server:', '  Version:  v1.7.34') } -ParameterFilter { $FilePath -like '*ctr.exe' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ Version = '1.7.34'; SandboxImage = 'registry.k8s.io/pause:3.8' }) | Out-Null
        $text = [IO.File]::ReadAllText((Join-Path $script:Dir 'config.toml'))
        $text | Should -Match '(?m)^version = 2$'
        $text | Should -Match ([regex]::Escape("[plugins.`"io.containerd.grpc.v1.cri`".cni]`n  bin_dir = '"))
        $text | Should -Match "sandbox_image = 'registry.k8s.io/pause:3.8'"
    }

    It 'trusts downloads.extraCaFile for image pulls through _default\hosts.toml (T18); containerd 2.x gets the CA alone' {
        Mock Get-WinJoinRootCertificatePem { @("-----BEGIN CERTIFICATE-----`nUk9PVA==`n-----END CERTIFICATE-----") }
        $ca = Join-Path $script:Root 'proxy-ca.pem'
        [IO.File]::WriteAllText($ca, "-----BEGIN CERTIFICATE-----`r`nUFJPWFk=`r`n-----END CERTIFICATE-----`r`n")
        $output = Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ ExtraCaFile = $ca })
        $hostsDir = Join-Path $script:Params.RegistryConfigDir '_default'
        $bundle = Join-Path $hostsDir 'winjoin-ca.pem'
        $hosts = [IO.File]::ReadAllBytes((Join-Path $hostsDir 'hosts.toml'))
        $hosts[0] | Should -Not -Be 0xEF
        [Text.Encoding]::UTF8.GetString($hosts) | Should -Match ([regex]::Escape("ca = '$bundle'"))
        [IO.File]::ReadAllText($bundle) | Should -Be "-----BEGIN CERTIFICATE-----`nUFJPWFk=`n-----END CERTIFICATE-----`n"
        Should -Invoke Get-WinJoinRootCertificatePem -Times 0
        ($output -join "`n") | Should -Match 'image pulls trust'
        # The second run changes nothing; taking the CA out of the answers takes WinJoin's trust away.
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ ExtraCaFile = $ca }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeTrue
        [IO.File]::Exists((Join-Path $hostsDir 'hosts.toml')) | Should -BeFalse
        [IO.File]::Exists($bundle) | Should -BeFalse
    }

    It 'starts the CA bundle with the machine''s roots for containerd 1.7, which then trusts only that file (T18), and undo removes it' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Server:', '  Version:  v1.7.34') } -ParameterFilter { $FilePath -like '*ctr.exe' }
        Mock Get-WinJoinRootCertificatePem { @("-----BEGIN CERTIFICATE-----`nUk9PVA==`n-----END CERTIFICATE-----") }
        $ca = Join-Path $script:Root 'proxy-ca.pem'
        [IO.File]::WriteAllText($ca, "-----BEGIN CERTIFICATE-----`nUFJPWFk=`n-----END CERTIFICATE-----`n")
        $params = Join-WinJoinParams $script:Params @{ ExtraCaFile = $ca; Version = '1.7.34' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $params | Out-Null
        $bundle = Join-Path (Join-Path $script:Params.RegistryConfigDir '_default') 'winjoin-ca.pem'
        [IO.File]::ReadAllText($bundle) | Should -Be "-----BEGIN CERTIFICATE-----`nUk9PVA==`n-----END CERTIFICATE-----`n-----BEGIN CERTIFICATE-----`nUFJPWFk=`n-----END CERTIFICATE-----`n"
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $params @{ Undo = $true }) | Out-Null
        [IO.File]::Exists($bundle) | Should -BeFalse
        [IO.File]::Exists((Join-Path (Join-Path $script:Params.RegistryConfigDir '_default') 'hosts.toml')) | Should -BeFalse
    }

    It 'keeps a _default\hosts.toml someone else wrote, and says the line to add' {
        $ca = Join-Path $script:Root 'proxy-ca.pem'
        [IO.File]::WriteAllText($ca, "-----BEGIN CERTIFICATE-----`nUFJPWFk=`n-----END CERTIFICATE-----`n")
        $hostsDir = Join-Path $script:Params.RegistryConfigDir '_default'
        [void][IO.Directory]::CreateDirectory($hostsDir)
        [IO.File]::WriteAllText((Join-Path $hostsDir 'hosts.toml'), "server = 'https://mirror.example'`n")
        $output = Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ ExtraCaFile = $ca })
        [IO.File]::ReadAllText((Join-Path $hostsDir 'hosts.toml')) | Should -Be "server = 'https://mirror.example'`n"
        ($output -join "`n") | Should -Match ([regex]::Escape("kept $(Join-Path $hostsDir 'hosts.toml') (not written by WinJoin); for pulls through the proxy add: ca = '"))
    }

    It 'refuses an extraCaFile that holds no PEM certificate, naming the field' {
        $ca = Join-Path $script:Root 'proxy-ca.der'
        [IO.File]::WriteAllBytes($ca, [byte[]](0x30, 0x82, 0x01, 0x0a))
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ ExtraCaFile = $ca }) } | Should -Throw '*downloads.extraCaFile holds no PEM certificate*'
    }

    It 'refuses a path TOML cannot hold as a literal (T11)' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ CniConfDir = "C:\it's" }) } | Should -Throw '*TOML literal*'
    }

    It 'puts the proxy into the service''s own Environment (T16), keeps other entries, prints it masked, and restarts only when it changes' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        $global:ServiceEnv['containerd'] = @('FOO=bar', 'HTTP_PROXY=http://old:1/')
        $proxy = Join-WinJoinParams $script:Params @{ HttpProxy = 'http://ops:pa''ss$(whoami)@proxy:3128/'; HttpsProxy = 'http://ops:pa''ss$(whoami)@proxy:3128/'; NoProxy = @('10.96.0.0/12', '.svc') }
        $out = Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $proxy
        $global:ServiceEnv['containerd'] | Should -Be @('FOO=bar', 'HTTP_PROXY=http://ops:pa''ss$(whoami)@proxy:3128/', 'HTTPS_PROXY=http://ops:pa''ss$(whoami)@proxy:3128/', 'NO_PROXY=10.96.0.0/12,.svc')
        ($out -join "`n") | Should -Match ([regex]::Escape('http://ops:***@proxy:3128/'))
        ($out -join "`n") | Should -Not -Match 'whoami'
        (@($WJEvents | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 8 -Compress }) -join "`n") | Should -Not -Match 'whoami'
        Should -Invoke Restart-Service -Times 1 -ParameterFilter { $Name -eq 'containerd' }
        # The key holding the password is made admin and SYSTEM only (issue 19, point 8).
        Should -Invoke Protect-WinJoinServiceKey -ParameterFilter { $Name -eq 'containerd' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $proxy | Out-Null
        Should -Invoke Restart-Service -Times 1
        (Get-WinJoinResult).changed | Should -BeFalse
        # The undo record says a proxy was set, never which.
        [IO.File]::ReadAllText((Join-Path $script:State 'machine/containerd.json')) | Should -Not -Match 'proxy:3128'
    }

    It 'leaves the service key''s ACL alone for a proxy without credentials' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ HttpProxy = 'http://proxy:3128/'; HttpsProxy = 'http://proxy:3128/' }) | Out-Null
        $global:ServiceEnv['containerd'] | Should -Contain 'HTTPS_PROXY=http://proxy:3128/'
        Should -Invoke Protect-WinJoinServiceKey -Times 0
    }

    It 'gives the service key its ACL back, after taking the proxy lines out, when the proxy leaves the answers (issue 19)' {
        $proxy = Join-WinJoinParams $script:Params @{ HttpsProxy = 'http://ops:secret@proxy:3128/'; NoProxy = @('.svc') }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $proxy | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $proxy | Out-Null
        $global:KeyAcl | Should -Be 'D:P(A;CI;KA;;;BA)(A;CI;KA;;;SY)'
        $global:ServiceEnv['containerd'] = @($global:ServiceEnv['containerd']) + 'FOO=bar'
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        # The ACL from before the first protection, not the one the second run found (WinJoin's own).
        Should -Invoke Restore-WinJoinServiceKey -Times 1 -ParameterFilter { $Name -eq 'containerd' -and $Sddl -eq 'D:AI(A;CIID;KR;;;BU)(A;CIID;KA;;;BA)(A;CIID;KA;;;SY)' }
        $global:ServiceEnv['containerd'] | Should -Be @('FOO=bar')
        (Get-WinJoinResult).changed | Should -BeTrue
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        Should -Invoke Restore-WinJoinServiceKey -Times 1
    }

    It 'undo of a containerd service it did not register takes the proxy out and restores the key''s ACL; one it registered goes whole' {
        $global:Services['containerd'] = [pscustomobject]@{ Name = 'containerd'; Status = 'Running'; ImagePath = "`"$(Join-WinJoinPath $script:Dir 'containerd.exe')`" --run-service" }
        $proxy = Join-WinJoinParams $script:Params @{ HttpProxy = 'http://ops:secret@proxy:3128/' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $proxy | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $proxy @{ Undo = $true }) | Out-Null
        $global:Services.ContainsKey('containerd') | Should -BeTrue
        @($global:ServiceEnv['containerd'] | Where-Object { $_ -like '*PROXY*' }) | Should -Be @()
        $global:KeyAcl | Should -Be 'D:AI(A;CIID;KR;;;BU)(A;CIID;KA;;;BA)(A;CIID;KA;;;SY)'
    }

    It 'refuses a containerd service another installation registered' {
        $global:Services['containerd'] = [pscustomobject]@{ Name = 'containerd'; Status = 'Running'; ImagePath = '"C:\other\containerd.exe" --run-service' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params } | Should -Throw '*another installation*C:\other\containerd.exe*'
    }

    It 'stops a running containerd before replacing its binaries with another version' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        New-WinJoinTarGz $script:Tarball @{ 'bin/containerd.exe' = 'containerd 2.3.5'; 'bin/ctr.exe' = 'ctr'; 'bin/containerd-shim-runhcs-v1.exe' = 'shim' }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('Server:', '  Version:  v2.3.5') } -ParameterFilter { $FilePath -like '*ctr.exe' }
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ Version = '2.3.5' }) | Out-Null
        Should -Invoke Stop-Service -Times 1 -ParameterFilter { $Name -eq 'containerd' }
        $global:Services['containerd'].Status | Should -Be 'Running'
        Get-Content -LiteralPath (Join-Path $script:Dir 'containerd.exe') | Should -Be 'containerd 2.3.5'
    }

    It 'fails with the log tail when containerd never answers on its pipe' {
        Mock Start-Service { }
        $logs = Join-Path $script:State 'logs'
        [void][IO.Directory]::CreateDirectory($logs)
        Set-Content -LiteralPath (Join-Path $logs 'containerd.log') -Value 'Near line 0 (last key parsed ''''): bare keys cannot contain ''\ufffd'''
        { Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ ServiceWaitSeconds = 4 }) } | Should -Throw '*does not answer*Near line 0*'
    }

    It 'undo unregisters the service, removes the PATH entry and the files it placed' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/containerd' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        $global:Exe | Should -Contain 'containerd.exe --unregister-service'
        $global:Services.ContainsKey('containerd') | Should -BeFalse
        $global:WJMachineEnv['Path'] | Should -Be '%SystemRoot%\system32'
        [IO.File]::Exists((Join-Path $script:Dir 'config.toml')) | Should -BeFalse
        (Get-WinJoinResult).changed | Should -BeTrue
    }
}

Describe 'containerd-kubeadm crictl' {
    BeforeEach {
        . $WJCaptureMocks
        $script:Root = New-WinJoinTestDir
        $script:Dir = Join-Path $script:Root 'containerd'
        [void][IO.Directory]::CreateDirectory($script:Dir)
        $script:ConfigDir = Join-Path $script:Root '.crictl'
        $script:Tarball = Join-Path $script:Root 'crictl-v1.33.0-windows-amd64.tar.gz'
        New-WinJoinTarGz $script:Tarball @{ 'crictl.exe' = 'crictl 1.33' }
        $global:Crictl = New-Object System.Collections.Generic.List[string]
        Mock Invoke-WinJoinExe {
            $global:Crictl.Add($ArgumentList -join ' ')
            New-WinJoinExeResult 0 @('Version:  0.1.0', 'RuntimeName:  containerd', 'RuntimeVersion:  v2.3.4', 'RuntimeApiVersion:  v1')
        } -ParameterFilter { $FilePath -like '*crictl.exe' }
        $script:Params = @{ ContainerdDir = $script:Dir; Endpoint = 'npipe:////./pipe/containerd-containerd'; ConfigDir = $script:ConfigDir; Downloads = @{ crictlTarball = $script:Tarball } }
    }
    AfterEach { Remove-Item -LiteralPath $script:Root -Recurse -Force }

    It 'places crictl.exe, writes crictl.yaml with the npipe endpoint, and reaches containerd through it' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' $script:Params | Out-Null
        Get-Content -LiteralPath (Join-Path $script:Dir 'crictl.exe') | Should -Be 'crictl 1.33'
        $yaml = [IO.File]::ReadAllText((Join-Path $script:ConfigDir 'crictl.yaml'))
        $yaml | Should -Be "runtime-endpoint: npipe:////./pipe/containerd-containerd`nimage-endpoint: npipe:////./pipe/containerd-containerd`ntimeout: 10`n"
        $global:Crictl | Should -Contain "--config $(Join-Path $script:ConfigDir 'crictl.yaml') version"
        (Get-WinJoinResult).facts.runtimeVersion | Should -Be '2.3.4'
        (Get-WinJoinResult).changed | Should -BeTrue
    }

    It 'changes nothing on a second run' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' $script:Params | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'refuses an endpoint without the npipe:// scheme (T13)' {
        { Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' (Join-WinJoinParams $script:Params @{ Endpoint = '//./pipe/containerd-containerd' }) } | Should -Throw '*npipe:// URL (T13)*'
    }

    It 'fails when crictl cannot reach containerd' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @() @('validate service connection: CRI v1 runtime API is not implemented for endpoint') } -ParameterFilter { $FilePath -like '*crictl.exe' }
        { Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' $script:Params } | Should -Throw '*cannot reach containerd*not implemented*'
    }

    It 'undo removes crictl.exe and its config' {
        Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'containerd-kubeadm/crictl' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        [IO.File]::Exists((Join-Path $script:Dir 'crictl.exe')) | Should -BeFalse
        [IO.File]::Exists((Join-Path $script:ConfigDir 'crictl.yaml')) | Should -BeFalse
    }
}
