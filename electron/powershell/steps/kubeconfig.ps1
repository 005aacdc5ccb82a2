# Step "kubeconfig" (docker-sdn), second half: the node's own kubeconfigs,
# never the admin one. WinJoin's process sent the requests kubeconfig-keys.ps1
# made to the cluster's CSR API, approved them and passes the certificates
# here; each goes with its waiting key into a kubeconfig of one cluster and
# one user: <InstallDir>\config for kubelet (system:node:<name>; the name the
# SDN scripts hard-code) and <InstallDir>\kube-proxy.conf for kube-proxy
# (system:kube-proxy). Both are readable by Administrators and SYSTEM only,
# KUBECONFIG names the node's, and the waiting keys are removed. Undo removes
# what this step wrote (and a key still waiting), and KUBECONFIG when it is ours.
# An identity kubeconfig-keys.ps1 kept (no certificate passed for it) is left
# as it is once checked again; only its ACL, KUBECONFIG and the record are seen to.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [string] $NodeName = '',
    # The API server URL and its CA (base64 PEM), from the admin kubeconfig WinJoin holds: neither is a secret.
    [string] $Server = '',
    [string] $CaData = '',
    # Base64 PEM certificates the cluster issued for the requests of kubeconfig-keys.ps1.
    [string] $KubeletCertificate = '',
    [string] $KubeProxyCertificate = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_NodeIdentity.ps1')

$targets = @{ kubelet = (Join-WinJoinPath $InstallDir 'config'); 'kube-proxy' = (Join-WinJoinPath $InstallDir 'kube-proxy.conf') }
$pki = Join-WinJoinPath $InstallDir 'pki'
$record = Read-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig'
if ($Undo) {
    $changed = $false
    foreach ($name in @('kubelet', 'kube-proxy')) {
        $target = $targets[$name]
        $digests = @()
        # Older joins recorded the one file they wrote as sha256.
        if ($record) { foreach ($field in @('sha256', $name)) { if ($record.ContainsKey($field)) { $digests += [string]$record[$field] } } }
        if ([System.IO.File]::Exists($target) -and $digests -contains (Get-WinJoinSha256 ([System.IO.File]::ReadAllText($target)))) {
            Remove-Item -LiteralPath $target -Force
            $changed = $true
        }
        $pending = Join-WinJoinPath $pki "$name-pending.key"
        if ([System.IO.File]::Exists($pending)) { Remove-Item -LiteralPath $pending -Force; $changed = $true }
    }
    if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -eq $targets.kubelet) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $null; $changed = $true }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig'
    Complete-WinJoinStep -Changed $changed
    return
}

if ($Server -notmatch '^https://') { throw "the API server URL must be https://...; got '$Server'" }
if ($Server -match '^https://(localhost|127\.0\.0\.1|\[::1\])[:/]?') { throw 'the kubeconfig points at localhost; use the master address the Windows node can reach (T2)' }
$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
$identities = @(
    @{ Name = 'kubelet'; User = "system:node:$name"; Organizations = @('system:nodes'); Certificate = $KubeletCertificate },
    @{ Name = 'kube-proxy'; User = 'system:kube-proxy'; Organizations = @(); Certificate = $KubeProxyCertificate })
$changed = $false
$written = @{}
foreach ($identity in $identities) {
    $target = $targets[$identity.Name]
    $pending = Join-WinJoinPath $pki "$($identity.Name)-pending.key"
    if (-not $identity.Certificate) {
        $why = if ([System.IO.File]::Exists($pending)) { 'a key is waiting for it' }
        else { Test-WinJoinNodeIdentity -Path $target -Server $Server -CaData $CaData -User $identity.User -CommonName $identity.User -Organizations $identity.Organizations }
        if ($null -ne $why) { throw "no certificate for $($identity.User) was issued, and $target cannot be kept: $why" }
        $text = [System.IO.File]::ReadAllText($target)
        Write-Output "$target names $($identity.User) (kept)"
    }
    else {
        if (-not [System.IO.File]::Exists($pending)) { throw "the key for $($identity.User) ($pending) is missing; run the step again to make a new one" }
        $keyData = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($pending))
        $text = New-WinJoinNodeKubeconfigText $Server $CaData $identity.User $identity.Certificate $keyData
        if (Write-WinJoinFileIfChanged -Path $target -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($text))) { $changed = $true }
        Remove-Item -LiteralPath $pending -Force
        Write-Output "$target names $($identity.User)"
    }
    if (-not (Test-WinJoinAdminOnlyAcl -Path $target)) { Set-WinJoinAdminOnlyAcl -Path $target; $changed = $true }
    $written[$identity.Name] = Get-WinJoinSha256 $text
}
if ((Get-WinJoinMachineEnv -Name 'KUBECONFIG') -ne $targets.kubelet) { Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value $targets.kubelet; $changed = $true }
Write-WinJoinRecord -StateDir $StateDir -Name 'kubeconfig' -Record $written
Complete-WinJoinStep -Changed $changed -Facts @{ path = $targets.kubelet; kubeProxyPath = $targets['kube-proxy']; user = "system:node:$name" }
