# Step "kubelet-service" (containerd-kubeadm): the kubelet Windows service as
# the SIG Windows PrepareNode.ps1 sets it up (reference 1.6): nssm runs
# Windows PowerShell with start-kubelet-kubeadm.ps1 (from _StartKubelet.ps1),
# which starts kubelet with kubeadm's flags file once the join has written it.
# Registered, not started: before the join kubelet cannot run, and kubeadm
# join starts it (nssm shows it Paused until then, as upstream). kubeadm's
# directories, which will hold kubelet.conf's client key and the kubelet's
# certificates, are made Administrators' and SYSTEM's alone before kubeadm
# writes there. A re-run with the same answers changes nothing.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $KubernetesVersion,
    [string] $NodeName = '',
    # The drive root kubeadm's /etc and /var paths resolve against; empty: the system drive.
    [string] $KubeRoot = '',
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$stepsRoot = Split-Path -Parent $PSScriptRoot
. (Join-Path $stepsRoot '_Init.ps1')
. (Join-Path $stepsRoot '_Service.ps1')

$script = Join-WinJoinPath $InstallDir 'start-kubelet-kubeadm.ps1'
if ($Undo) {
    $changed = Remove-WinJoinScriptService $InstallDir 'kubelet' 'kubelet'
    if ([System.IO.File]::Exists($script)) { [System.IO.File]::Delete($script); $changed = $true }
    Complete-WinJoinStep -Changed $changed
    return
}

if ($KubernetesVersion.TrimStart('v') -notmatch '^(\d+)\.(\d+)\.\d+$') { throw "Kubernetes version is not vX.Y.Z: $KubernetesVersion" }
$minor = [int]$Matches[2]
$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
if (-not (Test-WinJoinNodeName $name)) { throw "invalid node name `"$name`": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.' (T15)" }
$kubelet = Join-WinJoinPath $InstallDir 'kubelet.exe'
if (-not [System.IO.File]::Exists($kubelet)) { throw "$kubelet is missing; run the kube-binaries step first" }
# As Windows resolves it, through the host (a rehearsal maps it into its simulated machine).
if (-not $KubeRoot) { $KubeRoot = Get-WinJoinFullPath "$env:SystemDrive\" }

$changed = $false
foreach ($dir in (Join-WinJoinPath (Join-WinJoinPath $KubeRoot 'etc') 'kubernetes'), (Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $KubeRoot 'var') 'lib') 'kubelet')) {
    if (Initialize-WinJoinOwnedDirectory -Path $dir) { Write-Output "created $dir (Administrators and SYSTEM only)"; $changed = $true }
}
$template = [System.IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '_StartKubelet.ps1'))
$scriptChanged = Write-WinJoinFileIfChanged -Path $script -Bytes $template
if ($scriptChanged) { $changed = $true }

$nssm = Install-WinJoinNssm $InstallDir $Downloads
$logFile = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') 'kubelet.log'
[void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($logFile))
$flagsFile = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $KubeRoot 'var') 'lib') 'kubelet') 'kubeadm-flags.env'
$scriptArgs = @('-KubeletPath', $kubelet, '-NodeName', $name, '-FlagsFile', $flagsFile)
if ($minor -lt 24) { $scriptArgs += '-NetworkPluginFlag' }
# The working directory is the drive root, so kubeadm's /etc and /var paths resolve where kubeadm wrote them.
# containerd first after a restart: kubelet without its runtime fails its first sync.
$serviceChanged = Set-WinJoinScriptService -Nssm $nssm -Name 'kubelet' -Script $script -ScriptArguments $scriptArgs -WorkingDir $KubeRoot `
    -LogFile $logFile -DependOn 'containerd' -NoStart
if ($serviceChanged) { $changed = $true }
$service = Get-Service -Name kubelet
# A running kubelet started the old script; the new one applies from its next start.
if ($scriptChanged -and -not $serviceChanged -and [string]$service.Status -eq 'Running') { Restart-Service -Name kubelet -Force }
Complete-WinJoinStep -Changed $changed -Facts @{ nodeName = $name; log = $logFile; startScript = $script }
