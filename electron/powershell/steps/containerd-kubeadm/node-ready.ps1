# Step "node-ready" (containerd-kubeadm): waits until the node reports Ready,
# asking with the node's own credentials (kubelet.conf, which kubeadm join
# wrote), never an admin kubeconfig: the node authorizer lets a node read its
# own Node object, and nothing else is needed here. NotReady with "cni plugin
# not initialized" means no CNI config in containerd's conf dir yet (T26):
# the Calico DaemonSet has not run on this node. While it is not Ready, the
# pods on it are read too: a pod whose image cannot be pulled (ErrImagePull,
# ImagePullBackOff) keeps the node NotReady for good when it is the CNI's, and
# kubelet reports that within seconds, so the step stops there with the
# runtime's own words (a proxy refusing the registry, a direct dial timing
# out: T16) instead of waiting out its timeout. Changes nothing.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [string] $NodeName = '',
    [int] $WaitSeconds = 600,
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

function Get-Node {
    # -o json read here rather than a jsonpath filter, whose quotes Windows PowerShell 5.1 would mangle.
    # kubectl says NotFound on stderr until the node registers: that is "not yet", not a failure.
    $result = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @("--kubeconfig=$kubeconfig", 'get', 'node', $name, '-o', 'json')
    if ($result.ExitCode -ne 0) { return @{ Node = $null; Error = (($result.StdErr | Select-Object -Last 3) -join ' ') } }
    return @{ Node = (ConvertFrom-Json -InputObject ($result.StdOut -join "`n")); Error = '' }
}
function Get-ReadyCondition($Node) {
    if (-not $Node -or -not $Node.PSObject.Properties['status'] -or -not $Node.status.PSObject.Properties['conditions']) { return $null }
    return @($Node.status.conditions) | Where-Object { $_.type -eq 'Ready' } | Select-Object -First 1
}
# A field kubectl may leave out, as text ('' when absent).
function Get-Field($Object, [string] $Field) { return [string](Get-WinJoinOptionalProperty $Object $Field) }
function Get-ImagePullFailure {
    # The node authorizer lets a node list the pods bound to it (what its kubelet reads). A failed
    # read is no verdict: the wait goes on and the Ready condition decides.
    $result = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @("--kubeconfig=$kubeconfig", 'get', 'pods', '--all-namespaces', "--field-selector=spec.nodeName=$name", '-o', 'json')
    if ($result.ExitCode -ne 0) { return $null }
    try { $list = ConvertFrom-Json -InputObject ($result.StdOut -join "`n") } catch { return $null }
    foreach ($pod in @(Get-WinJoinOptionalProperty $list 'items')) {
        $status = Get-WinJoinOptionalProperty $pod 'status'
        $containers = @(Get-WinJoinOptionalProperty $status 'initContainerStatuses') + @(Get-WinJoinOptionalProperty $status 'containerStatuses')
        foreach ($container in $containers) {
            $waiting = Get-WinJoinOptionalProperty (Get-WinJoinOptionalProperty $container 'state') 'waiting'
            $reason = Get-Field $waiting 'reason'
            if ($reason -ne 'ErrImagePull' -and $reason -ne 'ImagePullBackOff') { continue }
            $metadata = Get-WinJoinOptionalProperty $pod 'metadata'
            return @{
                Pod       = "$(Get-Field $metadata 'namespace')/$(Get-Field $metadata 'name')"
                Container = Get-Field $container 'name'
                Reason    = $reason
                Message   = Get-Field $waiting 'message'
            }
        }
    }
    return $null
}

Write-WinJoinProgress -Message "Waiting for node $name to be Ready"
$answer = $null
$condition = $null
$pull = $null
for ($waited = 0; $waited -le $WaitSeconds; $waited += 5) {
    $answer = Get-Node
    $condition = Get-ReadyCondition $answer.Node
    if ($condition -and [string]$condition.status -eq 'True') { break }
    if ($answer.Node) {
        $pull = Get-ImagePullFailure
        if ($pull) { break }
    }
    Start-Sleep -Seconds 5
}
if ($pull) {
    $why = "pod $($pull.Pod) cannot pull the image of container $($pull.Container) ($($pull.Reason)): $($pull.Message)"
    # The runtime's error as its own line: what the known problems are matched against.
    Write-Output $pull.Message
    Write-WinJoinCheck -Id 'node-ready' -Status 'fail' -Detail "node $name not Ready: $why" -FixKey 'checks.node-ready.fixImagePull' `
        -DetailKey 'checkDetails.node-ready.imagePullFailed' -DetailParams @{ node = $name; pod = $pull.Pod; reason = $pull.Reason; message = $pull.Message }
    throw "node $name is not Ready: $why"
}
if (-not $condition -or [string]$condition.status -ne 'True') {
    $why = if ($condition) { "$(Get-Field $condition 'reason'): $(Get-Field $condition 'message')" } elseif ($answer.Error) { $answer.Error } else { 'the node has not registered' }
    Write-WinJoinCheck -Id 'node-ready' -Status 'fail' -Detail "node $name not Ready after $WaitSeconds s: $why" -FixKey 'checks.node-ready.fixKubeadm' `
        -DetailKey 'checkDetails.node-ready.kubeadmNotReady' -DetailParams @{ node = $name; seconds = $WaitSeconds; reason = $why }
    throw "node $name did not become Ready within $WaitSeconds s: $why"
}
$info = if ($answer.Node.status.PSObject.Properties['nodeInfo']) { $answer.Node.status.nodeInfo } else { $null }
$kubeletVersion = Get-Field $info 'kubeletVersion'
$runtime = Get-Field $info 'containerRuntimeVersion'
Write-WinJoinCheck -Id 'node-ready' -Status 'pass' -Detail "node $name Ready (kubelet $kubeletVersion, $runtime)" -DetailKey 'checkDetails.node-ready.kubeadmPass' `
    -DetailParams @{ node = $name; kubelet = $kubeletVersion; runtime = $runtime }
Complete-WinJoinStep -Changed $false -Facts @{ nodeName = $name; kubeletVersion = $kubeletVersion; containerRuntime = $runtime }
