# Step "prerequisites" (containerd-kubeadm): checks this machine before the
# join changes it (reference 1.1, 2.1, 1.7 preflight). Every check reports
# pass/warn/fail with a stable id; the step fails only after all checks have
# reported, so one run shows every problem. Changes nothing. The cluster side
# (versions, discovery, the join credentials) is checked by the gate before
# this step runs, including this machine's clock against the API server's
# (T21, check clock-skew): WinJoin runs on the node, so the gate's answer
# from the API server is this machine's view. ApiServerEndpoint is accepted
# from the plan and unused here.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [string] $NodeName = '',
    [int] $MinFreeGb = 20,
    # Windows Server 2019 (17763) still joins with a warning; kubernetes.io lists 2022 and 2025 (reference H4).
    [int] $MinBuild = 17763,
    [int] $KubeletPort = 10250,
    [string] $ApiServerEndpoint = '',
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

$failed = New-Object System.Collections.Generic.List[string]
# -Key names checkDetails.<id>.<key> so the UI words the detail in the reader's language; $Detail is the English record.
function Report([string] $Id, [string] $Status, [string] $Detail, [string] $Fix = '', [string] $Key = '', [hashtable] $Values = @{}) {
    if ($Status -eq 'fail') { $failed.Add($Id) }
    if (-not $Fix -and $Status -ne 'pass') { $Fix = "checks.$Id.fix" }
    $detailKey = if ($Key) { "checkDetails.$Id.$Key" } else { '' }
    Write-WinJoinCheck -Id $Id -Status $Status -Detail $Detail -FixKey $Fix -DetailKey $detailKey -DetailParams $Values
}

# kubeadm's own preflight (IsPrivilegedUser) refuses a non-administrator; a UAC-filtered token fails later steps.
if (Test-WinJoinElevated) { Report 'elevated' 'pass' 'elevated administrator token' -Key 'pass' }
else { Report 'elevated' 'fail' 'this process is not elevated (run as administrator)' -Key 'fail' }

# Group Policy's execution policy beats -ExecutionPolicy Bypass: the step host and the kubelet service's start script would not load.
$imposed = @(Get-ExecutionPolicy -List | Where-Object {
        @('MachinePolicy', 'UserPolicy') -contains [string]$_.Scope -and @('AllSigned', 'Restricted') -contains [string]$_.ExecutionPolicy
    })
if ($imposed.Count -gt 0) {
    $which = ($imposed | ForEach-Object { "$($_.ExecutionPolicy) ($($_.Scope))" }) -join ', '
    Report 'execution-policy' 'fail' "Group Policy sets the PowerShell execution policy to $which, which overrides -ExecutionPolicy Bypass" -Key 'fail' -Values @{ policy = $which }
}
else { Report 'execution-policy' 'pass' 'no execution policy from Group Policy blocks unsigned scripts' -Key 'pass' }

$os = Get-WinJoinOsVersion
$build = "$($os.Build).$($os.Ubr)"
$buildValues = @{ build = $build; product = $os.ProductName }
if ($os.Build -lt $MinBuild) {
    Report 'os-build' 'fail' "Windows build $build ($($os.ProductName)); containerd-kubeadm needs Windows Server 2022 (20348) or 2025 (26100)" -Fix 'checks.os-build.fixKubeadm' -Key 'kubeadmTooOld' -Values $buildValues
}
elseif ($os.Build -lt 20348) {
    Report 'os-build' 'warn' "Windows build $build ($($os.ProductName)) is Windows Server 2019, which current Kubernetes releases no longer list as supported" -Fix 'checks.os-build.fixKubeadm' -Key 'ws2019' -Values $buildValues
}
else { Report 'os-build' 'pass' "Windows build $build ($($os.ProductName))" -Key 'pass' -Values $buildValues }
# Get-WindowsFeature exists on Windows Server only (a client edition has no Install-WindowsFeature either).
if (-not (Get-Command Get-WindowsFeature -ErrorAction SilentlyContinue)) {
    Report 'containers-feature' 'fail' 'Get-WindowsFeature is missing: this is not Windows Server' -Fix 'checks.containers-feature.fixNotServer' -Key 'notServer'
}
else {
    $feature = Get-WindowsFeature -Name Containers
    if ($feature -and $feature.Installed) { Report 'containers-feature' 'pass' 'Containers feature installed' -Key 'pass' }
    # Nothing for the administrator to do: the windows-features step installs it and asks for the restart.
    else { Report 'containers-feature' 'pass' 'Containers feature not installed; the windows-features step installs it and asks for a restart' -Key 'willInstallFeature' }
}

if (Test-WinJoinRestartPending) { Report 'restart-pending' 'warn' 'Windows has a restart pending; restart before joining' -Key 'warn' }
else { Report 'restart-pending' 'pass' 'no restart pending' -Key 'pass' }

$freeGb = [math]::Floor((Get-WinJoinFreeBytes -Path $InstallDir) / 1GB)
if ($freeGb -lt $MinFreeGb) { Report 'disk-space' 'fail' "$freeGb GB free on the install drive; containerd's images and the binaries need $MinFreeGb GB" -Key 'fail' -Values @{ free = $freeGb; needed = $MinFreeGb } }
else { Report 'disk-space' 'pass' "$freeGb GB free on the install drive" -Key 'pass' -Values @{ free = $freeGb } }

# kubeadm --node-name and kubelet --hostname-override both get this name, so it may differ from the host name; it must be a lower-case RFC 1123 subdomain (T15).
$hostName = Get-WinJoinHostName
$effectiveName = if ($NodeName) { $NodeName } else { $hostName.ToLowerInvariant() }
if (-not (Test-WinJoinNodeName $effectiveName)) {
    Report 'node-name' 'fail' "invalid node name `"$effectiveName`": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'" -Key 'invalid' -Values @{ node = $effectiveName }
}
else { Report 'node-name' 'pass' $effectiveName -Key 'pass' -Values @{ node = $effectiveName } }

# The API server reaches kubelet on this port; a kubelet of an earlier join holding it is fine (the join steps reuse it).
if (Test-WinJoinPortFree -Port $KubeletPort) { Report 'port-10250' 'pass' "port $KubeletPort is free" -Key 'pass' }
elseif (Get-Process -Name kubelet -ErrorAction SilentlyContinue) { Report 'port-10250' 'pass' "port $KubeletPort is held by a kubelet from an earlier run" -Key 'kubelet' }
else { Report 'port-10250' 'fail' "Port $KubeletPort is in use by another program" -Key 'fail' }

if ($failed.Count -gt 0) { throw "prerequisite checks failed: $($failed -join ', ')" }
Complete-WinJoinStep -Changed $false -Facts @{ osBuild = $os.Build; nodeName = $effectiveName }
