# Step "network-checks" (containerd-kubeadm): the node's network as Calico
# VXLAN builds it (reference 1.8A): calico-node-windows creates the HNS
# network "Calico", which kube-proxy-windows waits for and takes its source
# VIP from (T2, T3); until a kube-proxy-windows pod runs on this node, no
# ClusterIP (kube-dns included) works from its pods. Both are polled for a
# bounded time, asked with the node's own kubelet.conf, as is Calico's own
# pod on this node; containerd and kubelet must be running services. Changes
# nothing.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [string] $NodeName = '',
    [int] $WaitSeconds = 120,
    # The drive root kubeadm's /etc and /var paths resolve against; empty: the system drive.
    [string] $KubeRoot = '',
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
# As Windows resolves it, through the host (a rehearsal maps it into its simulated machine).
if (-not $KubeRoot) { $KubeRoot = Get-WinJoinFullPath "$env:SystemDrive\" }
$kubeconfig = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $KubeRoot 'etc') 'kubernetes') 'kubelet.conf'
if (-not [System.IO.File]::Exists($kubeconfig)) { throw "$kubeconfig is missing: the node has not joined (run the kubeadm-join step)" }
$kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'

function Get-NodePod([string] $Namespace, [string] $Prefix) {
    # -o json read here: a jsonpath filter's quotes would reach kubectl mangled from Windows PowerShell 5.1.
    $result = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @("--kubeconfig=$kubeconfig", '-n', $Namespace, 'get', 'pods', '--field-selector', "spec.nodeName=$name", '-o', 'json')
    if ($result.ExitCode -ne 0) { return $null }
    $pods = @((ConvertFrom-Json -InputObject ($result.StdOut -join "`n")).items) | Where-Object { $_ -and [string]$_.metadata.name -like "$Prefix-*" }
    return @($pods) | Select-Object -First 1
}
function Get-Phase($Pod) {
    if ($Pod -and $Pod.PSObject.Properties['status'] -and $Pod.status.PSObject.Properties['phase']) { return [string]$Pod.status.phase }
    return ''
}

# A DaemonSet pod this node needs, as one check: Running passes; anything else is named with its state after the wait.
function Write-NodePodCheck([string] $Id, $Pod) {
    $phase = Get-Phase $Pod
    if ($phase -eq 'Running') {
        Write-WinJoinCheck -Id $Id -Status 'pass' -Detail "$($Pod.metadata.name) Running" -DetailKey "checkDetails.$Id.pass" -DetailParams @{ pod = [string]$Pod.metadata.name }
        return
    }
    $state = if ($Pod) { "$($Pod.metadata.name) $phase" } else { "no $Id pod on this node" }
    Write-WinJoinCheck -Id $Id -Status 'fail' -Detail "$state after $WaitSeconds s" -FixKey "checks.$Id.fix" -DetailKey "checkDetails.$Id.fail" -DetailParams @{ state = $state; seconds = $WaitSeconds }
}

Write-WinJoinProgress -Message 'Waiting for the Calico HNS network, calico-node-windows and kube-proxy-windows'
$network = $null
$pod = $null
$calicoPod = $null
for ($waited = 0; $waited -le $WaitSeconds; $waited += 5) {
    $network = @(Get-HnsNetwork | Where-Object { $_ -and [string]$_.Name -eq 'Calico' }) | Select-Object -First 1
    $pod = Get-NodePod -Namespace 'kube-system' -Prefix 'kube-proxy-windows'
    $calicoPod = Get-NodePod -Namespace 'calico-system' -Prefix 'calico-node-windows'
    if ($network -and (Get-Phase $pod) -eq 'Running' -and (Get-Phase $calicoPod) -eq 'Running') { break }
    Start-Sleep -Seconds 5
}

$failed = @()
# The two services the node runs on: a stopped one would make the checks below pass only until the next restart.
$stopped = @(foreach ($service in 'containerd', 'kubelet') {
        $found = Get-Service -Name $service -ErrorAction SilentlyContinue
        if (-not $found -or [string]$found.Status -ne 'Running') { $service }
    })
if ($stopped.Count -eq 0) {
    Write-WinJoinCheck -Id 'node-services' -Status 'pass' -Detail 'containerd and kubelet are running' -DetailKey 'checkDetails.node-services.pass'
}
else {
    Write-WinJoinCheck -Id 'node-services' -Status 'fail' -Detail "not running: $($stopped -join ', ')" -FixKey 'checks.node-services.fix' -DetailKey 'checkDetails.node-services.fail' -DetailParams @{ services = ($stopped -join ', ') }
    $failed += 'node-services'
}
Write-NodePodCheck -Id 'calico-node-windows' -Pod $calicoPod
if ((Get-Phase $calicoPod) -ne 'Running') { $failed += 'calico-node-windows' }
if ($network) {
    Write-WinJoinCheck -Id 'calico-hns-network' -Status 'pass' -Detail "HNS network Calico ($($network.Type)) exists" -DetailKey 'checkDetails.calico-hns-network.pass' -DetailParams @{ type = [string]$network.Type }
}
else {
    Write-WinJoinCheck -Id 'calico-hns-network' -Status 'fail' -Detail "no HNS network Calico after $WaitSeconds s" -FixKey 'checks.calico-hns-network.fix' -DetailKey 'checkDetails.calico-hns-network.fail' -DetailParams @{ seconds = $WaitSeconds }
    $failed += 'calico-hns-network'
}
Write-NodePodCheck -Id 'kube-proxy-windows' -Pod $pod
if ((Get-Phase $pod) -ne 'Running') { $failed += 'kube-proxy-windows' }
if ($failed.Count -gt 0) { throw "network checks failed: $($failed -join ', ')" }
Complete-WinJoinStep -Changed $false -Facts @{ network = [string]$network.Name; kubeProxyPod = [string]$pod.metadata.name }
