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

if ($Undo) {
    Complete-WinJoinStep -Changed (Remove-WinJoinScriptService $InstallDir 'kubelet' 'kubelet')
    return
}

if (-not (Test-WinJoinCidr $ClusterCidr)) { throw "cluster CIDR is not an IPv4 CIDR: $ClusterCidr" }
$script = Join-WinJoinPath $InstallDir 'start-kubelet.ps1'
if (-not [System.IO.File]::Exists($script)) { throw "$script is missing; run the scripts step first" }
# start-kubelet.ps1 hard-codes these two (reference §1.1); the scripts step adapted them, so a mismatch means someone replaced the file.
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
if ($RunAs -eq 'windows-service') {
    $nssm = Install-WinJoinNssm $InstallDir $Downloads
    $changed = Set-WinJoinScriptService -Nssm $nssm -Name 'kubelet' -Script $script -ScriptArguments $scriptArgs -WorkingDir $InstallDir -LogFile $logFile
}
else { $changed = Start-WinJoinScriptConsole 'kubelet' $script $scriptArgs $InstallDir }

$kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'
$kubeconfig = "--kubeconfig=$(Join-WinJoinPath $InstallDir 'config')"
function Get-NodeField([string] $JsonPath) {
    $result = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @($kubeconfig, 'get', 'node', $name, '-o', "jsonpath=$JsonPath")
    if ($result.ExitCode -ne 0) { return '' }
    return ($result.Output -join '').Trim()
}

Write-WinJoinProgress -Message "Waiting for node $name to be Ready"
$ready = $false
for ($waited = 0; $waited -le $WaitSeconds; $waited += 5) {
    if (-not (Test-WinJoinRunning $RunAs 'kubelet' 'kubelet')) {
        Write-WinJoinCheck -Id 'kubelet-running' -Status 'fail' -Detail 'kubelet stopped' -FixKey 'checks.kubelet-running.fix' -DetailKey 'checkDetails.kubelet-running.fail'
        throw "kubelet stopped while starting. Last log lines:`n$(Get-WinJoinLogTail $logFile)"
    }
    if ((Get-NodeField '{.status.conditions[?(@.type=="Ready")].status}') -eq 'True') { $ready = $true; break }
    Start-Sleep -Seconds 5
}
Write-WinJoinCheck -Id 'kubelet-running' -Status 'pass' -Detail "kubelet runs ($RunAs)" -DetailKey "checkDetails.kubelet-running.$RunAs"
$podCidr = Get-NodeField '{.spec.podCIDR}'
if (-not $ready) {
    $why = if ($podCidr) { "pod CIDR $podCidr" } else { 'no pod CIDR allocated: start-kubelet.ps1 keeps waiting to discover pod CIDR (T14)' }
    Write-WinJoinCheck -Id 'node-ready' -Status 'fail' -Detail "node $name not Ready after $WaitSeconds s; $why" -FixKey 'checks.node-ready.fix' -DetailKey $(if ($podCidr) { 'checkDetails.node-ready.notReady' } else { 'checkDetails.node-ready.noPodCidr' }) -DetailParams @{ node = $name; seconds = $WaitSeconds; podCidr = $podCidr }
    throw "node $name did not become Ready; $why. Last log lines:`n$(Get-WinJoinLogTail $logFile)"
}
Write-WinJoinCheck -Id 'node-ready' -Status 'pass' -Detail "node $name Ready, pod CIDR $podCidr" -DetailKey 'checkDetails.node-ready.pass' -DetailParams @{ node = $name; podCidr = $podCidr }
Complete-WinJoinStep -Changed $changed -Facts @{ nodeName = $name; podCidr = $podCidr; log = $logFile }
