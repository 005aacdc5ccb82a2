# Step "kubelet": runs the SDN start-kubelet.ps1 (the guide's step 11), which
# registers the node, creates the l2bridge HNS network and the cbr0 endpoint,
# writes the CNI config and then runs kubelet in the foreground. WinJoin runs
# it as a Windows service (default; log under the state dir) or in a console
# window, then waits until the node reports Ready.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $ClusterCidr,
    [Parameter(Mandatory)][string] $ServiceCidr,
    [Parameter(Mandatory)][string] $DnsServiceIp,
    [string] $NodeName = '',
    [ValidateSet('windows-service', 'console')][string] $RunAs = 'windows-service',
    [int] $WaitSeconds = 300,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_Service.ps1')

# The API server reaches kubelet on 10250 for logs, exec and port-forward; without an
# inbound rule the node goes Ready and `kubectl logs` then times out (defect 8).
$firewallRule = 'WinJoin-kubelet-10250'
if ($Undo) {
    $changed = Remove-WinJoinScriptService $InstallDir 'kubelet' 'kubelet'
    if (Get-NetFirewallRule -Name $firewallRule -ErrorAction SilentlyContinue) { Remove-NetFirewallRule -Name $firewallRule; $changed = $true }
    Complete-WinJoinStep -Changed $changed
    return
}

if (-not (Test-WinJoinCidr $ClusterCidr)) { throw "cluster CIDR is not an IPv4 CIDR: $ClusterCidr" }
$script = Join-WinJoinPath $InstallDir 'start-kubelet.ps1'
if (-not [System.IO.File]::Exists($script)) { throw "$script is missing; run the scripts step first" }
# start-kubelet.ps1 hard-codes these two (reference section 1.1); the scripts step adapted them, so a mismatch means someone replaced the file.
$values = Get-WinJoinStartKubeletValues ([System.IO.File]::ReadAllText($script))
if ($values.ServiceCidr -ne $ServiceCidr -or $values.DnsServiceIp -ne $DnsServiceIp) {
    Write-WinJoinCheck -Id 'kubelet-script-values' -Status 'fail' -FixKey 'checks.kubelet-script-values.fix' `
        -Detail "start-kubelet.ps1 uses service CIDR $($values.ServiceCidr) and DNS $($values.DnsServiceIp); the cluster uses $ServiceCidr and $DnsServiceIp" -DetailKey 'checkDetails.kubelet-script-values.fail' -DetailParams @{ scriptCidr = $values.ServiceCidr; scriptDns = $values.DnsServiceIp; serviceCidr = $ServiceCidr; dns = $DnsServiceIp }
    throw 'start-kubelet.ps1 does not match the cluster service CIDR/DNS; re-run the scripts step'
}
Write-WinJoinCheck -Id 'kubelet-script-values' -Status 'pass' -Detail "service CIDR $ServiceCidr, DNS $DnsServiceIp" -DetailKey 'checkDetails.kubelet-script-values.pass' -DetailParams @{ serviceCidr = $ServiceCidr; dns = $DnsServiceIp }

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
$logFile = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') 'kubelet.log'
[void][System.IO.Directory]::CreateDirectory(([System.IO.Path]::GetDirectoryName($logFile)))
$scriptArgs = @('-ClusterCidr', $ClusterCidr)
$changed = $false
if (-not (Get-NetFirewallRule -Name $firewallRule -ErrorAction SilentlyContinue)) {
    New-NetFirewallRule -Name $firewallRule -DisplayName 'WinJoin: kubelet API (TCP 10250)' -Direction Inbound -Protocol TCP -LocalPort 10250 -Action Allow | Out-Null
    $changed = $true
}
if ($RunAs -eq 'windows-service') {
    $nssm = Install-WinJoinNssm $InstallDir $Downloads
    # After a restart Windows would otherwise start kubelet before the Docker engine answers.
    $serviceChanged = Set-WinJoinScriptService -Nssm $nssm -Name 'kubelet' -Script $script -ScriptArguments $scriptArgs -WorkingDir $InstallDir -LogFile $logFile -DependOn 'docker'
}
else { $serviceChanged = Start-WinJoinScriptConsole 'kubelet' $script $scriptArgs $InstallDir }
$changed = $changed -or $serviceChanged

$kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'
$kubeconfig = "--kubeconfig=$(Join-WinJoinPath $InstallDir 'config')"
function Get-Node {
    # -o json read here rather than a jsonpath filter, whose quotes Windows PowerShell 5.1 would mangle.
    # kubectl says NotFound on stderr until the node registers: that is "not yet", not a failure.
    $result = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @($kubeconfig, 'get', 'node', $name, '-o', 'json')
    if ($result.ExitCode -ne 0) { return $null }
    return ConvertFrom-Json -InputObject ($result.StdOut -join "`n")
}
function Test-NodeReady($Node) {
    if (-not $Node -or -not $Node.PSObject.Properties['status'] -or -not $Node.status.PSObject.Properties['conditions']) { return $false }
    return [bool](@($Node.status.conditions) | Where-Object { $_.type -eq 'Ready' -and $_.status -eq 'True' })
}
function Get-NodePodCidr($Node) {
    if ($Node -and $Node.PSObject.Properties['spec'] -and $Node.spec.PSObject.Properties['podCIDR']) { return [string]$Node.spec.podCIDR }
    return ''
}

Write-WinJoinProgress -Message "Waiting for node $name to be Ready"
$ready = $false
$node = $null
$watch = New-WinJoinRunningWatch $RunAs 'kubelet' 'kubelet'
for ($waited = 0; $waited -le $WaitSeconds; $waited += 5) {
    if (-not (Test-WinJoinWatchAlive $watch $waited)) {
        Write-WinJoinCheck -Id 'kubelet-running' -Status 'fail' -Detail 'kubelet stopped' -FixKey 'checks.kubelet-running.fix' -DetailKey 'checkDetails.kubelet-running.fail'
        throw "kubelet stopped while starting. Last log lines:`n$(Get-WinJoinLogTail $logFile)"
    }
    $node = Get-Node
    # The bootstrap kubelet start-kubelet.ps1 runs to learn the pod CIDR can leave a Ready
    # behind; it counts only once the l2bridge network the final kubelet needs exists.
    $network = @(Get-HnsNetwork | Where-Object { $_ -and $_.Name -ieq 'l2bridge' })
    if ((Test-NodeReady $node) -and $network.Count -gt 0) { $ready = $true; break }
    Start-Sleep -Seconds 5
}
Write-WinJoinCheck -Id 'kubelet-running' -Status 'pass' -Detail "kubelet runs ($RunAs)" -DetailKey "checkDetails.kubelet-running.$RunAs"
$podCidr = Get-NodePodCidr $node
if (-not $ready) {
    $why = if ($podCidr) { "pod CIDR $podCidr" } else { 'no pod CIDR allocated: start-kubelet.ps1 keeps waiting to discover pod CIDR (T14)' }
    Write-WinJoinCheck -Id 'node-ready' -Status 'fail' -Detail "node $name not Ready after $WaitSeconds s; $why" -FixKey 'checks.node-ready.fix' -DetailKey $(if ($podCidr) { 'checkDetails.node-ready.notReady' } else { 'checkDetails.node-ready.noPodCidr' }) -DetailParams @{ node = $name; seconds = $WaitSeconds; podCidr = $podCidr }
    throw "node $name did not become Ready; $why. Last log lines:`n$(Get-WinJoinLogTail $logFile)"
}
Write-WinJoinCheck -Id 'node-ready' -Status 'pass' -Detail "node $name Ready, pod CIDR $podCidr" -DetailKey 'checkDetails.node-ready.pass' -DetailParams @{ node = $name; podCidr = $podCidr }
Complete-WinJoinStep -Changed $changed -Facts @{ nodeName = $name; podCidr = $podCidr; log = $logFile }
