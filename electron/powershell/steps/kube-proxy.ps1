# Step "kube-proxy": runs the SDN start-kubeproxy.ps1 (the guide's step 12) on
# the HNS network start-kubelet created, "l2bridge". Revisions of that script
# differ (5b4fbfe: -NetworkMode L2Bridge; from 8f28c7f: -NetworkName with the
# wrong default cbr0, T15), so WinJoin reads its parameters and passes the one
# it has, and also sets KUBE_NETWORK for the service (T16).
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [ValidateSet('windows-service', 'console')][string] $RunAs = 'windows-service',
    [int] $WaitSeconds = 30,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_Service.ps1')

if ($Undo) {
    Complete-WinJoinStep -Changed (Remove-WinJoinScriptService $InstallDir 'kube-proxy' 'kube-proxy')
    return
}

$network = 'l2bridge'
$script = Join-WinJoinPath $InstallDir 'start-kubeproxy.ps1'
if (-not [System.IO.File]::Exists($script)) { throw "$script is missing; run the scripts step first" }
if (-not (Get-HnsNetwork | Where-Object { $_.Name -ieq $network })) {
    throw "no HNS network named ${network}: start-kubelet.ps1 has not created it (T11)"
}
$parameters = Get-WinJoinScriptParameterNames $script
$scriptArgs = @()
if ($parameters -contains 'NetworkName') { $scriptArgs = @('-NetworkName', $network) }
elseif ($parameters -contains 'NetworkMode') { $scriptArgs = @('-NetworkMode', 'L2Bridge') }

$logFile = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') 'kube-proxy.log'
[void][System.IO.Directory]::CreateDirectory(([System.IO.Path]::GetDirectoryName($logFile)))
if ($RunAs -eq 'windows-service') {
    $nssm = Install-WinJoinNssm $InstallDir $Downloads
    $changed = Set-WinJoinScriptService -Nssm $nssm -Name 'kube-proxy' -Script $script -ScriptArguments $scriptArgs -WorkingDir $InstallDir `
        -LogFile $logFile -Environment @("KUBE_NETWORK=$network") -DependOn 'kubelet'
}
else {
    $env:KUBE_NETWORK = $network
    $changed = Start-WinJoinScriptConsole 'kube-proxy' $script $scriptArgs $InstallDir
}

# kube-proxy has no readiness signal of its own; a wrong network name makes it exit within seconds (T15).
for ($waited = 0; $waited -lt $WaitSeconds; $waited += 5) {
    if (-not (Test-WinJoinRunning $RunAs 'kube-proxy' 'kube-proxy')) {
        Write-WinJoinCheck -Id 'kube-proxy-running' -Status 'fail' -Detail 'kube-proxy stopped' -FixKey 'checks.kube-proxy-running.fix' -DetailKey 'checkDetails.kube-proxy-running.fail'
        throw "kube-proxy stopped. Last log lines:`n$(Get-WinJoinLogTail $logFile)"
    }
    Start-Sleep -Seconds 5
}
Write-WinJoinCheck -Id 'kube-proxy-running' -Status 'pass' -Detail "kube-proxy runs on HNS network $network ($RunAs)" -DetailKey "checkDetails.kube-proxy-running.$RunAs" -DetailParams @{ network = $network }
Complete-WinJoinStep -Changed $changed -Facts @{ network = $network; log = $logFile }
