# Step "scripts": the Microsoft/SDN Kubernetes/windows folder from the pinned
# commit into the install directory (the guide's step 3), plus the two sample
# manifests under samples\. start-kubelet.ps1 hard-codes the service CIDR
# 11.0.0.0/8 and DNS 11.0.0.10 (reference section 1.1, section 8.2); WinJoin writes the
# cluster's values into those two lines instead, and points start-kubeproxy.ps1
# at kube-proxy's own kubeconfig (kube-proxy.conf) instead of kubelet's. Files are written only when
# their content differs; files the user added are never touched.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $ServiceCidr,
    [Parameter(Mandatory)][string] $DnsServiceIp,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

if ($Undo) {
    $record = Read-WinJoinRecord -StateDir $StateDir -Name 'scripts'
    $removed = 0
    if ($record) {
        foreach ($relative in @($record.files)) {
            $path = Join-WinJoinPath $InstallDir $relative
            if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Force; $removed++ }
        }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'scripts'
    Complete-WinJoinStep -Changed ($removed -gt 0) -Facts @{ removed = $removed }
    return
}

if (-not $Downloads.ContainsKey('sdnArchive')) { throw 'the SDN archive was not downloaded (Downloads.sdnArchive missing)' }
$files = Read-WinJoinZipFolder -ZipPath $Downloads.sdnArchive -Folder 'Kubernetes/windows'
$required = 'start-kubelet.ps1', 'start-kubeproxy.ps1', 'AddRoutes.ps1', 'hns.psm1', 'Dockerfile', 'cni/wincni.exe'
$missing = @($required | Where-Object { -not $files.ContainsKey($_) })
if ($missing.Count -gt 0) { throw "the SDN archive lacks Kubernetes/windows/$($missing -join ', ')" }

$utf8 = [System.Text.UTF8Encoding]::new($false)
$content = $utf8.GetString($files['start-kubelet.ps1'])
$original = Get-WinJoinStartKubeletValues $content
$files['start-kubelet.ps1'] = $utf8.GetBytes((Set-WinJoinStartKubeletValues -Content $content -ServiceCidr $ServiceCidr -DnsServiceIp $DnsServiceIp))
if ($original.ServiceCidr -ne $ServiceCidr -or $original.DnsServiceIp -ne $DnsServiceIp) {
    Write-Output "start-kubelet.ps1: service CIDR $($original.ServiceCidr) -> $ServiceCidr, DNS $($original.DnsServiceIp) -> $DnsServiceIp"
}
# kube-proxy runs with its own identity (kube-proxy.conf, written by the kubeconfig step), not kubelet's.
$files['start-kubeproxy.ps1'] = $utf8.GetBytes((Set-WinJoinKubeProxyKubeconfig -Content $utf8.GetString($files['start-kubeproxy.ps1'])))
$samples = Read-WinJoinZipFolder -ZipPath $Downloads.sdnArchive -Folder 'Kubernetes'
foreach ($sample in 'WebServer.yaml', 'PortMapping.yaml') {
    if ($samples.ContainsKey($sample)) { $files["samples/$sample"] = $samples[$sample] }
}

$written = 0
foreach ($relative in ($files.Keys | Sort-Object)) {
    $target = Join-WinJoinPath $InstallDir ($relative -replace '/', [IO.Path]::DirectorySeparatorChar)
    if (Write-WinJoinFileIfChanged -Path $target -Bytes $files[$relative]) { $written++ }
}
Write-WinJoinRecord -StateDir $StateDir -Name 'scripts' -Record @{ files = @($files.Keys | Sort-Object) }
Write-Output "$written of $($files.Count) files written to $InstallDir"
Complete-WinJoinStep -Changed ($written -gt 0) -Facts @{ files = $files.Count; written = $written }
