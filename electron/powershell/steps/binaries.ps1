# Step "binaries": kubectl.exe, kubelet.exe and kube-proxy.exe in the install
# directory (the guide's step 7), from the files WinJoin downloaded and
# verified: the v1.9.1 node tarball, or the individual .exe files of newer
# releases. Each binary must then report the expected version.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $KubernetesVersion,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$names = 'kubectl', 'kubelet', 'kube-proxy'
if ($Undo) {
    $record = Read-WinJoinRecord -StateDir $StateDir -Name 'binaries'
    $changed = $false
    if ($record) {
        foreach ($name in $names) {
            $path = Join-WinJoinPath $InstallDir "$name.exe"
            if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Force; $changed = $true }
        }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'binaries'
    Complete-WinJoinStep -Changed $changed
    return
}

$bytes = @{}
# Individual downloads first; whatever was not downloaded on its own comes from
# the node tarball (old releases; newer tarballs lack kubectl, which then
# arrives as its own download).
$fromTarball = @($names | Where-Object { -not $Downloads.ContainsKey($_) })
if ($fromTarball.Count -gt 0) {
    if (-not $Downloads.ContainsKey('nodeTarball')) { throw "$($fromTarball[0]).exe was not downloaded (Downloads.$($fromTarball[0]) missing)" }
    $entries = @($fromTarball | ForEach-Object { "kubernetes/node/bin/$_.exe" })
    $found = Read-WinJoinTarGzEntries -Path $Downloads.nodeTarball -Names $entries
    foreach ($name in $fromTarball) {
        $entry = "kubernetes/node/bin/$name.exe"
        if (-not $found.ContainsKey($entry)) { throw "the node tarball has no $entry" }
        $bytes[$name] = $found[$entry]
    }
}
foreach ($name in $names) {
    if ($Downloads.ContainsKey($name)) { $bytes[$name] = [System.IO.File]::ReadAllBytes($Downloads[$name]) }
}

$changed = $false
foreach ($name in $names) {
    if (Write-WinJoinFileIfChanged -Path (Join-WinJoinPath $InstallDir "$name.exe") -Bytes $bytes[$name]) { $changed = $true }
}
Write-WinJoinRecord -StateDir $StateDir -Name 'binaries' -Record @{ version = $KubernetesVersion }

$wanted = $KubernetesVersion.TrimStart('v')
$versions = @{}
foreach ($name in $names) {
    $arguments = if ($name -eq 'kubectl') { @('version', '--client') } else { @('--version') }
    $result = Invoke-WinJoinExe -FilePath (Join-WinJoinPath $InstallDir "$name.exe") -ArgumentList $arguments
    $version = Get-WinJoinVersion $result.Output
    if ($result.ExitCode -ne 0 -or -not $version) { throw "$name.exe does not run: $($result.Output -join "`n")" }
    if ($version -ne $wanted) { throw "$name.exe reports v$version, expected v$wanted" }
    $versions[$name] = $version
    Write-Output "$name.exe v$version"
}
Complete-WinJoinStep -Changed $changed -Facts @{ versions = $versions }
