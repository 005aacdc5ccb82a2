# First half of step "kubeconfig" (docker-sdn): the node's own keys, made here
# so no private key ever passes through WinJoin's process, the journal or the
# cluster. One for kubelet (CN=system:node:<name>, O=system:nodes, what the
# Node authorizer and NodeRestriction know) and one for kube-proxy
# (CN=system:kube-proxy, bound to system:node-proxier by default RBAC). The
# keys wait under <InstallDir>\pki (admin-only) until kubeconfig.ps1 puts each
# into its kubeconfig; only the two certificate requests are returned.
#
# A re-run finds what is already there: an identity whose kubeconfig is still
# good (Test-WinJoinNodeIdentity: this server and cluster CA, this node, signed
# by that CA, more than a fifth of its lifetime left, its own key) is kept and
# no request is returned for it; a key still waiting from an interrupted run
# is reused, and its request is the same as before, so the cluster side finds
# the request it already sent instead of piling up new ones.
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [string] $NodeName = '',
    # The API server URL and CA (base64 PEM) the kubeconfigs name: an identity is kept only for these.
    [string] $Server = '',
    [string] $CaData = '',
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')
. (Join-Path $PSScriptRoot '_NodeIdentity.ps1')

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
$pki = Join-WinJoinPath $InstallDir 'pki'
$facts = @{ nodeName = $name }
$changed = $false
foreach ($identity in @(
        @{ Name = 'kubelet'; CommonName = "system:node:$name"; Organizations = @('system:nodes'); Fact = 'kubeletCsr'; File = 'config' },
        @{ Name = 'kube-proxy'; CommonName = 'system:kube-proxy'; Organizations = @(); Fact = 'kubeProxyCsr'; File = 'kube-proxy.conf' })) {
    $keyFile = Join-WinJoinPath $pki "$($identity.Name)-pending.key"
    $target = Join-WinJoinPath $InstallDir $identity.File
    $why = Test-WinJoinNodeIdentity -Path $target -Server $Server -CaData $CaData -User $identity.CommonName -CommonName $identity.CommonName -Organizations $identity.Organizations
    if ($null -eq $why) {
        $facts[$identity.Fact] = ''
        # A key left waiting by a renewal that never finished is of no use beside a good identity.
        if ([System.IO.File]::Exists($keyFile)) { Remove-Item -LiteralPath $keyFile -Force; $changed = $true }
        Write-Output "$target still holds a good identity for $($identity.CommonName): kept, nothing to sign"
        continue
    }
    $waiting = $null
    if ([System.IO.File]::Exists($keyFile)) {
        try { $waiting = New-WinJoinKeyAndCsr $identity.CommonName $identity.Organizations ([System.IO.File]::ReadAllText($keyFile)) }
        catch { Write-Output "the waiting key $keyFile cannot be read ($($_.Exception.Message)); a new one replaces it" }
    }
    if ($waiting) {
        $made = $waiting
        Write-Output "$target needs a new identity for $($identity.CommonName) ($why); the key waiting from an earlier run is reused, with the same request"
    }
    else {
        [void][System.IO.Directory]::CreateDirectory($pki)
        $made = New-WinJoinKeyAndCsr $identity.CommonName $identity.Organizations
        [void](Write-WinJoinFileIfChanged -Path $keyFile -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($made.KeyPem)))
        $changed = $true
        Write-Output "$target needs a new identity for $($identity.CommonName) ($why): new key in $pki; its certificate request goes to the cluster"
    }
    if (-not (Test-WinJoinAdminOnlyAcl -Path $keyFile)) { Set-WinJoinAdminOnlyAcl -Path $keyFile; $changed = $true }
    $facts[$identity.Fact] = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes($made.CsrPem))
}
Complete-WinJoinStep -Changed $changed -Facts $facts
