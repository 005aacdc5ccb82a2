# Dot-sourced by sample-service and port-mapping: apply one of the pinned
# SDN sample manifests (placed by the scripts step) and watch its pods.

function Invoke-WinJoinSampleKubectl([string] $InstallDir, [string[]] $Arguments) {
    $kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'
    return Invoke-WinJoinExe -FilePath $kubectl -ArgumentList (@("--kubeconfig=$(Join-WinJoinPath $InstallDir 'config')") + $Arguments)
}

function Set-WinJoinSample([string] $InstallDir, [string] $Manifest, [switch] $Delete) {
    <# Returns @{ Changed = whether kubectl changed anything in the cluster; Output = its lines }. #>
    $file = Join-WinJoinPath (Join-WinJoinPath $InstallDir 'samples') $Manifest
    if (-not [System.IO.File]::Exists($file)) { throw "$file is missing; run the scripts step first" }
    $arguments = if ($Delete) { @('delete', '-f', $file, '--ignore-not-found') } else { @('apply', '-f', $file) }
    $result = Invoke-WinJoinSampleKubectl $InstallDir $arguments
    if ($result.ExitCode -ne 0) { throw "kubectl $($arguments[0]) $Manifest failed: $($result.Output -join "`n")" }
    return @{ Changed = [bool](($result.Output -join "`n") -match '\b(created|configured|deleted)\b'); Output = $result.Output }
}

function Get-WinJoinSamplePods([string] $InstallDir) {
    $result = Invoke-WinJoinSampleKubectl $InstallDir @('get', 'pods', '-l', 'app=win-webserver', '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.status.podIP} {.spec.nodeName}{"\n"}{end}')
    if ($result.ExitCode -ne 0) { return @() }
    return @($result.Output | Where-Object { "$_".Trim() } | ForEach-Object {
            $p = "$_".Trim() -split '\s+'
            [pscustomobject]@{ Name = $p[0]; Phase = $p[1]; Ip = $(if ($p.Count -gt 2) { $p[2] } else { '' }); Node = $(if ($p.Count -gt 3) { $p[3] } else { '' }) }
        })
}

function Wait-WinJoinSamplePods([string] $InstallDir, [int] $WaitSeconds, [int] $Wanted) {
    <# Polls until $Wanted pods run or time is up; returns the last pod list. #>
    $pods = @()
    for ($waited = 0; $waited -le $WaitSeconds; $waited += 5) {
        $pods = @(Get-WinJoinSamplePods $InstallDir)
        if (@($pods | Where-Object Phase -eq 'Running').Count -ge $Wanted) { break }
        Start-Sleep -Seconds 5
    }
    return , $pods
}

function Test-WinJoinWebPage([string] $Url) {
    try {
        $response = Invoke-WebRequest -Uri $Url -UseBasicParsing -TimeoutSec 10
        return ([int]$response.StatusCode -eq 200 -and [string]$response.Content -match 'Windows Container Web Server')
    }
    catch { return $false }
}
