# First half of step "kubeconfig" (docker-sdn): the node's own keys, made here
# so no private key ever passes through WinJoin's process, the journal or the
# cluster. One for kubelet (CN=system:node:<name>, O=system:nodes, what the
# Node authorizer and NodeRestriction know) and one for kube-proxy
# (CN=system:kube-proxy, bound to system:node-proxier by default RBAC). The
# keys wait under <InstallDir>\pki (admin-only) until kubeconfig.ps1 puts each
# into its kubeconfig; only the two certificate requests are returned.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [string] $NodeName = '',
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_NodeIdentity.ps1')

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
$pki = Join-WinJoinPath $InstallDir 'pki'
[void][System.IO.Directory]::CreateDirectory($pki)
$facts = @{ nodeName = $name }
foreach ($identity in @(
        @{ Name = 'kubelet'; CommonName = "system:node:$name"; Organizations = @('system:nodes'); Fact = 'kubeletCsr' },
        @{ Name = 'kube-proxy'; CommonName = 'system:kube-proxy'; Organizations = @(); Fact = 'kubeProxyCsr' })) {
    $made = New-WinJoinKeyAndCsr $identity.CommonName $identity.Organizations
    $keyFile = Join-WinJoinPath $pki "$($identity.Name)-pending.key"
    [void](Write-WinJoinFileIfChanged -Path $keyFile -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($made.KeyPem)))
    if (-not (Test-WinJoinAdminOnlyAcl -Path $keyFile)) { Set-WinJoinAdminOnlyAcl -Path $keyFile }
    $facts[$identity.Fact] = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes($made.CsrPem))
    Write-Output "new key for $($identity.CommonName) in $pki; its certificate request goes to the cluster"
}
Complete-WinJoinStep -Changed $true -Facts $facts
