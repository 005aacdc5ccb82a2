# Step "kubeconfig": the cluster's kubeconfig as <installDir>\config (the name
# the SDN scripts hard-code), with every referenced certificate and key file
# inlined so the copy stands alone, readable by Administrators and SYSTEM only,
# and KUBECONFIG pointing at it. The Node side may pass the inlined text as
# -Content; otherwise -SourcePath is read here. Its content is never printed.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [string] $SourcePath = '',
    [string] $Content = '',
    # The context chosen in the wizard. The executor applies it in Node (the minimal kubeconfig of that
    # context arrives as -Content); declared so the plan's parameters match the script's.
    [string] $Context = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$target = Join-WinJoinPath $InstallDir 'config'
$record = Read-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig'
if ($Undo) {
    $changed = $false
    if ($record -and [System.IO.File]::Exists($target) -and (Get-WinJoinSha256 ([System.IO.File]::ReadAllText($target))) -eq $record.sha256) {
        Remove-Item -LiteralPath $target -Force
        $changed = $true
    }
    if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -eq $target) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $null; $changed = $true }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig'
    Complete-WinJoinStep -Changed $changed
    return
}

function Add-InlinedCertificates([string] $Text, [string] $BaseDir) {
    # certificate-authority: <file> -> certificate-authority-data: <base64>; same for client cert and key.
    $pattern = '(?m)^(\s*)(certificate-authority|client-certificate|client-key):\s*(.+?)\s*$'
    return [regex]::Replace($Text, $pattern, {
            param($m)
            $file = $m.Groups[3].Value.Trim('"', "'")
            if (-not [System.IO.Path]::IsPathRooted($file)) { $file = Join-WinJoinPath $BaseDir $file }
            if (-not [System.IO.File]::Exists($file)) { throw "the kubeconfig refers to $($m.Groups[2].Value) file $file, which does not exist" }
            $data = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($file))
            return "$($m.Groups[1].Value)$($m.Groups[2].Value)-data: $data"
        })
}

if (-not $Content) {
    if (-not $SourcePath) { throw 'neither -Content nor -SourcePath was given' }
    if (-not [System.IO.File]::Exists($SourcePath)) { throw "kubeconfig not found: $SourcePath" }
    $Content = Add-InlinedCertificates ([System.IO.File]::ReadAllText($SourcePath)) ([System.IO.Path]::GetDirectoryName($SourcePath))
}
# What runs on the node (kubectl as Administrator, kubelet as SYSTEM) must not start a credential command.
if ($Content -match '(?m)^\s*(exec|auth-provider):') {
    throw 'the kubeconfig gets its credentials from an exec plugin or auth-provider command, which WinJoin never runs on the node; use a client certificate or a token'
}
if ($Content -notmatch '(?m)^\s*server:\s*https?://') { throw 'the kubeconfig has no cluster server URL' }
if ($Content -match '(?m)^\s*server:\s*https?://(localhost|127\.0\.0\.1|\[::1\])[:/]') {
    throw 'the kubeconfig points at localhost; use the master address the Windows node can reach (T2)'
}

$changed = Write-WinJoinFileIfChanged -Path $target -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($Content))
if (-not (Test-WinJoinAdminOnlyAcl -Path $target)) { Set-WinJoinAdminOnlyAcl -Path $target; $changed = $true }
if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -ne $target) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $target; $changed = $true }
Write-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig' -Record @{ sha256 = Get-WinJoinSha256 $Content }
Write-Output ($(if ($changed) { "kubeconfig written to $target" } else { "kubeconfig at $target unchanged" }))
Complete-WinJoinStep -Changed $changed -Facts @{ path = $target }
