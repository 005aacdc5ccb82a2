# The simulated containerd (Sim.Containerd.ps1): containerd.exe registers the
# service as --register-service does, the service reads config.toml as
# containerd does (T10, T11) and opens its pipe a moment after it runs, and
# ctr/crictl answer through that pipe or fail as the real tools do.
BeforeAll {
    $modulePath = Join-Path $PSScriptRoot '../../rehearsal/SimulatedWindowsHost.psm1'
    function New-KubeadmMachine([bool] $ContainersInstalled = $true) {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("winjoin-simctd-" + [guid]::NewGuid())
        [void][IO.Directory]::CreateDirectory($root)
        $faults = @{ containersFeatureInstalled = $ContainersInstalled; gallery = 'ok'; allocatePodCidrs = $true; baseImageMismatch = $false; requireProxy = $false; corruptFile = $null; kubeletLogLines = 20 }
        $machine = @{
            schema = 1; hostName = 'WIN-REHEARSAL1'; elevated = $true; os = @{ build = 20348; ubr = 1; productName = 'Windows Server 2022 Datacenter'; installationType = 'Server' }
            freeBytes = 100GB; pendingRestart = $false; bootPending = $false; faults = $faults
            features = @{ Containers = @{ installed = $ContainersInstalled; pending = $false } }
            machineEnv = @{ Path = 'C:\Windows' }; userEnv = @{}; services = @{}; processes = @(); acls = @{}
            packages = @{ nuget = $null; modules = @(); installed = @() }
            docker = @{ version = ''; packageVersion = '17.06.2-ee-6'; staticVersion = '20.10.24'; daemonEnv = $null; images = @() }
            adapters = @(@{ name = 'Ethernet'; interfaceDescription = 'NIC'; macAddress = '00-15-5D-01-6A-10'; status = 'Up'; ipv4 = '192.0.2.20'; prefixLength = 24; ifIndex = 6 })
            routes = @(); hns = @{ networks = @(); endpoints = @(); policyLists = @() }; computerSystem = @{ manufacturer = 'Dell Inc.'; model = 'PowerEdge R640' }
        }
        [IO.File]::WriteAllText((Join-Path $root 'machine.json'), (ConvertTo-Json $machine -Depth 10))
        [IO.File]::WriteAllText((Join-Path $root 'network.json'), '{"forwards":{},"lanCidr":"192.0.2.0/24","masterIp":"192.0.2.10","nodeIp":"192.0.2.20","gatewayIp":"192.0.2.1","proxyUrl":null}')
        [IO.File]::WriteAllText((Join-Path $root 'clock.json'), '{"scale":0.001}')
        $env:WINJOIN_REHEARSAL_DIR = $root
        return $root
    }
    function Add-ContainerdFiles([string] $Root, [string] $Version = '2.3.4', [byte[]] $Config) {
        <# containerd.exe, ctr.exe and crictl.exe as the tarballs place them (shims naming their release), and config.toml. #>
        $dir = Join-Path $Root 'machine/C/Program Files/containerd'
        [void][IO.Directory]::CreateDirectory($dir)
        foreach ($tool in 'containerd', 'ctr', 'crictl') {
            [IO.File]::WriteAllText((Join-Path $dir "$tool.exe"), "#!/usr/bin/env pwsh`n`$r = Invoke-SimContainerdTool -Tool '$tool' -Version '$Version' -Path `$PSCommandPath -ArgumentList `$args`n")
        }
        if ($Config) { [IO.File]::WriteAllBytes((Join-Path $dir 'config.toml'), $Config) }
        return $dir
    }
    function Get-GoodConfig {
        $text = "version = 3`n[plugins.'io.containerd.cri.v1.images'.pinned_images]`n  sandbox = 'registry.k8s.io/pause:3.10.2'`n[plugins.'io.containerd.cri.v1.runtime'.cni]`n  bin_dirs = ['c:/opt/cni/bin']`n  conf_dir = 'c:/etc/cni/net.d'`n"
        return [Text.UTF8Encoding]::new($false).GetBytes($text)
    }
    function Wait-Pipe([string] $Ctr) {
        for ($i = 0; $i -lt 100; $i++) {
            $r = Invoke-WinJoinExe -FilePath $Ctr -ArgumentList @('version')
            if ($r.ExitCode -eq 0) { return $r }
            Microsoft.PowerShell.Utility\Start-Sleep -Milliseconds 10
        }
        return $r
    }
}

Describe 'Simulated containerd' {
    BeforeEach {
        $script:root = New-KubeadmMachine
        Import-Module $modulePath -Force -DisableNameChecking
    }
    AfterEach {
        Remove-Module SimulatedWindowsHost -Force -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $script:root -Recurse -Force
        # Each step is a new process on the machine: what the module set for this one goes with it.
        foreach ($name in "WINJOIN_REHEARSAL_DIR", "USERPROFILE", "SystemDrive") { Remove-Item "Env:\$name" -ErrorAction SilentlyContinue }
    }

    It 'registers the service as LocalSystem with --run-service and the log file, once' {
        $dir = Add-ContainerdFiles $script:root -Config (Get-GoodConfig)
        $exe = Join-Path $dir 'containerd.exe'
        $log = Join-Path $script:root 'machine/C/ProgramData/WinJoin/logs/containerd.log'
        $r = Invoke-WinJoinExe -FilePath $exe -ArgumentList @('--register-service', '--log-file', $log)
        $r.ExitCode | Should -Be 0
        $service = (Get-SimMachine).services['containerd']
        $service.account | Should -Be 'LocalSystem'
        $service.startType | Should -Be 'Automatic'
        $service.imagePath | Should -Be '"C:\Program Files\containerd\containerd.exe" --run-service --log-file "C:\ProgramData\WinJoin\logs\containerd.log"'
        # The step compares the registered path with its own, which points into the simulated machine.
        (Get-WinJoinServiceConfig -Name containerd).ImagePath | Should -BeLike "`"$exe`"*"
        $again = Invoke-WinJoinExe -FilePath $exe -ArgumentList @('--register-service')
        $again.ExitCode | Should -Be 1
        $again.StdErr -join ' ' | Should -Match 'already exists'
        (Invoke-WinJoinExe -FilePath $exe -ArgumentList @('--unregister-service')).ExitCode | Should -Be 0
        Get-Service containerd -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'opens its pipe a moment after the service starts; ctr and crictl fail on stderr until then' {
        $dir = Add-ContainerdFiles $script:root -Config (Get-GoodConfig)
        [void](Invoke-WinJoinExe -FilePath (Join-Path $dir 'containerd.exe') -ArgumentList @('--register-service'))
        $ctr = Join-Path $dir 'ctr.exe'
        $before = Invoke-WinJoinExe -FilePath $ctr -ArgumentList @('version')
        $before.ExitCode | Should -Be 1
        $before.StdErr -join ' ' | Should -Match 'failed to dial "\\\\\.\\pipe\\containerd-containerd"'
        $before.StdOut -join ' ' | Should -Match 'Client:'
        Start-Service containerd
        (Get-Service containerd).Status | Should -Be 'Running'
        $after = Wait-Pipe $ctr
        $after.ExitCode | Should -Be 0
        ($after.StdOut -join "`n") | Should -Match '(?s)Server:.*Version:\s+v2\.3\.4'
        $state = (Get-SimMachine).containerd
        $state.cniConfDir | Should -Be 'c:/etc/cni/net.d'
        $state.cniBinDir | Should -Be 'c:/opt/cni/bin'
        $state.sandboxImage | Should -Be 'registry.k8s.io/pause:3.10.2'
        Stop-Service containerd
        (Invoke-WinJoinExe -FilePath $ctr -ArgumentList @('version')).ExitCode | Should -Be 1
    }

    It 'answers crictl through the endpoint its config names, and not through another' {
        $dir = Add-ContainerdFiles $script:root -Config (Get-GoodConfig)
        [void](Invoke-WinJoinExe -FilePath (Join-Path $dir 'containerd.exe') -ArgumentList @('--register-service'))
        Start-Service containerd
        [void](Wait-Pipe (Join-Path $dir 'ctr.exe'))
        $config = Join-Path $script:root 'crictl.yaml'
        [IO.File]::WriteAllText($config, "runtime-endpoint: npipe:////./pipe/containerd-containerd`nimage-endpoint: npipe:////./pipe/containerd-containerd`n")
        $r = Invoke-WinJoinExe -FilePath (Join-Path $dir 'crictl.exe') -ArgumentList @('--config', $config, 'version')
        $r.ExitCode | Should -Be 0
        $r.StdOut | Should -Contain 'RuntimeVersion:  v2.3.4'
        [IO.File]::WriteAllText($config, "runtime-endpoint: unix:///run/containerd/containerd.sock`n")
        $wrong = Invoke-WinJoinExe -FilePath (Join-Path $dir 'crictl.exe') -ArgumentList @('--config', $config, 'version')
        $wrong.ExitCode | Should -Be 1
        $wrong.StdErr -join ' ' | Should -Match 'level=fatal msg="validate service connection'
    }

    It 'will not start with a UTF-16 config.toml (T10) or a bad escape in a double-quoted path (T11)' {
        $utf16 = [Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes("version = 2`n")
        $dir = Add-ContainerdFiles $script:root -Config $utf16
        [void](Invoke-WinJoinExe -FilePath (Join-Path $dir 'containerd.exe') -ArgumentList @('--register-service'))
        { Start-Service containerd } | Should -Throw "*Near line 0 (last key parsed '')*bare keys cannot contain*"
        (Get-Service containerd).Status | Should -Be 'Stopped'
        [IO.File]::WriteAllText((Join-Path $dir 'config.toml'), "version = 2`n[plugins.`"io.containerd.grpc.v1.cri`".cni]`n  conf_dir = `"C:\Program Files\containerd\cni\conf`"`n")
        { Start-Service containerd } | Should -Throw "*toml: invalid escaped character U+0050 'P'*"
    }

    It 'will not start before the Containers feature is on' {
        Remove-Item -LiteralPath $script:root -Recurse -Force
        $script:root = New-KubeadmMachine -ContainersInstalled $false
        Import-Module $modulePath -Force -DisableNameChecking
        $dir = Add-ContainerdFiles $script:root -Config (Get-GoodConfig)
        [void](Invoke-WinJoinExe -FilePath (Join-Path $dir 'containerd.exe') -ArgumentList @('--register-service'))
        { Start-Service containerd } | Should -Throw '*Containers feature is not enabled*'
    }

    It 'gives the steps the machine''s SystemDrive and the Administrator''s profile, mapped like any Windows path' {
        $env:SystemDrive | Should -Be 'C:'
        Get-WinJoinFullPath "$env:SystemDrive\" | Should -Be (Join-Path $script:root 'machine/C')
        $env:USERPROFILE | Should -Be (Join-Path $script:root 'machine/C/Users/Administrator')
    }
}
