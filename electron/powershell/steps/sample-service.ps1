# Step "sample-service": the guide's step 16 with the pinned WebServer.yaml
# (one replica since SDN 5b4fbfe, though the guide text says two pods, T18).
# Waits for the pod to run, then fetches its page from the pod IP. The node
# cannot reach service IPs in this era (T10), so the service IP is not tried.
# WinJoin's process applies the manifest with the admin kubeconfig, which the
# node never holds (electron/host/cluster-steps/sdn-samples.ts); this script
# hands it over (-Manifest), then checks with the node's own kubeconfig.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [int] $WaitSeconds = 600,
    # First half of the step: only return the manifest (WinJoin's process applies it, and deletes it on undo).
    [switch] $Manifest,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_Sample.ps1')

if ($Manifest) {
    Complete-WinJoinStep -Changed $false -Facts @{ manifest = (Get-WinJoinSampleManifest $InstallDir 'WebServer.yaml') }
    return
}

$changed = $false
Write-WinJoinProgress -Message 'Waiting for the win-webserver pod (the image pull can take long)'
$pods = Wait-WinJoinSamplePods $InstallDir $WaitSeconds 1
$running = @($pods | Where-Object Phase -eq 'Running')
$summary = ($pods | ForEach-Object { "$($_.Name) $($_.Phase)" }) -join ', '
if ($running.Count -eq 0) {
    Write-WinJoinCheck -Id 'sample-pods-running' -Status 'fail' -Detail "no win-webserver pod Running: $summary" -FixKey 'checks.sample-pods-running.fix' -DetailKey 'checkDetails.sample-pods-running.fail' -DetailParams @{ pods = $summary }
    throw "the win-webserver pod did not reach Running within $WaitSeconds s ($summary)"
}
Write-WinJoinCheck -Id 'sample-pods-running' -Status 'pass' -Detail $summary -DetailKey 'checkDetails.sample-pods-running.pass' -DetailParams @{ pods = $summary }
Write-WinJoinCheck -Id 'sample-pod-count' -Status 'pass' -Detail "$($running.Count) pod(s); the pinned WebServer.yaml asks for 1 replica (the guide text's 2 pods predate it)" -DetailKey 'checkDetails.sample-pod-count.pass' -DetailParams @{ count = $running.Count }

$pod = $running[0]
if (-not (Test-WinJoinIpv4 $pod.Ip) -or -not (Test-WinJoinWebPage "http://$($pod.Ip)/")) {
    Write-WinJoinCheck -Id 'sample-page' -Status 'fail' -Detail "http://$($pod.Ip)/ did not return the Windows Container Web Server page" -FixKey 'checks.sample-page.fix' -DetailKey 'checkDetails.sample-page.fail' -DetailParams @{ url = "http://$($pod.Ip)/" }
    throw "the sample page at pod IP $($pod.Ip) did not answer"
}
Write-WinJoinCheck -Id 'sample-page' -Status 'pass' -Detail "http://$($pod.Ip)/ answers" -DetailKey 'checkDetails.sample-page.pass' -DetailParams @{ url = "http://$($pod.Ip)/" }
Complete-WinJoinStep -Changed $changed -Facts @{ podIp = $pod.Ip; pod = $pod.Name }
