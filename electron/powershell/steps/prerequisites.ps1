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
function Report([string] $Id, [string] $Status, [string] $Detail, [string] $Fix = '') {
    if ($Status -eq 'fail') { $failed.Add($Id) }
    if (-not $Fix -and $Status -ne 'pass') { $Fix = "checks.$Id.fix" }
    Write-WinJoinCheck -Id $Id -Status $Status -Detail $Detail -FixKey $Fix
}

# T25: the token must be elevated; admin group membership alone is not enough under UAC.
if (Test-WinJoinElevated) { Report 'elevated' 'pass' 'elevated administrator token' }
else { Report 'elevated' 'fail' 'this process is not elevated (run as administrator)' }

# A policy set by Group Policy (MachinePolicy, UserPolicy) wins over -ExecutionPolicy Bypass,
# so under AllSigned or Restricted neither the step host nor the services' start scripts load.
$imposed = @(Get-ExecutionPolicy -List | Where-Object {
        @('MachinePolicy', 'UserPolicy') -contains [string]$_.Scope -and @('AllSigned', 'Restricted') -contains [string]$_.ExecutionPolicy
    })
if ($imposed.Count -gt 0) {
    $which = ($imposed | ForEach-Object { "$($_.ExecutionPolicy) ($($_.Scope))" }) -join ', '
    Report 'execution-policy' 'fail' "Group Policy sets the PowerShell execution policy to $which, which overrides -ExecutionPolicy Bypass"
}
else { Report 'execution-policy' 'pass' 'no execution policy from Group Policy blocks unsigned scripts' }

$os = Get-WinJoinOsVersion
$tag = Get-WinJoinBaseImageTag -Build $os.Build
if ($os.Build -lt 16299) {
    $detail = "Windows build $($os.Build).$($os.Ubr) ($($os.ProductName)); the guide needs 16299 (1709) or later"
    if ($os.Build -eq 14393 -and $os.Ubr -lt 206) { $detail += '; KB3176936 or later is required for docker to work' }
    Report 'os-build' 'fail' $detail
}
else { Report 'os-build' 'pass' "Windows build $($os.Build).$($os.Ubr) ($($os.ProductName))" }
if ($tag) { Report 'base-image-tag' 'pass' "container base image tag for this build: $tag" }
else { Report 'base-image-tag' 'warn' "no known microsoft/windowsservercore tag for build $($os.Build); set one by hand (T7/T8)" }

if (-not (Get-Command Get-WindowsFeature -ErrorAction SilentlyContinue)) {
    Report 'containers-feature' 'fail' 'Get-WindowsFeature is missing: this is not Windows Server'
}
else {
    $feature = Get-WindowsFeature -Name Containers
    if ($feature -and $feature.Installed) { Report 'containers-feature' 'pass' 'Containers feature installed' }
    else { Report 'containers-feature' 'warn' 'Containers feature not installed; the docker step installs it and asks for a restart' }
}

if (Test-WinJoinRestartPending) { Report 'restart-pending' 'warn' 'Windows has a restart pending; restart before joining' }
else { Report 'restart-pending' 'pass' 'no restart pending' }

$docker = Get-Service -Name docker -ErrorAction SilentlyContinue
if (-not $docker) { Report 'docker' 'warn' 'Docker is not installed; the docker step installs it' }
elseif ([string]$docker.Status -ne 'Running') { Report 'docker' 'warn' "Docker service is $($docker.Status) (T20); the docker step starts it" }
else {
    $version = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('version', '--format', '{{.Server.Version}}')
    $text = ($version.Output -join ' ').Trim()
    if ($version.ExitCode -ne 0) { Report 'docker' 'warn' "Docker service runs but the engine does not answer: $text" }
    elseif ($text -match '^(\d+)\.(\d+)' -and ([int]$Matches[1] -lt 17 -or ([int]$Matches[1] -eq 17 -and [int]$Matches[2] -lt 6))) {
        Report 'docker' 'warn' "Docker $text is older than 17.06"
    }
    else { Report 'docker' 'pass' "Docker $text running" }
}

$freeGb = [math]::Floor((Get-WinJoinFreeBytes -Path $InstallDir) / 1GB)
if ($freeGb -lt $MinFreeGb) { Report 'disk-space' 'fail' "$freeGb GB free on the install drive; the base image and binaries need $MinFreeGb GB" }
else { Report 'disk-space' 'pass' "$freeGb GB free on the install drive" }

if (-not (Test-WinJoinSameDir $InstallDir 'C:\k')) {
    Report 'install-dir' 'warn' 'the 2018 SDN scripts hard-code C:\k; another install directory needs patched scripts'
}
else { Report 'install-dir' 'pass' 'C:\k' }

$hostName = Get-WinJoinHostName
$effectiveName = if ($NodeName) { $NodeName } else { $hostName.ToLowerInvariant() }
if (-not (Test-WinJoinNodeName $effectiveName)) { Report 'node-name' 'fail' "invalid node name format `"$effectiveName`" (RFC 1123: lower case letters, digits, '-', '.')" }
elseif ($NodeName -and $NodeName -ne $hostName.ToLowerInvariant()) {
    Report 'node-name' 'warn' "the SDN scripts register the node as `"$($hostName.ToLowerInvariant())`", not `"$NodeName`""
}
else { Report 'node-name' 'pass' $effectiveName }

if (Test-WinJoinPortFree -Port 10250) { Report 'port-10250' 'pass' 'port 10250 is free' }
elseif (Get-Process -Name kubelet -ErrorAction SilentlyContinue) { Report 'port-10250' 'pass' 'port 10250 is held by a kubelet from an earlier run' }
else { Report 'port-10250' 'fail' 'Port 10250 is in use by another program' }

$adapters = @(Get-NetAdapter)
$adapter = $adapters | Where-Object { $_.Name -eq $InterfaceAlias -or $_.Name -eq "vEthernet ($InterfaceAlias)" } | Select-Object -First 1
if (-not $adapter) { Report 'network-adapter' 'fail' "no network adapter named `"$InterfaceAlias`" (found: $(($adapters | ForEach-Object Name) -join ', '))" }
elseif ($InterfaceAlias -notlike 'Ethernet*') {
    Report 'network-adapter' 'warn' "the SDN scripts look for `"vEthernet (Ethernet*)`"; rename `"$InterfaceAlias`" to Ethernet (T12)"
}
else { Report 'network-adapter' 'pass' "$($adapter.Name) ($($adapter.InterfaceDescription))" }

$system = Get-CimInstance -ClassName Win32_ComputerSystem
$isVm = "$($system.Manufacturer) $($system.Model)" -match 'Virtual Machine|VMware|VirtualBox|KVM|QEMU|Xen|HVM|Amazon EC2|Google Compute'
if ($isVm) { Report 'virtual-machine' 'warn' "$($system.Manufacturer) $($system.Model): turn on MAC address spoofing (promiscuous mode) for this VM's NIC on its host (T9)" }
else { Report 'virtual-machine' 'pass' 'physical machine' }

if ($failed.Count -gt 0) { throw "prerequisite checks failed: $($failed -join ', ')" }
Complete-WinJoinStep -Changed $false -Facts @{ osBuild = $os.Build; baseImageTag = $tag; nodeName = $effectiveName; virtualMachine = $isVm }
