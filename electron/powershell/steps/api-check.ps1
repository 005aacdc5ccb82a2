# Step "api-check": kubectl on this machine reaches the API server (the guide's
# step 10). Both a client and a server version must come back; the classic
# failure, dial tcp [::1]:8080, means kubectl found no kubeconfig (T3).
param(
    [Parameter(Mandatory)][string] $InstallDir,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$kubeconfig = Join-WinJoinPath $InstallDir 'config'
$result = Invoke-WinJoinExe -FilePath (Join-WinJoinPath $InstallDir 'kubectl.exe') -ArgumentList @("--kubeconfig=$kubeconfig", 'version')
$text = $result.Output -join "`n"
$result.Output | ForEach-Object { Write-Output (Hide-WinJoinSecret $_) }
if ($text -match 'dial tcp (\[::1\]|127\.0\.0\.1):8080') {
    throw "kubectl found no kubeconfig and fell back to localhost:8080 (expected $kubeconfig): $text"
}
$client = [regex]::Match($text, 'Client Version:.*?v(\d+\.\d+\.\d+)')
$server = [regex]::Match($text, 'Server Version:.*?v(\d+\.\d+\.\d+)')
if ($result.ExitCode -ne 0 -or -not $server.Success) { throw "kubectl cannot reach the API server: $text" }
if (-not $client.Success) { throw "kubectl printed no client version: $text" }
$c = [version]$client.Groups[1].Value; $s = [version]$server.Groups[1].Value
if ($c.Major -eq $s.Major -and $c.Minor -gt $s.Minor) {
    Write-WinJoinCheck -Id 'version-skew' -Status 'warn' -Detail "node binaries v$c are newer than the API server v$s" -FixKey 'checks.version-skew.fix' -DetailKey 'checkDetails.version-skew.warn' -DetailParams @{ client = "v$c"; server = "v$s" }
}
else { Write-WinJoinCheck -Id 'version-skew' -Status 'pass' -Detail "client v$c, server v$s" -DetailKey 'checkDetails.version-skew.pass' -DetailParams @{ client = "v$c"; server = "v$s" } }
Complete-WinJoinStep -Changed $false -Facts @{ clientVersion = "$c"; serverVersion = "$s" }
