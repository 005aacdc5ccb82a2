# Step "prerequisites": checks the machine before anything changes it. Every
# check reports pass/warn/fail with a stable id and the i18n key of its fix;
# the step fails only when a check fails, after all checks have reported, so
# one run shows every problem at once. Changes nothing.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $InterfaceAlias,
    [string] $NodeName = '',
    [int] $MinFreeGb = 20,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$failed = New-Object System.Collections.Generic.List[string]
# -Key names checkDetails.<id>.<key> so the UI words the detail in the reader's language; $Detail is the English record.
function Report([string] $Id, [string] $Status, [string] $Detail, [string] $Fix = '', [string] $Key = '', [hashtable] $Values = @{}) {
    if ($Status -eq 'fail') { $failed.Add($Id) }
    if (-not $Fix -and $Status -ne 'pass') { $Fix = "checks.$Id.fix" }
    $detailKey = if ($Key) { "checkDetails.$Id.$Key" } else { '' }
    Write-WinJoinCheck -Id $Id -Status $Status -Detail $Detail -FixKey $Fix -DetailKey $detailKey -DetailParams $Values
}

# T25: the token must be elevated; admin group membership alone is not enough under UAC.
if (Test-WinJoinElevated) { Report 'elevated' 'pass' 'elevated administrator token' -Key 'pass' }
else { Report 'elevated' 'fail' 'this process is not elevated (run as administrator)' -Key 'fail' }

# A policy set by Group Policy (MachinePolicy, UserPolicy) wins over -ExecutionPolicy Bypass,
# so under AllSigned or Restricted neither the step host nor the services' start scripts load.
$imposed = @(Get-ExecutionPolicy -List | Where-Object {
        @('MachinePolicy', 'UserPolicy') -contains [string]$_.Scope -and @('AllSigned', 'Restricted') -contains [string]$_.ExecutionPolicy
    })
if ($imposed.Count -gt 0) {
    $which = ($imposed | ForEach-Object { "$($_.ExecutionPolicy) ($($_.Scope))" }) -join ', '
    Report 'execution-policy' 'fail' "Group Policy sets the PowerShell execution policy to $which, which overrides -ExecutionPolicy Bypass" -Key 'fail' -Values @{ policy = $which }
}
else { Report 'execution-policy' 'pass' 'no execution policy from Group Policy blocks unsigned scripts' -Key 'pass' }

$os = Get-WinJoinOsVersion
$tag = Get-WinJoinBaseImageTag -Build $os.Build
if ($os.Build -lt 16299) {
    $detail = "Windows build $($os.Build).$($os.Ubr) ($($os.ProductName)); the guide needs 16299 (1709) or later"
    $variant = 'tooOld'
    if ($os.Build -eq 14393 -and $os.Ubr -lt 206) { $detail += '; KB3176936 or later is required for docker to work'; $variant = 'needsKb' }
    Report 'os-build' 'fail' $detail -Key $variant -Values @{ build = "$($os.Build).$($os.Ubr)"; product = $os.ProductName }
}
else { Report 'os-build' 'pass' "Windows build $($os.Build).$($os.Ubr) ($($os.ProductName))" -Key 'pass' -Values @{ build = "$($os.Build).$($os.Ubr)"; product = $os.ProductName } }
if ($tag) { Report 'base-image-tag' 'pass' "container base image tag for this build: $tag" -Key 'pass' -Values @{ tag = $tag } }
else { Report 'base-image-tag' 'warn' "no known microsoft/windowsservercore tag for build $($os.Build); set one by hand (T7/T8)" -Key 'unknown' -Values @{ build = $os.Build } }

if (-not (Get-Command Get-WindowsFeature -ErrorAction SilentlyContinue)) {
    Report 'containers-feature' 'fail' 'Get-WindowsFeature is missing: this is not Windows Server' -Fix 'checks.containers-feature.fixNotServer' -Key 'notServer'
}
else {
    $feature = Get-WindowsFeature -Name Containers
    if ($feature -and $feature.Installed) { Report 'containers-feature' 'pass' 'Containers feature installed' -Key 'pass' }
    # Not a warning: nothing for the administrator to do now; the docker step installs it (and Review says a restart is coming).
    else { Report 'containers-feature' 'pass' 'Containers feature not installed; the docker step installs it and asks for a restart' -Key 'willInstall' }
}

if (Test-WinJoinRestartPending) { Report 'restart-pending' 'warn' 'Windows has a restart pending; restart before joining' -Key 'warn' }
else { Report 'restart-pending' 'pass' 'no restart pending' -Key 'pass' }

$docker = Get-Service -Name docker -ErrorAction SilentlyContinue
# Docker missing or stopped needs no action: the docker step installs or starts it. Only a pass, worded so.
if (-not $docker) { Report 'docker' 'pass' 'Docker is not installed; the docker step installs it' -Key 'willInstall' }
elseif ([string]$docker.Status -ne 'Running') { Report 'docker' 'pass' "Docker service is $($docker.Status) (T20); the docker step starts it" -Key 'willStart' -Values @{ state = [string]$docker.Status } }
else {
    $version = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version', '--format', '{{.Server.Version}}')
    $text = ($version.Output -join ' ').Trim()
    if ($version.ExitCode -ne 0) { Report 'docker' 'warn' "Docker service runs but the engine does not answer: $text" -Key 'noAnswer' -Values @{ output = $text } }
    elseif ($text -match '^(\d+)\.(\d+)' -and ([int]$Matches[1] -lt 17 -or ([int]$Matches[1] -eq 17 -and [int]$Matches[2] -lt 6))) {
        Report 'docker' 'warn' "Docker $text is older than 17.06" -Key 'old' -Values @{ version = $text }
    }
    else { Report 'docker' 'pass' "Docker $text running" -Key 'pass' -Values @{ version = $text } }
}

$freeGb = [math]::Floor((Get-WinJoinFreeBytes -Path $InstallDir) / 1GB)
if ($freeGb -lt $MinFreeGb) { Report 'disk-space' 'fail' "$freeGb GB free on the install drive; the base image and binaries need $MinFreeGb GB" -Key 'fail' -Values @{ free = $freeGb; needed = $MinFreeGb } }
else { Report 'disk-space' 'pass' "$freeGb GB free on the install drive" -Key 'pass' -Values @{ free = $freeGb } }

if (-not (Test-WinJoinSameDir (Get-WinJoinFullPath $InstallDir) (Get-WinJoinFullPath 'C:\k'))) {
    Report 'install-dir' 'warn' 'the 2018 SDN scripts hard-code C:\k; another install directory needs patched scripts' -Key 'warn' -Values @{ dir = $InstallDir }
}
else { Report 'install-dir' 'pass' 'C:\k' -Key 'pass' -Values @{ dir = 'C:\k' } }

$hostName = Get-WinJoinHostName
$effectiveName = if ($NodeName) { $NodeName } else { $hostName.ToLowerInvariant() }
if (-not (Test-WinJoinNodeName $effectiveName)) { Report 'node-name' 'fail' "invalid node name format `"$effectiveName`" (RFC 1123: lower case letters, digits, '-', '.')" -Key 'invalid' -Values @{ node = $effectiveName } }
elseif ($NodeName -and $NodeName -ne $hostName.ToLowerInvariant()) {
    Report 'node-name' 'warn' "the SDN scripts register the node as `"$($hostName.ToLowerInvariant())`", not `"$NodeName`"" -Key 'differs' -Values @{ node = $NodeName; host = $hostName.ToLowerInvariant() }
}
else { Report 'node-name' 'pass' $effectiveName -Key 'pass' -Values @{ node = $effectiveName } }

if (Test-WinJoinPortFree -Port 10250) { Report 'port-10250' 'pass' 'port 10250 is free' -Key 'pass' }
elseif (Get-Process -Name kubelet -ErrorAction SilentlyContinue) { Report 'port-10250' 'pass' 'port 10250 is held by a kubelet from an earlier run' -Key 'kubelet' }
else { Report 'port-10250' 'fail' 'Port 10250 is in use by another program' -Key 'fail' }

$adapters = @(Get-NetAdapter)
$adapter = $adapters | Where-Object { $_.Name -eq $InterfaceAlias -or $_.Name -eq "vEthernet ($InterfaceAlias)" } | Select-Object -First 1
$found = ($adapters | ForEach-Object Name) -join ', '
if (-not $adapter) { Report 'network-adapter' 'fail' "no network adapter named `"$InterfaceAlias`" (found: $found)" -Key 'missing' -Values @{ adapter = $InterfaceAlias; found = $found } }
elseif ($InterfaceAlias -notlike 'Ethernet*') {
    Report 'network-adapter' 'warn' "the SDN scripts look for `"vEthernet (Ethernet*)`"; rename `"$InterfaceAlias`" to Ethernet (T12)" -Key 'rename' -Values @{ adapter = $InterfaceAlias; found = $found }
}
else { Report 'network-adapter' 'pass' "$($adapter.Name) ($($adapter.InterfaceDescription))" -Key 'pass' -Values @{ adapter = $adapter.Name; description = $adapter.InterfaceDescription; found = $found } }

$system = Get-CimInstance -ClassName Win32_ComputerSystem
$isVm = "$($system.Manufacturer) $($system.Model)" -match 'Virtual Machine|VMware|VirtualBox|KVM|QEMU|Xen|HVM|Amazon EC2|Google Compute'
if ($isVm) { Report 'virtual-machine' 'warn' "$($system.Manufacturer) $($system.Model): turn on MAC address spoofing (promiscuous mode) for this VM's NIC on its host (T9)" -Key 'warn' -Values @{ model = "$($system.Manufacturer) $($system.Model)" } }
else { Report 'virtual-machine' 'pass' 'physical machine' -Key 'pass' }

if ($failed.Count -gt 0) { throw "prerequisite checks failed: $($failed -join ', ')" }
Complete-WinJoinStep -Changed $false -Facts @{ osBuild = $os.Build; baseImageTag = $tag; nodeName = $effectiveName; virtualMachine = $isVm }
