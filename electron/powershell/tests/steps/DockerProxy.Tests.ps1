BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'docker' {
    BeforeEach {
        . $WJCaptureMocks
        $script:State = New-WinJoinTestDir
        $script:DockerDir = Join-Path (New-WinJoinTestDir) 'Program Files\Docker'
        $global:DockerService = $null
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $true } }
        Mock Install-WindowsFeature { [pscustomobject]@{ RestartNeeded = 'Yes'; Success = $true } }
        Mock Get-Service { $global:DockerService } -ParameterFilter { $Name -eq 'docker' }
        Mock Start-Service { $global:DockerService.Status = 'Running' }
        Mock Set-Service { }
        Mock Get-PackageProvider { [pscustomobject]@{ Version = '2.8.5.208' } }
        Mock Install-PackageProvider { }
        Mock Install-Module { }
        Mock Install-Package { $global:DockerService = [pscustomobject]@{ Name = 'docker'; Status = 'Stopped' } }
        Mock New-Service { $global:DockerService = [pscustomobject]@{ Name = 'docker'; Status = 'Stopped' } }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('17.06.2-ee-6') } -ParameterFilter { $FilePath -eq 'docker' -or $FilePath -like '*docker.exe' }
        $script:Params = @{ StateDir = $script:State; DockerDir = $script:DockerDir }
    }

    It 'installs Docker with DockerMsftProvider after TLS 1.2 and starts it' {
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        Should -Invoke Enable-WinJoinTls12 -Times 1
        Should -Invoke Install-Module -Times 1 -ParameterFilter { $Name -eq 'DockerMsftProvider' -and $Repository -eq 'PSGallery' }
        Should -Invoke Install-Package -Times 1 -ParameterFilter { $Name -eq 'Docker' -and $ProviderName -eq 'DockerMsftProvider' }
        Should -Invoke Start-Service -Times 1
        (Get-WinJoinResult).changed | Should -BeTrue
        (Get-WinJoinResult).facts.method | Should -Be 'package'
    }

    It 'changes nothing on a second run' {
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        Should -Invoke Install-Package -Times 1
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'installs NuGet when missing (T21)' {
        Mock Get-PackageProvider { $null }
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        Should -Invoke Install-PackageProvider -Times 1 -ParameterFilter { $Name -eq 'NuGet' -and $MinimumVersion -eq '2.8.5.201' }
    }

    It 'asks for a restart when the Containers feature was just installed, then only starts the service after it (T20)' {
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $false } }
        $out = Invoke-WinJoinTestStep 'docker' $script:Params
        (Get-WinJoinResult).restartRequired | Should -BeTrue
        $out -join "`n" | Should -Match 'A restart is required to enable the containers feature'
        Should -Invoke Start-Service -Times 0
        Mock Get-WindowsFeature { [pscustomobject]@{ Installed = $true } }
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        (Get-WinJoinResult).restartRequired | Should -BeFalse
        Should -Invoke Start-Service -Times 1
        Should -Invoke Install-Package -Times 1
    }

    It 'falls back to the downloaded static binaries when the provider backend is gone (T23)' {
        Mock Install-Package { throw "No match was found for the specified search criteria and package name 'Docker'." }
        $zip = Join-Path $script:State 'docker static.zip'
        New-WinJoinZip -Path $zip -Entries @{ 'docker/docker.exe' = 'cli'; 'docker/dockerd.exe' = 'daemon' }
        $out = Invoke-WinJoinTestStep 'docker' (Join-WinJoinParams $script:Params @{ Downloads = @{ dockerStatic = $zip } })
        $out -join "`n" | Should -Match "No match was found for the specified search criteria and package name 'Docker'"
        Test-Path -LiteralPath (Join-Path $script:DockerDir 'dockerd.exe') | Should -BeTrue
        Should -Invoke New-Service -Times 1 -ParameterFilter { $Name -eq 'docker' -and $BinaryPathName -like '"*dockerd.exe" --run-service' }
        $WJMachineEnv['Path'] | Should -Be $script:DockerDir
        (Get-WinJoinResult).facts.method | Should -Be 'static'
    }

    It 'runs the docker it just installed by full path: the new machine PATH does not reach this process (defect 3)' {
        Mock Install-Package { throw 'No match was found' }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 @('20.10.24') } -ParameterFilter { $FilePath -like '*docker.exe' }
        $zip = Join-Path $script:State 'docker static.zip'
        New-WinJoinZip -Path $zip -Entries @{ 'docker/docker.exe' = 'cli'; 'docker/dockerd.exe' = 'daemon' }
        Invoke-WinJoinTestStep 'docker' (Join-WinJoinParams $script:Params @{ Downloads = @{ dockerStatic = $zip } }) | Out-Null
        Should -Invoke Invoke-WinJoinExe -Times 1 -ParameterFilter { $FilePath -eq (Join-WinJoinPath $script:DockerDir 'docker.exe') }
        Should -Invoke Invoke-WinJoinExe -Times 0 -ParameterFilter { $FilePath -eq 'docker' }
        (Get-WinJoinResult).facts.dockerVersion | Should -Be '20.10.24'
    }

    It 'waits, within a bound, for the engine pipe that appears a moment after the service starts' {
        $global:VersionCalls = 0
        Mock Invoke-WinJoinExe {
            $global:VersionCalls++
            if ($global:VersionCalls -le 2) { return New-WinJoinExeResult 1 @() @('error during connect: open //./pipe/docker_engine: The system cannot find the file specified.') }
            New-WinJoinExeResult 0 @('17.06.2-ee-6')
        } -ParameterFilter { $FilePath -eq 'docker' }
        Invoke-WinJoinTestStep 'docker' $script:Params | Out-Null
        (Get-WinJoinResult).facts.dockerVersion | Should -Be '17.06.2-ee-6'
        $global:VersionCalls | Should -Be 3
    }

    It 'fails with the provider error when there is nothing to fall back on (T22)' {
        Mock Install-Package { throw 'Install-Package : Unable to find package providers (DockerMsftProvider).' }
        { Invoke-WinJoinTestStep 'docker' $script:Params } | Should -Throw '*no Docker static binaries*'
    }

    It 'fails when the engine does not answer after start (T20)' {
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 1 @() @('error during connect: open //./pipe/docker_engine: The system cannot find the file specified.') } -ParameterFilter { $FilePath -eq 'docker' }
        { Invoke-WinJoinTestStep 'docker' $script:Params } | Should -Throw '*docker_engine*'
        Should -Invoke Start-Sleep -Times 30 -ParameterFilter { $Seconds -eq 2 }
    }

    It 'undo removes only what WinJoin installed' {
        Mock Install-Package { throw 'backend gone' }
        $zip = Join-Path $script:State 'd.zip'
        New-WinJoinZip -Path $zip -Entries @{ 'docker/docker.exe' = 'cli'; 'docker/dockerd.exe' = 'daemon' }
        Invoke-WinJoinTestStep 'docker' (Join-WinJoinParams $script:Params @{ Downloads = @{ dockerStatic = $zip } }) | Out-Null
        Mock Stop-Service { }
        Mock Invoke-WinJoinExe { New-WinJoinExeResult 0 } -ParameterFilter { $FilePath -eq 'sc.exe' }
        Invoke-WinJoinTestStep 'docker' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Invoke-WinJoinExe -ParameterFilter { $FilePath -eq 'sc.exe' -and $ArgumentList[1] -eq 'docker' } -Times 1
        Test-Path -LiteralPath (Join-Path $script:DockerDir 'dockerd.exe') | Should -BeFalse
        $WJMachineEnv.ContainsKey('Path') | Should -BeFalse
        Invoke-WinJoinTestStep 'docker' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }
}

Describe 'proxy' {
    BeforeEach {
        . $WJCaptureMocks
        $script:State = New-WinJoinTestDir
        $global:WJServiceEnv = @{ docker = [string[]]@('DOCKER_FLAG=1') }
        Mock Get-Service { [pscustomobject]@{ Name = 'docker'; Status = 'Running' } } -ParameterFilter { $Name -eq 'docker' }
        Mock Restart-Service { }
        Mock Get-WinJoinServiceEnvironment { $global:WJServiceEnv[$Name] }
        Mock Set-WinJoinServiceEnvironment { $global:WJServiceEnv[$Name] = [string[]]$Environment }
        Mock Protect-WinJoinServiceKey { 'O:BAG:SYD:(A;;KR;;;BU)' }
        Mock Restore-WinJoinServiceKey { }
        $script:Params = @{
            StateDir = $script:State; HttpProxy = 'http://alice:s3cr3t@proxy.corp:3128/'; HttpsProxy = 'http://alice:s3cr3t@proxy.corp:3128/'
            NoProxy = @('.corp', 'localhost'); ClusterCidr = '192.168.0.0/16'; ServiceCidr = '11.0.0.0/16'; MasterIp = '10.1.2.3'
        }
        $script:NoCredentials = Join-WinJoinParams $script:Params @{ HttpProxy = 'http://proxy.corp:3128/'; HttpsProxy = 'http://proxy.corp:3128/' }
    }

    It 'with credentials: the machine variables carry the proxy without them, only docker''s service Environment has them; Docker restarts; the password is never printed' {
        $out = Invoke-WinJoinTestStep 'proxy' $script:Params
        $WJMachineEnv['HTTP_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
        $WJMachineEnv['HTTPS_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
        $WJMachineEnv['NO_PROXY'] | Should -BeExactly '.corp,localhost,192.168.0.0/16,11.0.0.0/16,10.1.2.3'
        ($WJMachineEnv.Values -join "`n") | Should -Not -Match 's3cr3t'
        $WJServiceEnv['docker'] | Should -Be @('DOCKER_FLAG=1', 'HTTP_PROXY=http://alice:s3cr3t@proxy.corp:3128/', 'HTTPS_PROXY=http://alice:s3cr3t@proxy.corp:3128/',
            'NO_PROXY=.corp,localhost,192.168.0.0/16,11.0.0.0/16,10.1.2.3')
        Should -Invoke Restart-Service -Times 1 -ParameterFilter { $Name -eq 'docker' }
        ($out -join "`n") + ($WJEvents | ConvertTo-Json -Depth 6) | Should -Not -Match 's3cr3t'
        ($out -join "`n") | Should -Match 'only this service gets'
        (Get-WinJoinResult).facts.credentialsIn | Should -Be 'docker-service'
        # Users read service keys by default: the one holding the password becomes admin and SYSTEM only.
        Should -Invoke Protect-WinJoinServiceKey -ParameterFilter { $Name -eq 'docker' }
    }

    It 'a password holding @ is cut at the last @ before the host' {
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ HttpProxy = 'http://bob:p@ss@proxy.corp:3128/'; HttpsProxy = '' }) | Out-Null
        $WJMachineEnv['HTTP_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
        $WJMachineEnv.ContainsKey('HTTPS_PROXY') | Should -BeFalse
        $WJServiceEnv['docker'] | Should -Contain 'HTTP_PROXY=http://bob:p@ss@proxy.corp:3128/'
    }

    It 'without credentials: the machine and the service get the proxy as given' {
        Invoke-WinJoinTestStep 'proxy' $script:NoCredentials | Out-Null
        $WJMachineEnv['HTTPS_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
        $WJServiceEnv['docker'] | Should -Contain 'HTTPS_PROXY=http://proxy.corp:3128/'
        (Get-WinJoinResult).facts.credentialsIn | Should -Be 'none'
        Should -Invoke Protect-WinJoinServiceKey -Times 0
    }

    It 'a re-run replaces the credential-bearing machine value an older WinJoin wrote' {
        $WJMachineEnv['HTTP_PROXY'] = 'http://alice:s3cr3t@proxy.corp:3128/'
        Write-WinJoinRecord -StateDir $script:State -Name 'proxy' -Record @{ HTTP_PROXY = (New-WinJoinValueDigest 'http://alice:s3cr3t@proxy.corp:3128/') }
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        $WJMachineEnv['HTTP_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
    }

    It 'a changed password rewrites only the service Environment; the same answers again change nothing' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ HttpsProxy = 'http://alice:n3w@proxy.corp:3128/' }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeTrue
        $WJServiceEnv['docker'] | Should -Contain 'HTTPS_PROXY=http://alice:n3w@proxy.corp:3128/'
        $WJMachineEnv['HTTPS_PROXY'] | Should -BeExactly 'http://proxy.corp:3128/'
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ HttpsProxy = 'http://alice:n3w@proxy.corp:3128/' }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
        Should -Invoke Restart-Service -Times 2
    }

    It 'undo removes the proxy WinJoin wrote from the machine and from docker''s Environment, and keeps the rest' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        $WJServiceEnv['docker'] = [string[]]@($WJServiceEnv['docker']) + 'OTHER=kept'
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY') { $WJMachineEnv.ContainsKey($name) | Should -BeFalse }
        $WJServiceEnv['docker'] | Should -Be @('DOCKER_FLAG=1', 'OTHER=kept')
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'the docker key gets back the ACL it had once no password is left: on undo, and when the answers drop the password' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ HttpsProxy = 'http://alice:n3w@proxy.corp:3128/' }) | Out-Null
        Should -Invoke Restore-WinJoinServiceKey -Times 0
        Invoke-WinJoinTestStep 'proxy' $script:NoCredentials | Out-Null
        Should -Invoke Restore-WinJoinServiceKey -Times 1 -ParameterFilter { $Name -eq 'docker' -and $Sddl -eq 'O:BAG:SYD:(A;;KR;;;BU)' }
        (Get-WinJoinResult).changed | Should -BeTrue
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Restore-WinJoinServiceKey -Times 2
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ Undo = $true }) | Out-Null
        Should -Invoke Restore-WinJoinServiceKey -Times 2
    }

    It '"no proxy" leaves a proxy line someone else wrote in docker''s Environment' {
        $WJServiceEnv['docker'] = [string[]]@('HTTPS_PROXY=http://theirs:8080/')
        Invoke-WinJoinTestStep 'proxy' @{ StateDir = $script:State; HttpProxy = ''; HttpsProxy = '' } | Out-Null
        $WJServiceEnv['docker'] | Should -Be @('HTTPS_PROXY=http://theirs:8080/')
    }

    It 'changes nothing and does not restart Docker on a second run' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Should -Invoke Restart-Service -Times 1
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'leaves cluster ranges out of NO_PROXY when opted out' {
        Invoke-WinJoinTestStep 'proxy' (Join-WinJoinParams $script:Params @{ AddClusterRanges = $false }) | Out-Null
        $WJMachineEnv['NO_PROXY'] | Should -BeExactly '.corp,localhost'
    }

    It '"no proxy" removes only what WinJoin set' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        $WJMachineEnv['HTTPS_PROXY'] = 'http://someone-else:8080/'
        Invoke-WinJoinTestStep 'proxy' @{ StateDir = $script:State; HttpProxy = ''; HttpsProxy = '' } | Out-Null
        $WJMachineEnv.ContainsKey('HTTP_PROXY') | Should -BeFalse
        $WJMachineEnv.ContainsKey('NO_PROXY') | Should -BeFalse
        $WJMachineEnv['HTTPS_PROXY'] | Should -Be 'http://someone-else:8080/'
        Invoke-WinJoinTestStep 'proxy' @{ StateDir = $script:State; HttpProxy = ''; HttpsProxy = '' } | Out-Null
        (Get-WinJoinResult).changed | Should -BeFalse
    }

    It 'keeps the state record free of the proxy value' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        Get-ChildItem -LiteralPath $script:State -Recurse -File | Get-Content -Raw | Should -Not -Match 's3cr3t'
    }

    It 'records a salted, slow digest a dictionary of proxy URLs cannot be tried against (issue 19, point 11)' {
        Invoke-WinJoinTestStep 'proxy' $script:Params | Out-Null
        $text = (Get-ChildItem -LiteralPath $script:State -Recurse -File | Get-Content -Raw) -join "`n"
        # Not the bare SHA-256 of the URL, which anyone can compute for a list of guesses.
        $text | Should -Not -Match (Get-WinJoinSha256 'http://alice:s3cr3t@proxy.corp:3128/')
        $digests = @([regex]::Matches($text, 'pbkdf2-sha1:100000:([0-9a-f]{32}):[0-9a-f]{64}') | ForEach-Object { $_.Groups[1].Value })
        $digests.Count | Should -BeGreaterOrEqual 2
        # Same URL for HTTP_PROXY and HTTPS_PROXY, a salt each.
        @($digests | Select-Object -Unique).Count | Should -Be $digests.Count
    }

    It 'still recognises the bare SHA-256 an older WinJoin recorded, so "no proxy" removes what it set' {
        $WJMachineEnv['HTTP_PROXY'] = 'http://old:8080/'
        Write-WinJoinRecord -StateDir $script:State -Name 'proxy' -Record @{ HTTP_PROXY = (Get-WinJoinSha256 'http://old:8080/') }
        Invoke-WinJoinTestStep 'proxy' @{ StateDir = $script:State; HttpProxy = ''; HttpsProxy = '' } | Out-Null
        $WJMachineEnv.ContainsKey('HTTP_PROXY') | Should -BeFalse
    }
}
