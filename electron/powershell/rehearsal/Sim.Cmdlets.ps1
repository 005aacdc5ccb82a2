# Windows cmdlets and WinJoin.Host primitives over the machine state:
# elevation, OS version, machine environment, features, services (nssm
# services run their script as a real detached pwsh), PowerShellGet and
# DockerMsftProvider, CIM, processes and the rehearsal clock.

$script:Tls12 = $false

function Test-WinJoinElevated { return [bool](Get-SimMachine).elevated }

function Get-WinJoinOsVersion {
    $os = (Get-SimMachine).os
    return @{ Build = [int]$os.build; Ubr = [int]$os.ubr; ProductName = [string]$os.productName; InstallationType = [string]$os.installationType }
}

function Test-WinJoinRestartPending { return [bool](Get-SimMachine).pendingRestart }

function Get-WinJoinMachineEnv {
    param([Parameter(Mandatory)][string] $Name)
    $envTable = (Get-SimMachine).machineEnv
    $key = Find-SimKey $envTable $Name
    if ($null -eq $key) { return $null }
    # The machine keeps Windows paths (C:\k); the step sees them where its files really are.
    return ConvertTo-SimPathList ([string]$envTable[$key]) -To Local
}

function Set-WinJoinMachineEnv {
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][AllowEmptyString()][string] $Value)
    Use-SimMachine {
        param($m)
        $key = Find-SimKey $m.machineEnv $Name
        if ($null -ne $key) { $m.machineEnv.Remove($key) }
        if (-not [string]::IsNullOrEmpty($Value)) { $m.machineEnv[$(if ($null -ne $key) { $key } else { $Name })] = ConvertTo-SimPathList $Value -To Windows }
    } | Out-Null
}

function Get-WinJoinFreeBytes { param([Parameter(Mandatory)][string] $Path) return [long](Get-SimMachine).freeBytes }

function Test-WinJoinPortFree {
    param([Parameter(Mandatory)][int] $Port)
    # Only the simulated kubelet listens on a port the steps ask about (10250).
    if ($Port -ne 10250) { return $true }
    return -not (Get-Process -Name kubelet -ErrorAction SilentlyContinue)
}

function Test-WinJoinAdminOnlyAcl {
    param([Parameter(Mandatory)][string] $Path)
    return [IO.File]::Exists($Path) -and ((Get-SimMachine).acls[$Path] -eq 'Administrators,SYSTEM')
}

function Set-WinJoinAdminOnlyAcl {
    param([Parameter(Mandatory)][string] $Path)
    Use-SimMachine { param($m) $m.acls[$Path] = 'Administrators,SYSTEM' } | Out-Null
}

# Simulated Get-Acl: only what WinJoin.SecureDirectory reads (.Sddl). A folder
# icacls made admin-only answers with that ACL; any other folder answers like a
# new folder under C:\ on Windows Server (inherited: Users may read,
# Authenticated Users may create), so the simulation is no kinder than Windows.
function Get-Acl {
    param([Parameter(Mandatory)][string] $LiteralPath)
    if ((Get-SimMachine).acls[$LiteralPath] -eq 'Administrators,SYSTEM') {
        return [pscustomobject]@{ Sddl = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)' }
    }
    return [pscustomobject]@{ Sddl = 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;AU)' }
}

function Enable-WinJoinTls12 { $script:Tls12 = $true }

function Get-WinJoinHostName { return [string](Get-SimMachine).hostName }

function hostname { Get-WinJoinHostName }

function Get-CimInstance {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string] $ClassName, [string] $Namespace)
    $machine = Get-SimMachine
    switch ($ClassName) {
        'Win32_ComputerSystem' { [pscustomobject]@{ Manufacturer = $machine.computerSystem.manufacturer; Model = $machine.computerSystem.model; Name = $machine.hostName } }
        'Win32_OperatingSystem' { [pscustomobject]@{ BuildNumber = [string]$machine.os.build; Version = "10.0.$($machine.os.build)"; Caption = $machine.os.productName } }
        default { throw "rehearsal: the simulated host has no CIM class $ClassName" }
    }
}

function Start-Sleep {
    <# Waits scaled by the rehearsal clock, so a 300 s wait loop runs in seconds. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][double] $Seconds = 0, [int] $Milliseconds = 0)
    $ms = ($Seconds * 1000 + $Milliseconds) * (Get-SimClockScale)
    Microsoft.PowerShell.Utility\Start-Sleep -Milliseconds ([math]::Max(1, [int]$ms))
}

# --- Features ---------------------------------------------------------------

function Get-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string] $Name)
    $feature = (Get-SimMachine).features[$Name]
    if (-not $feature) { return }
    $state = if ($feature.installed) { 'Installed' } elseif ($feature.pending) { 'InstallPending' } else { 'Available' }
    [pscustomobject]@{ Name = $Name; DisplayName = $Name; Installed = [bool]$feature.installed; InstallState = $state }
}

function Install-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string] $Name, [switch] $Restart)
    Use-SimMachine {
        param($m)
        $feature = $m.features[$Name]
        if (-not $feature) { throw "ArgumentNotValid: Invalid role, role service, or feature name: '$Name'." }
        if ($feature.installed) { return [pscustomobject]@{ Success = $true; RestartNeeded = 'No'; ExitCode = 'NoChangeNeeded'; FeatureResult = @() } }
        $feature.pending = $true
        $m.pendingRestart = $true
        return [pscustomobject]@{ Success = $true; RestartNeeded = 'Yes'; ExitCode = 'SuccessRestartRequired'; FeatureResult = @($Name) }
    }
}

function Uninstall-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string] $Name)
    Use-SimMachine {
        param($m)
        $m.features[$Name].installed = $false
        $m.features[$Name].pending = $false
        $m.pendingRestart = $true
        return [pscustomobject]@{ Success = $true; RestartNeeded = 'Yes' }
    }
}

# --- Services ---------------------------------------------------------------

function Get-SimServiceStatus($Service) {
    if ($Service.kind -eq 'nssm') { if (Test-SimPidAlive ([int]$Service['pid']) ([string]$Service['startTime'])) { return 'Running' } else { return 'Stopped' } }
    return [string]$Service.status
}

function ConvertTo-SimService($Service) {
    [pscustomobject]@{ Name = $Service.name; DisplayName = $Service.displayName; Status = (Get-SimServiceStatus $Service); StartType = $Service.startType }
}

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]] $Name = @('*'))
    $services = (Get-SimMachine).services
    foreach ($wanted in $Name) {
        $found = @($services.Values | Where-Object { $_.name -like $wanted })
        if (-not $found.Count -and $wanted -notmatch '\*') { Write-Error "Cannot find any service with service name '$wanted'." -Category ObjectNotFound; continue }
        $found | Sort-Object { $_.name } | ForEach-Object { ConvertTo-SimService $_ }
    }
}

function Start-SimService($Machine, $Service) {
    if ((Get-SimServiceStatus $Service) -eq 'Running') { return }
    switch ($Service.kind) {
        'docker' {
            if (-not $Machine.features['Containers'].installed) {
                throw "Service 'Docker Engine (docker)' cannot be started due to the following error: Cannot start service docker on computer '.'. (the Containers feature is not enabled; restart after installing it)"
            }
            # As the SCM does: the machine environment, then the service's own Environment lines over it.
            $proxy = @{}
            foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY') {
                $key = Find-SimKey $Machine.machineEnv $name
                if ($null -ne $key) { $proxy[$name] = $Machine.machineEnv[$key] }
            }
            foreach ($pair in @($Service['environment'])) {
                if ($pair -match '^([^=]+)=(.*)$' -and @('HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY') -contains $Matches[1].ToUpperInvariant()) { $proxy[$Matches[1].ToUpperInvariant()] = $Matches[2] }
            }
            $Machine.docker.daemonEnv = $proxy
            # dockerd opens //./pipe/docker_engine a moment (3 simulated seconds) after the service reports Running.
            $Machine.docker['pipeReadyAt'] = [DateTime]::UtcNow.AddSeconds(3 * (Get-SimClockScale)).ToString('o')
            $Service.status = 'Running'
        }
        'containerd' { Start-SimContainerd $Machine $Service }
        'nssm' {
            $p = $Service.parameters
            $application = if ($p['Application']) { [string]$p['Application'] } else { [string]$Service.application }
            # nssm starts the application itself, with no PATH search: a bare name fails as on Windows.
            if ($application -notmatch '^[A-Za-z]:\\') { throw "Service '$($Service.name)' cannot be started: nssm could not start $application (Application must be a full path)." }
            if ($application -notmatch '(?i)\\powershell\.exe$') { throw "rehearsal: nssm service $($Service.name) runs $application; only powershell.exe is simulated" }
            $environment = @{}
            foreach ($pair in @($p['AppEnvironmentExtra'])) { if ($pair -match '^([^=]+)=(.*)$') { $environment[$Matches[1]] = $Matches[2] } }
            $started = Start-SimPowerShell -Arguments (Split-SimCommandLine ([string]$p['AppParameters'])) -WorkingDirectory ([string]$p['AppDirectory']) -LogFile ([string]$p['AppStdout']) -Environment $environment
            $Service.pid = $started.pid
            $Service.startTime = $started.startTime
            $Service.status = 'Running'
            $Machine.processes = @(@($Machine.processes) + @(@{ name = (Get-SimScriptProcessName (Split-SimCommandLine ([string]$p['AppParameters']))); pid = $started.pid; startTime = $started.startTime; service = $Service.name }) | Where-Object { $_ })
        }
        default { $Service.status = 'Running' }
    }
}

function Stop-SimService($Machine, $Service) {
    if ($Service.kind -eq 'nssm' -and $Service['pid']) {
        Stop-SimPid ([int]$Service.pid) ([string]$Service.startTime)
        $Machine.processes = @($Machine.processes | Where-Object { $_ -and $_.pid -ne $Service.pid })
        $Service.pid = 0
    }
    if ($Service.kind -eq 'docker') { $Machine.docker.daemonEnv = $null }
    if ($Service.kind -eq 'containerd') { Stop-SimContainerd $Machine $Service }
    $Service.status = 'Stopped'
}

function Use-SimService([string] $Name, [scriptblock] $ServiceAction) {
    Use-SimMachine {
        param($m)
        $key = Find-SimKey $m.services $Name
        if ($null -eq $key) { throw "Cannot find any service with service name '$Name'." }
        & $ServiceAction $m $m.services[$key]
    } | Out-Null
}

function Start-Service { [CmdletBinding()] param([Parameter(Mandatory, Position = 0)][string] $Name) Use-SimService $Name { param($m, $s) Start-SimService $m $s } }
function Stop-Service { [CmdletBinding()] param([Parameter(Mandatory, Position = 0)][string] $Name, [switch] $Force) Use-SimService $Name { param($m, $s) Stop-SimService $m $s } }
function Restart-Service {
    [CmdletBinding()] param([Parameter(Mandatory, Position = 0)][string] $Name, [switch] $Force)
    Use-SimService $Name { param($m, $s) Stop-SimService $m $s; Start-SimService $m $s }
}
function Set-Service {
    [CmdletBinding()] param([Parameter(Mandatory, Position = 0)][string] $Name, [string] $StartupType)
    Use-SimService $Name { param($m, $s) if ($StartupType) { $s.startType = $StartupType } }
}

function New-Service {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $BinaryPathName, [string] $DisplayName = $Name, [string] $StartupType = 'Manual')
    Use-SimMachine {
        param($m)
        if ($null -ne (Find-SimKey $m.services $Name)) { throw "Service '$Name' cannot be created because a service with the same name already exists." }
        $kind = if ($BinaryPathName -match '(?i)dockerd\.exe') { 'docker' } else { 'binary' }
        if ($kind -eq 'docker') { $m.docker.version = $m.docker.staticVersion }
        $m.services[$Name] = @{ name = $Name; displayName = $DisplayName; status = 'Stopped'; startType = $StartupType; kind = $kind; binaryPath = $BinaryPathName }
        return [pscustomobject]@{ Name = $Name; Status = 'Stopped' }
    }
}

function Get-WinJoinServiceConfig {
    <# What nssm stored for a service (the registry's Services\<name>\Parameters on Windows). #>
    param([Parameter(Mandatory)][string] $Name)
    $machine = Get-SimMachine
    $key = Find-SimKey $machine.services $Name
    if ($null -eq $key) { return $null }
    $service = $machine.services[$key]
    $p = if ($service['parameters']) { $service.parameters } else { @{} }
    $application = if ($p['Application']) { [string]$p['Application'] } else { [string]$service['application'] }
    # The registry holds Windows paths; the step compares them with its own (mapped) ones.
    $imagePath = [string]$service['imagePath']
    if ($imagePath -match '^"([^"]+)"(.*)$') { $imagePath = "`"$(ConvertTo-SimLocalPath $Matches[1])`"$($Matches[2])" }
    return @{ Application = $application; AppParameters = [string]$p['AppParameters']; DependOnService = [string[]]@(([string]$p['DependOnService']) -split ' ' | Where-Object { $_ })
        ImagePath = $imagePath }
}

function Get-WinJoinServiceEnvironment {
    <# The service's own Environment value (REG_MULTI_SZ under Services\<name> on Windows); nothing when unset. #>
    param([Parameter(Mandatory)][string] $Name)
    $machine = Get-SimMachine
    $key = Find-SimKey $machine.services $Name
    if ($null -eq $key -or -not $machine.services[$key]['environment']) { return @() }
    return [string[]]@($machine.services[$key].environment)
}

function Set-WinJoinServiceEnvironment {
    param([Parameter(Mandatory)][string] $Name, [AllowEmptyCollection()][string[]] $Environment = @())
    # Built out here: inside the block, these would be Use-SimMachine's own scope's names.
    $serviceName = $Name
    $lines = [string[]]@($Environment)
    Use-SimMachine {
        param($m)
        $key = Find-SimKey $m.services $serviceName
        if ($null -eq $key) { throw "service $serviceName does not exist" }
        if ($lines.Count -eq 0) { $m.services[$key].Remove('environment') } else { $m.services[$key]['environment'] = $lines }
    } | Out-Null
}

function Protect-WinJoinServiceKey {
    <#
     On Windows the service key's DACL becomes Administrators and SYSTEM only; the simulated registry records that
     it did, and returns what it was ('sim:inherited' when the key had its default), as the real one returns the SDDL.
    #>
    param([Parameter(Mandatory)][string] $Name)
    $serviceName = $Name
    return (Use-SimMachine {
            param($m)
            $key = Find-SimKey $m.services $serviceName
            if ($null -eq $key) { throw "service $serviceName does not exist" }
            $before = if ($m.services[$key].Contains('keyAcl')) { "sim:$($m.services[$key]['keyAcl'])" } else { 'sim:inherited' }
            $m.services[$key]['keyAcl'] = 'admins-and-system'
            return $before
        })
}

function Restore-WinJoinServiceKey {
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $Sddl)
    $serviceName = $Name
    $acl = $Sddl
    Use-SimMachine {
        param($m)
        $key = Find-SimKey $m.services $serviceName
        if ($null -eq $key) { return }
        if ($acl -eq 'sim:inherited') { $m.services[$key].Remove('keyAcl') } else { $m.services[$key]['keyAcl'] = $acl -replace '^sim:', '' }
    } | Out-Null
}

# Where a Windows path lives on the simulated machine: step parameters arrive mapped already, so a path
# the step spells itself (C:\k) must be mapped the same way to compare equal.
function Get-WinJoinFullPath { param([Parameter(Mandatory)][string] $Path) return (ConvertTo-SimLocalPath $Path) }
# The simulated machine's root store is empty: a bundle built from it holds only what the step adds.
function Get-WinJoinRootCertificatePem { return [string[]]@() }
function Get-WinJoinPowerShellPath { 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe' }

function Get-NetFirewallRule {
    [CmdletBinding()] param([string] $Name)
    $rules = (Get-SimMachine)['firewallRules']
    if (-not $rules -or -not $rules[$Name]) { Write-Error "No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '$Name'." -Category ObjectNotFound; return }
    $r = $rules[$Name]
    return [pscustomobject]@{ Name = $Name; DisplayName = $r.displayName; Direction = $r.direction; Action = $r.action; Enabled = 'True' }
}

function New-NetFirewallRule {
    [CmdletBinding()] param([string] $Name, [string] $DisplayName, [string] $Direction, [string] $Protocol, [string] $LocalPort, [string] $Action)
    # Built out here: inside the block, $Action would be Use-SimMachine's own parameter (dynamic scope).
    $ruleName = $Name
    $rule = @{ displayName = $DisplayName; direction = $Direction; protocol = $Protocol; localPort = $LocalPort; action = $Action }
    Use-SimMachine {
        param($m)
        if (-not $m['firewallRules']) { $m['firewallRules'] = @{} }
        $m.firewallRules[$ruleName] = $rule
    } | Out-Null
    return [pscustomobject]@{ Name = $Name; DisplayName = $DisplayName }
}

function Get-NetFirewallPortFilter {
    [CmdletBinding()] param($AssociatedNetFirewallRule)
    $rules = (Get-SimMachine)['firewallRules']
    $r = if ($rules) { $rules[[string]$AssociatedNetFirewallRule.Name] } else { $null }
    if (-not $r) { return }
    return [pscustomobject]@{ LocalPort = [string]$r.localPort; Protocol = [string]$r.protocol }
}

function Remove-NetFirewallRule {
    [CmdletBinding()] param([string] $Name)
    $ruleName = $Name
    Use-SimMachine { param($m) if ($m['firewallRules']) { $m.firewallRules.Remove($ruleName) } } | Out-Null
}

function Invoke-SimBootIfPending {
    <# After a simulated restart: pending features are on and Automatic services start, as Windows does at boot.
       After a rehearsal reopened the machine (wakePending): the services that were running run again. #>
    if (-not $env:WINJOIN_REHEARSAL_DIR -or -not [IO.File]::Exists((Join-Path $env:WINJOIN_REHEARSAL_DIR 'machine.json'))) { return }
    $machine = Get-SimMachine
    if (-not $machine['bootPending'] -and -not $machine['wakePending']) { return }
    Use-SimMachine {
        param($m)
        $boot = [bool]$m['bootPending']
        $wake = [bool]$m['wakePending']
        $m.bootPending = $false
        $m.wakePending = $false
        foreach ($service in @($m.services.Values)) {
            $start = ($boot -and $service.startType -eq 'Automatic') -or ($wake -and [string]$service.status -eq 'Running')
            if ($start) { try { Start-SimService $m $service } catch { $service.status = 'Stopped' } }
        }
    } | Out-Null
}

# --- PowerShellGet / DockerMsftProvider ----------------------------------------

function Assert-SimGallery([string] $What) {
    # The seed-era WMF 5.1 session speaks TLS 1.0 unless TLS 1.2 is enabled, and PSGallery refuses it (T21).
    $machine = Get-SimMachine
    if ($machine.faults.gallery -eq 'tls10' -or -not $script:Tls12 -or $machine.faults.requireProxy) {
        Write-Warning "Unable to download from URI 'https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409' to ''."
        Write-Warning 'Unable to download the list of available providers. Check your internet connection.'
        if ($What -eq 'provider') { throw "No match was found for the specified search criteria for the provider 'NuGet'. The package provider requires 'PackageManagement' and 'Provider' tags. Please check if the specified package has the tags." }
        throw 'NuGet provider is required to continue. PowerShell Gallery is currently unavailable.  Please try again later.'
    }
}

function Get-PackageProvider {
    [CmdletBinding()]
    param([string] $Name, [switch] $ListAvailable)
    $version = (Get-SimMachine).packages.nuget
    if ($Name -eq 'NuGet' -and $version) { return [pscustomobject]@{ Name = 'NuGet'; Version = [version]$version } }
    Write-Error "Unable to find package provider '$Name'. It may not be imported yet. Try 'Get-PackageProvider -ListAvailable'." -Category ObjectNotFound
}

function Install-PackageProvider {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [string] $MinimumVersion, [switch] $Force)
    Assert-SimGallery 'provider'
    Use-SimMachine { param($m) $m.packages.nuget = '2.8.5.208' } | Out-Null
    [pscustomobject]@{ Name = 'NuGet'; Version = [version]'2.8.5.208' }
}

function Install-Module {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [string] $Repository = 'PSGallery', [switch] $Force)
    if (-not (Get-SimMachine).packages.nuget) { throw 'NuGet provider is required to continue' }
    Assert-SimGallery 'module'
    Use-SimMachine { param($m) $m.packages.modules = @(@($m.packages.modules) + @($Name) | Where-Object { $_ } | Select-Object -Unique) } | Out-Null
}

function Install-Package {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [string] $ProviderName, [switch] $Force)
    if (@((Get-SimMachine).packages.modules) -notcontains $ProviderName) { throw "Unable to find package providers ($ProviderName)." }
    Assert-SimGallery 'package'
    Use-SimMachine {
        param($m)
        $m.packages.installed = @(@($m.packages.installed) + @($Name) | Where-Object { $_ } | Select-Object -Unique)
        $m.docker.version = $m.docker.packageVersion
        if ($null -eq (Find-SimKey $m.services 'docker')) {
            $m.services['docker'] = @{ name = 'docker'; displayName = 'Docker Engine'; status = 'Stopped'; startType = 'Automatic'; kind = 'docker'; binaryPath = '"C:\Program Files\Docker\dockerd.exe" --run-service' }
        }
        $key = Find-SimKey $m.machineEnv 'Path'
        if ($m.machineEnv[$key] -notmatch [regex]::Escape('C:\Program Files\Docker')) { $m.machineEnv[$key] = "$($m.machineEnv[$key]);C:\Program Files\Docker" }
    } | Out-Null
    Set-SimPackageDockerFiles -Present $true
    if (-not (Get-SimMachine).features['Containers'].installed) { Write-Output 'A restart is required to enable the containers feature. Please restart your machine.' }
    [pscustomobject]@{ Name = 'Docker'; Version = (Get-SimMachine).docker.packageVersion; Source = 'DockerDefault' }
}

function Uninstall-Package {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [string] $ProviderName, [switch] $Force)
    Use-SimMachine {
        param($m)
        $m.packages.installed = @($m.packages.installed | Where-Object { $_ -ne $Name })
        if ($Name -eq 'Docker') { $m.services.Remove((Find-SimKey $m.services 'docker')) }
    } | Out-Null
    if ($Name -eq 'Docker') { Set-SimPackageDockerFiles -Present $false }
}

function Set-SimPackageDockerFiles([bool] $Present) {
    <# The DockerMsftProvider package puts docker.exe and dockerd.exe in C:\Program Files\Docker, as the static zip does. #>
    $dir = ConvertTo-SimLocalPath 'C:\Program Files\Docker'
    foreach ($exe in 'docker.exe', 'dockerd.exe') {
        $file = Join-Path $dir $exe
        if (-not $Present) { if ([IO.File]::Exists($file)) { [IO.File]::Delete($file) }; continue }
        [void][IO.Directory]::CreateDirectory($dir)
        $body = if ($exe -eq 'docker.exe') { '$r = Invoke-SimDocker -ArgumentList $args; $r.Output; exit $r.ExitCode' } else { "'dockerd runs as the simulated docker service (Start-Service docker)'" }
        [IO.File]::WriteAllText($file, "#!/usr/bin/env pwsh`n# WinJoin rehearsal stand-in $exe (SIMULATED), placed by the simulated DockerMsftProvider.`nImport-Module `$env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking`n$body`n")
        if (-not $IsWindows) { [IO.File]::SetUnixFileMode($file, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute') }
    }
}

# --- Processes ----------------------------------------------------------------

function Get-ExecutionPolicy {
    <# The execution policy per scope; a scenario can impose one by Group Policy (faults.gpoExecutionPolicy). #>
    [CmdletBinding()] param([switch] $List, [string] $Scope)
    $faults = (Get-SimMachine).faults
    $gpo = if ($faults -is [System.Collections.IDictionary] -and $faults['gpoExecutionPolicy']) { [string]$faults['gpoExecutionPolicy'] } else { 'Undefined' }
    $table = [ordered]@{ MachinePolicy = $gpo; UserPolicy = 'Undefined'; Process = 'Undefined'; CurrentUser = 'Undefined'; LocalMachine = 'RemoteSigned' }
    if ($List) { return @($table.Keys | ForEach-Object { [pscustomobject]@{ Scope = $_; ExecutionPolicy = $table[$_] } }) }
    if ($Scope) { return $table[$Scope] }
    if ($gpo -ne 'Undefined') { return $gpo }
    return 'RemoteSigned'
}

function Get-Process {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]] $Name = @('*'), [int] $Id = 0)
    $found = @((Get-SimMachine).processes | Where-Object { $p = $_; $p -and @($Name | Where-Object { $p.name -like $_ }).Count -and (-not $Id -or $p.pid -eq $Id) -and (Test-SimPidAlive ([int]$p.pid) ([string]$p.startTime)) })
    if (-not $found.Count) { Write-Error "Cannot find a process with the name `"$($Name -join ',')`". Verify the process name and call the cmdlet again." -Category ObjectNotFound; return }
    $found | ForEach-Object { [pscustomobject]@{ Name = $_.name; ProcessName = $_.name; Id = [int]$_.pid } }
}

function Stop-Process {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $InputObject, [int] $Id = 0, [switch] $Force, [switch] $PassThru)
    process {
        $target = if ($Id) { $Id } elseif ($InputObject -is [Diagnostics.Process]) { $InputObject.Id } else { [int]$InputObject.Id }
        # The whole tree: a simulated "kubelet" process is the pwsh of its script and the stand-in it runs, one kubelet.exe on Windows.
        Stop-SimPid $target
        if ($InputObject -is [Diagnostics.Process]) { try { $InputObject.Kill($true) } catch { Write-Verbose "already gone: $target" } }
        Use-SimMachine { param($m) $m.processes = @($m.processes | Where-Object { $_ -and $_.pid -ne $target }) } | Out-Null
    }
}

function Start-Process {
    <# powershell.exe starts a detached pwsh (a console window of the guide); any other file runs as is and its Process comes back. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string] $FilePath, [Parameter(Position = 1)] $ArgumentList = @(), [string] $WorkingDirectory, [switch] $PassThru, [switch] $NoNewWindow)
    $arguments = if ($ArgumentList -is [string]) { Split-SimCommandLine $ArgumentList } else { @($ArgumentList | ForEach-Object { [string]$_ }) }
    if ((Split-Path -Leaf ($FilePath -replace '\\', '/')) -match '^(?i)powershell(\.exe)?$') {
        $name = Get-SimScriptProcessName $arguments
        $log = Join-Path (Join-Path (Get-SimRoot) 'consoles') "$name.log"
        $started = Start-SimPowerShell -Arguments $arguments -WorkingDirectory $WorkingDirectory -LogFile $log
        Use-SimMachine { param($m) $m.processes = @(@($m.processes) + @(@{ name = $name; pid = $started.pid; startTime = $started.startTime; console = $log }) | Where-Object { $_ }) } | Out-Null
        if ($PassThru) { return [pscustomobject]@{ Name = $name; Id = $started.pid } }
        return
    }
    if (-not $FilePath.StartsWith((Get-SimMachineRoot))) { throw "rehearsal: Start-Process runs only files on the simulated machine, not $FilePath" }
    $psi = New-Object Diagnostics.ProcessStartInfo
    $psi.FileName = $FilePath
    $psi.UseShellExecute = $false
    foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    $process = [Diagnostics.Process]::Start($psi)
    if ($PassThru) { return $process }
}
