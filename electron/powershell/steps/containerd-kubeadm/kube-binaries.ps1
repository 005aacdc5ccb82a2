# Step "kube-binaries" (containerd-kubeadm): kubelet.exe, kubeadm.exe and
# kubectl.exe of the node's version in the install directory (reference 1.6,
# 2.4), copied from the downloads WinJoin verified against dl.k8s.io's
# published digests; each must then report that version. The install
# directory is made admin-only first (_Init.ps1): kubelet runs from it as SYSTEM.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $KubernetesVersion,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

$names = 'kubelet', 'kubeadm', 'kubectl'
if ($Undo) {
    $changed = $false
    foreach ($name in $names) {
        $path = Join-WinJoinPath $InstallDir "$name.exe"
        if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path); $changed = $true }
    }
    Complete-WinJoinStep -Changed $changed
    return
}

$wanted = $KubernetesVersion.TrimStart('v')
if ($wanted -notmatch '^\d+\.\d+\.\d+$') { throw "Kubernetes version is not vX.Y.Z: $KubernetesVersion" }
$changed = $false
foreach ($name in $names) {
    $target = Join-WinJoinPath $InstallDir "$name.exe"
    if (-not $Downloads.ContainsKey($name)) {
        # A resumed run whose download cache is gone: what an earlier run placed is checked below.
        if ([System.IO.File]::Exists($target)) { continue }
        throw "$name.exe was not downloaded (Downloads.$name missing)"
    }
    $bytes = [System.IO.File]::ReadAllBytes($Downloads[$name])
    # kubelet.exe cannot be replaced while the service runs it (a version change on a re-run).
    $service = if ($name -eq 'kubelet') { Get-Service -Name kubelet -ErrorAction SilentlyContinue } else { $null }
    $differs = -not [System.IO.File]::Exists($target) -or -not [System.Linq.Enumerable]::SequenceEqual([System.IO.File]::ReadAllBytes($target), $bytes)
    $restart = $differs -and $service -and [string]$service.Status -eq 'Running'
    if ($restart) { Stop-Service -Name kubelet -Force }
    if (Write-WinJoinFileIfChanged -Path $target -Bytes $bytes) { $changed = $true }
    if ($restart) { Start-Service -Name kubelet }
}

$versions = @{}
foreach ($name in $names) {
    $arguments = switch ($name) { 'kubectl' { @('version', '--client') } 'kubeadm' { @('version', '-o', 'short') } default { @('--version') } }
    $result = Invoke-WinJoinExe -FilePath (Join-WinJoinPath $InstallDir "$name.exe") -ArgumentList $arguments
    $version = Get-WinJoinVersion $result.StdOut
    if ($result.ExitCode -ne 0 -or -not $version) { throw "$name.exe does not run: $($result.Output -join "`n")" }
    if ($version -ne $wanted) { throw "$name.exe reports v$version, expected v$wanted" }
    $versions[$name] = $version
    Write-Output "$name.exe v$version"
}
Complete-WinJoinStep -Changed $changed -Facts @{ versions = $versions }
