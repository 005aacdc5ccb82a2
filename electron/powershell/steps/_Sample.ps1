# Dot-sourced by sample-service and port-mapping: hand WinJoin's process one
# of the pinned SDN sample manifests (placed by the scripts step), which it
# applies with the admin kubeconfig, and watch its pods with the node's own
# kubeconfig (kubelet's identity may read pods, never create them).

function Invoke-WinJoinSampleKubectl([string] $InstallDir, [string[]] $Arguments) {
    $kubectl = Join-WinJoinPath $InstallDir 'kubectl.exe'
    return Invoke-WinJoinExe -FilePath $kubectl -ArgumentList (@("--kubeconfig=$(Join-WinJoinPath $InstallDir 'config')") + $Arguments)
}

function Get-WinJoinSampleManifest([string] $InstallDir, [string] $Manifest) {
    <# The pinned SDN sample (placed by the scripts step) as base64 text: WinJoin's process applies it with the admin kubeconfig. #>
    $file = Join-WinJoinPath (Join-WinJoinPath $InstallDir 'samples') $Manifest
    if (-not [System.IO.File]::Exists($file)) { throw "$file is missing; run the scripts step first" }
    return [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($file))
}

function Get-WinJoinSamplePods([string] $InstallDir) {
    # -o json read here: a jsonpath with {"\n"} would reach kubectl mangled from Windows PowerShell 5.1.
    $result = Invoke-WinJoinSampleKubectl $InstallDir @('get', 'pods', '-l', 'app=win-webserver', '-o', 'json')
    if ($result.ExitCode -ne 0) { return @() }
    $field = { param($object, $name) if ($object -and $object.PSObject.Properties[$name]) { [string]$object.$name } else { '' } }
    return @(@((ConvertFrom-Json -InputObject ($result.StdOut -join "`n")).items) | Where-Object { $_ } | ForEach-Object {
            [pscustomobject]@{ Name = $_.metadata.name; Phase = (& $field $_.status 'phase'); Ip = (& $field $_.status 'podIP'); Node = (& $field $_.spec 'nodeName') }
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
    # Straight to the node, never through the IE/WinINET proxy 5.1's Invoke-WebRequest would use (defect 7).
    try {
        $response = Invoke-WinJoinHttpGet -Uri $Url -TimeoutSec 10
        return ([int]$response.StatusCode -eq 200 -and [string]$response.Content -match 'Windows Container Web Server')
    }
    catch { return $false }
}
