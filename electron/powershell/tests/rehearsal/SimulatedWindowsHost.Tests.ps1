# The simulated Windows host: effects persist in machine.json, faults come
# from the machine's scenario switches, and nothing non-simulated is contacted.
BeforeAll {
    function New-Machine([hashtable] $Overrides = @{}) {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("winjoin-sim-" + [guid]::NewGuid())
        [void][IO.Directory]::CreateDirectory($root)
        $faults = @{ containersFeatureInstalled = $true; gallery = 'ok'; allocatePodCidrs = $true; baseImageMismatch = $false; requireProxy = $false; corruptFile = $null; kubeletLogLines = 20 }
        foreach ($k in @($Overrides.Keys)) { $faults[$k] = $Overrides[$k] }
        $machine = @{
            schema = 1; hostName = 'WIN-REHEARSAL1'; elevated = $true; os = @{ build = 16299; ubr = 125; productName = 'Windows Server Datacenter'; installationType = 'Server' }
            freeBytes = 100GB; pendingRestart = $false; bootPending = $false; faults = $faults
            features = @{ Containers = @{ installed = $faults.containersFeatureInstalled; pending = $false } }
            machineEnv = @{ Path = 'C:\Windows' }; userEnv = @{}; services = @{}; processes = @(); acls = @{}
            packages = @{ nuget = $null; modules = @(); installed = @() }
            docker = @{ version = ''; packageVersion = '17.06.2-ee-6'; staticVersion = '20.10.24'; daemonEnv = $null; images = @() }
            adapters = @(@{ name = 'Ethernet'; interfaceDescription = 'NIC'; macAddress = '00-15-5D-01-6A-10'; status = 'Up'; ipv4 = '192.0.2.20'; prefixLength = 24; ifIndex = 6 })
            routes = @(@{ destinationPrefix = '0.0.0.0/0'; nextHop = '192.0.2.1'; interfaceAlias = 'Ethernet' })
            hns = @{ networks = @(); endpoints = @(); policyLists = @() }; computerSystem = @{ manufacturer = 'Dell Inc.'; model = 'PowerEdge R640' }
        }
        [IO.File]::WriteAllText((Join-Path $root 'machine.json'), (ConvertTo-Json $machine -Depth 10))
        [IO.File]::WriteAllText((Join-Path $root 'network.json'), '{"forwards":{},"lanCidr":"192.0.2.0/24","masterIp":"192.0.2.10","nodeIp":"192.0.2.20","gatewayIp":"192.0.2.1","proxyUrl":null}')
        [IO.File]::WriteAllText((Join-Path $root 'clock.json'), '{"scale":0.001}')
        $env:WINJOIN_REHEARSAL_DIR = $root
        return $root
    }
    $modulePath = Join-Path $PSScriptRoot '../../rehearsal/SimulatedWindowsHost.psm1'
    function Add-DockerCli([string] $Root) {
        <# docker.exe where an install puts it and on the machine PATH; the module is imported afresh after it, as a new process. #>
        $dir = Join-Path $Root 'machine/C/Program Files/Docker'
        [void][IO.Directory]::CreateDirectory($dir)
        [IO.File]::WriteAllText((Join-Path $dir 'docker.exe'), '')
        $machineFile = Join-Path $Root 'machine.json'
        $machine = Get-Content -Raw $machineFile | ConvertFrom-Json
        $machine.machineEnv.Path = 'C:\Windows;C:\Program Files\Docker'
        [IO.File]::WriteAllText($machineFile, (ConvertTo-Json $machine -Depth 10))
        Import-Module $modulePath -Force -DisableNameChecking
    }
}

Describe 'SimulatedWindowsHost' {
    BeforeEach {
        $script:root = New-Machine
        Import-Module $modulePath -Force -DisableNameChecking
    }
    AfterEach {
        Remove-Module SimulatedWindowsHost -Force -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $script:root -Recurse -Force
    }

    It 'keeps machine environment variables case-insensitively across calls' {
        Set-WinJoinMachineEnv -Name 'HTTP_PROXY' -Value 'http://proxy.example:3128'
        Get-WinJoinMachineEnv -Name 'http_proxy' | Should -Be 'http://proxy.example:3128'
        Set-WinJoinMachineEnv -Name 'HTTP_PROXY' -Value $null
        Get-WinJoinMachineEnv -Name 'HTTP_PROXY' | Should -BeNullOrEmpty
        (Get-Content (Join-Path $script:root 'machine.json') -Raw) | Should -Not -Match 'proxy.example'
    }

    It 'keeps a service''s own environment (containerd''s proxy, T16) and refuses it for a missing service' {
        { Set-WinJoinServiceEnvironment -Name 'containerd' -Environment @('HTTP_PROXY=http://p:1/') } | Should -Throw '*does not exist*'
        Use-SimMachine { param($m) $m.services['containerd'] = @{ name = 'containerd'; status = 'Stopped'; imagePath = '"C:\Program Files\containerd\containerd.exe" --run-service' } } | Out-Null
        @(Get-WinJoinServiceEnvironment -Name 'CONTAINERD').Count | Should -Be 0
        Set-WinJoinServiceEnvironment -Name 'containerd' -Environment @('HTTP_PROXY=http://p:1/', 'NO_PROXY=.svc')
        @(Get-WinJoinServiceEnvironment -Name 'containerd') | Should -Be @('HTTP_PROXY=http://p:1/', 'NO_PROXY=.svc')
        (Get-WinJoinServiceConfig -Name 'containerd').ImagePath | Should -BeLike '*containerd.exe" --run-service'
        Set-WinJoinServiceEnvironment -Name 'containerd' -Environment @()
        @(Get-WinJoinServiceEnvironment -Name 'containerd').Count | Should -Be 0
    }

    It 'answers the port filter of a firewall rule it created' {
        New-NetFirewallRule -Name 'kubelet' -DisplayName 'k' -Direction Inbound -Protocol TCP -LocalPort 10250 -Action Allow | Out-Null
        (Get-NetFirewallPortFilter -AssociatedNetFirewallRule (Get-NetFirewallRule -Name 'kubelet')).LocalPort | Should -Be '10250'
    }

    It 'keeps Windows paths in the machine environment while a step sees where the files really are' {
        $local = Join-Path (Join-Path (Join-Path $script:root 'machine') 'C') 'k'
        Set-WinJoinMachineEnv -Name 'Path' -Value "$(Get-WinJoinMachineEnv -Name 'Path');$local"
        Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value (Join-Path $local 'config')
        $saved = (Get-Content (Join-Path $script:root 'machine.json') -Raw | ConvertFrom-Json).machineEnv
        $saved.Path | Should -Be 'C:\Windows;C:\k'
        $saved.KUBECONFIG | Should -Be 'C:\k\config'
        (Get-WinJoinMachineEnv -Name 'Path') -split ';' | Should -Contain $local
        Get-WinJoinMachineEnv -Name 'KUBECONFIG' | Should -Be (Join-Path $local 'config')
    }

    It 'reports an nssm service Running while its process lives, in later calls too' {
        $script = Join-Path $script:root 'svc.ps1'
        Set-Content -Path $script -Value 'Start-Sleep -Seconds 60'
        (Invoke-SimNssm -ArgumentList @('install', 'sleeper', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe')).ExitCode | Should -Be 0
        (Invoke-SimNssm -ArgumentList @('set', 'sleeper', 'AppParameters', "-NoProfile -File $script")).ExitCode | Should -Be 0
        Start-Service -Name sleeper
        try {
            # Each call reads machine.json afresh, as the next step would.
            (Get-Service -Name sleeper).Status | Should -Be 'Running'
            @(Get-Process -Name powershell).Count | Should -Be 1
            # And from another process, as the next step host reads it: .NET computes a process's
            # StartTime anew in each process on Linux, so it may differ in the last digits.
            $probe = "Import-Module -DisableNameChecking '$modulePath'; (Get-Service -Name sleeper).Status"
            $fromElsewhere = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $probe
            $fromElsewhere | Should -Be 'Running'
        }
        finally { Stop-Service -Name sleeper -Force }
        (Get-Service -Name sleeper).Status | Should -Be 'Stopped'
    }

    It 'answers nssm as UTF-16LE bytes, in-process or as a real process, read with the runner''s decoder (defect 5)' {
        $nssm = Join-Path $script:root 'machine/C/k/nssm.exe'
        [void][IO.Directory]::CreateDirectory((Split-Path -Parent $nssm))
        # The stand-in the rehearsal origin serves as nssm.exe (standin-binaries.ts).
        [IO.File]::WriteAllText($nssm, "#!/bin/sh`nexec `"`${WINJOIN_REHEARSAL_PWSH:-pwsh}`" -NoProfile -NonInteractive -File `"`$(dirname `"`$WINJOIN_REHEARSAL_MODULE`")/standins/nssm.ps1`" `"`$@`"`n")
        [IO.File]::SetUnixFileMode($nssm, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        (Invoke-WinJoinExe -FilePath $nssm -ArgumentList @('install', 'svc', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe')).Output | Should -Be 'Service "svc" installed successfully!'
        $env:WINJOIN_REHEARSAL_REAL_NSSM = '1'
        try {
            $real = Invoke-WinJoinExe -FilePath $nssm -ArgumentList @('install', 'svc', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe')
            $real.ExitCode | Should -Be 5
            $real.StdErr[0] | Should -Be 'Error creating service "svc"!'
        }
        finally { Remove-Item Env:WINJOIN_REHEARSAL_REAL_NSSM }
        # A runner that read nssm as UTF-8 would see the NULs of UTF-16, as on Windows.
        Mock Get-WinJoinToolEncoding { New-Object System.Text.UTF8Encoding($false) } -ModuleName SimulatedWindowsHost
        (Invoke-WinJoinExe -FilePath $nssm -ArgumentList @('remove', 'svc', 'confirm')).Output[0] | Should -Match "`0"
    }

    It 'will not start an nssm service given a bare powershell.exe, as nssm cannot' {
        (Invoke-SimNssm -ArgumentList @('install', 'bare', 'powershell.exe')).ExitCode | Should -Be 0
        { Start-Service -Name bare } | Should -Throw '*full path*'
    }

    It 'answers docker version only once the engine pipe exists, a moment after the service starts' {
        Add-DockerCli $script:root
        Use-SimMachine { param($m) $m.services['docker'] = @{ name = 'docker'; status = 'Stopped'; startType = 'Automatic'; kind = 'docker' }; $m.docker.version = '17.06.2-ee-6' } | Out-Null
        [IO.File]::WriteAllText((Join-Path $script:root 'clock.json'), '{"scale":1}')
        Start-Service -Name docker
        (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version', '--format', '{{.Server.Version}}')).StdErr -join '' | Should -Match 'docker_engine'
        Use-SimMachine { param($m) $m.docker['pipeReadyAt'] = [DateTime]::UtcNow.AddSeconds(-1).ToString('o') } | Out-Null
        (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version', '--format', '{{.Server.Version}}')).StdOut | Should -Be @('17.06.2-ee-6')
    }

    It 'starts dockerd with the docker service''s own Environment over the machine one, as the SCM merges it, and docker info masks the credentials (issue 19, point 8)' {
        Add-DockerCli $script:root
        Use-SimMachine { param($m) $m.services['docker'] = @{ name = 'docker'; status = 'Stopped'; startType = 'Automatic'; kind = 'docker' }; $m.docker.version = '17.06.2-ee-6'; $m.features['Containers'].installed = $true } | Out-Null
        Set-WinJoinMachineEnv -Name 'HTTPS_PROXY' -Value 'http://proxy.corp:3128/'
        Set-WinJoinMachineEnv -Name 'NO_PROXY' -Value '.corp'
        Set-WinJoinServiceEnvironment -Name 'docker' -Environment @('https_proxy=http://alice:s3cr3t@proxy.corp:3128/')
        Start-Service -Name docker
        $daemon = (Get-SimMachine).docker.daemonEnv
        $daemon['HTTPS_PROXY'] | Should -BeExactly 'http://alice:s3cr3t@proxy.corp:3128/'
        $daemon['NO_PROXY'] | Should -BeExactly '.corp'
        Use-SimMachine { param($m) $m.docker['pipeReadyAt'] = [DateTime]::UtcNow.AddSeconds(-1).ToString('o') } | Out-Null
        $info = (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('info')).StdOut -join "`n"
        $info | Should -Match 'Https Proxy: http://xxxxx:xxxxx@proxy.corp:3128/'
        $info | Should -Not -Match 's3cr3t'
        $before = Protect-WinJoinServiceKey -Name 'docker'
        $before | Should -Be 'sim:inherited'
        (Get-SimMachine).services['docker'].keyAcl | Should -Be 'admins-and-system'
        Protect-WinJoinServiceKey -Name 'docker' | Should -Be 'sim:admins-and-system'
        Restore-WinJoinServiceKey -Name 'docker' -Sddl $before
        (Get-SimMachine).services['docker'].Contains('keyAcl') | Should -BeFalse
        { Protect-WinJoinServiceKey -Name 'nope' } | Should -Throw '*does not exist*'
    }

    It 'installs Docker through DockerMsftProvider once TLS 1.2 is on, and the engine answers' {
        Enable-WinJoinTls12
        Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force | Out-Null
        Install-Module -Name DockerMsftProvider -Repository PSGallery -Force
        Install-Package -Name Docker -ProviderName DockerMsftProvider -Force | Out-Null
        (Get-Service -Name docker).Status | Should -Be 'Stopped'
        Start-Service -Name docker
        # The install added C:\Program Files\Docker to the machine PATH, which this process does not see (defect 3).
        { Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version') } | Should -Throw "*'docker' is not recognized*"
        $cli = Join-Path $script:root 'machine/C/Program Files/Docker/docker.exe'
        $result = Invoke-WinJoinExe -FilePath $cli -ArgumentList @('version', '--format', '{{.Server.Version}}')
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Be '17.06.2-ee-6'
        # The next process starts with the machine PATH as it is now.
        Import-Module $modulePath -Force -DisableNameChecking
        (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version', '--format', '{{.Server.Version}}')).Output | Should -Be '17.06.2-ee-6'
    }

    It 'fails the gallery with the T21 messages without TLS 1.2' {
        { Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force -WarningAction SilentlyContinue } | Should -Throw '*No match was found*NuGet*'
    }

    It 'needs a restart after installing the Containers feature before docker can start' {
        Remove-Item (Join-Path $script:root 'machine.json')
        $script:root2 = New-Machine @{ containersFeatureInstalled = $false }
        try {
            (Install-WindowsFeature -Name Containers).RestartNeeded | Should -Be 'Yes'
            Test-WinJoinRestartPending | Should -BeTrue
            (Get-WindowsFeature -Name Containers).Installed | Should -BeFalse
        }
        finally { Remove-Item -LiteralPath $script:root2 -Recurse -Force }
    }

    It 'fails the pause image build with the T8 message when the base image targets another build' {
        $script:root3 = New-Machine @{ baseImageMismatch = $true }
        try {
            Add-DockerCli $script:root3
            Use-SimMachine { param($m) $m.services['docker'] = @{ name = 'docker'; displayName = 'Docker Engine'; status = 'Running'; startType = 'Automatic'; kind = 'docker' } } | Out-Null
            $dir = Join-Path $script:root3 'k'
            [void][IO.Directory]::CreateDirectory($dir)
            Set-Content -Path (Join-Path $dir 'Dockerfile') -Value 'FROM microsoft/windowsservercore'
            (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('pull', 'microsoft/windowsservercore:1709')).ExitCode | Should -Be 0
            (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('tag', 'microsoft/windowsservercore:1709', 'microsoft/windowsservercore:latest')).ExitCode | Should -Be 0
            $build = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('build', '-t', 'kubeletwin/pause', $dir)
            $build.ExitCode | Should -Be 1
            ($build.Output -join "`n") | Should -Match 'does not match the operating system of the host. \(0xc0370101\)'
        }
        finally { Remove-Item -LiteralPath $script:root3 -Recurse -Force }
    }

    It 'answers docker image inspect with the manifest digest the pull returned, not the image ID; a tag shares it, a build has none' {
        $root = New-Machine @{}
        try {
            Add-DockerCli $root
            Use-SimMachine { param($m) $m.services['docker'] = @{ name = 'docker'; displayName = 'Docker Engine'; status = 'Running'; startType = 'Automatic'; kind = 'docker' } } | Out-Null
            $dir = Join-Path $root 'k'
            [void][IO.Directory]::CreateDirectory($dir)
            Set-Content -Path (Join-Path $dir 'Dockerfile') -Value 'FROM microsoft/windowsservercore'
            $pull = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('pull', 'mcr.microsoft.com/windows/servercore:1709')
            $pulled = [regex]::Match(($pull.Output -join "`n"), 'Digest: (sha256:[0-9a-f]{64})').Groups[1].Value
            $pulled | Should -Not -BeNullOrEmpty
            $inspect = { param($ref) (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('image', 'inspect', '--format={{json .RepoDigests}}', $ref)) }
            (& $inspect 'mcr.microsoft.com/windows/servercore:1709').Output | Should -Be "[`"mcr.microsoft.com/windows/servercore@$pulled`"]"
            $imageId = @((Get-SimMachine).docker.images | Where-Object { $_.tag -eq '1709' })[0].id
            $pulled | Should -Not -Be $imageId
            (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('tag', 'mcr.microsoft.com/windows/servercore:1709', 'microsoft/windowsservercore:latest')).ExitCode | Should -Be 0
            (& $inspect 'microsoft/windowsservercore:latest').Output | Should -Be "[`"mcr.microsoft.com/windows/servercore@$pulled`"]"
            (Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('build', '-t', 'kubeletwin/pause', $dir)).ExitCode | Should -Be 0
            (& $inspect 'kubeletwin/pause').Output | Should -Be '[]'
            $missing = & $inspect 'mcr.microsoft.com/windows/nanoserver:1709'
            $missing.ExitCode | Should -Be 1
            ($missing.Output -join "`n") | Should -Match 'No such image: mcr.microsoft.com/windows/nanoserver:1709'
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'moves the NIC address to vEthernet (Ethernet) when the first L2Bridge network is created' {
        $network = New-HNSNetwork -Type L2Bridge -AddressPrefix '192.168.1.0/24' -Gateway '192.168.1.1' -Name l2bridge
        $endpoint = New-HnsEndpoint -NetworkId $network.ID -Name cbr0 -IPAddress '192.168.1.2' -Gateway '0.0.0.0'
        Attach-HnsHostEndpoint -EndpointID $endpoint.ID -CompartmentID 1
        (Get-NetIPAddress -InterfaceAlias 'vEthernet (Ethernet)' -AddressFamily IPv4).IPAddress | Should -Be '192.0.2.20'
        (Get-NetIPAddress -InterfaceAlias 'vEthernet (cbr0)' -AddressFamily IPv4).IPAddress | Should -Be '192.168.1.2'
        @(Get-HnsNetwork | Where-Object Name -eq 'l2bridge').Count | Should -Be 1
        (Invoke-WinJoinExe -FilePath 'ping.exe' -ArgumentList @('-n', '2', '-w', '2000', '192.168.1.2')).ExitCode | Should -Be 0
    }

    It 'refuses addresses and executables outside the simulated world' {
        { Invoke-WinJoinExe -FilePath 'ping.exe' -ArgumentList @('8.8.8.8') } | Should -Throw '*not a simulated address*'
        { Invoke-WebRequest -Uri 'http://8.8.8.8/' -UseBasicParsing } | Should -Throw '*not a simulated address*'
        { Invoke-WinJoinExe -FilePath '/bin/ls' -ArgumentList @() } | Should -Throw '*only files on the simulated machine run*'
        { Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('info') } | Should -Throw "*'docker' is not recognized*"
    }
}
