# Step "firewall" (containerd-kubeadm): the inbound rule for the kubelet API
# (reference 1.6): the API server reaches kubelet on this port for logs, exec
# and port-forward, and a node without it goes Ready while `kubectl logs`
# times out. A rule of that name that is not WinJoin's is left alone when it
# already allows the port inbound, and refused otherwise; undo removes only
# WinJoin's rule.
param(
    [Parameter(Mandatory)][string] $Name,
    [Parameter(Mandatory)][int] $Port,
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path (Split-Path -Parent $PSScriptRoot) '_Init.ps1')

$displayName = "WinJoin: $Name API (TCP $Port)"
$rule = Get-NetFirewallRule -Name $Name -ErrorAction SilentlyContinue
if ($Undo) {
    $changed = $false
    if ($rule -and [string]$rule.DisplayName -eq $displayName) { Remove-NetFirewallRule -Name $Name; $changed = $true }
    Complete-WinJoinStep -Changed $changed
    return
}

if ($rule) {
    if ([string]$rule.Direction -ne 'Inbound' -or [string]$rule.Action -ne 'Allow' -or [string]$rule.Enabled -ne 'True') {
        throw "a firewall rule named $Name exists but does not allow inbound traffic (Direction $($rule.Direction), Action $($rule.Action), Enabled $($rule.Enabled)). Remove it (Remove-NetFirewallRule -Name $Name) or enable it, then run WinJoin again."
    }
    $ports = @(Get-NetFirewallPortFilter -AssociatedNetFirewallRule $rule | ForEach-Object { [string]$_.LocalPort })
    if ($ports -notcontains [string]$Port) {
        throw "a firewall rule named $Name exists for port(s) $($ports -join ', '), not TCP $Port. Remove it (Remove-NetFirewallRule -Name $Name), then run WinJoin again."
    }
    Write-Output "firewall rule $Name already allows TCP $Port inbound"
    Complete-WinJoinStep -Changed $false -Facts @{ rule = $Name; port = $Port }
    return
}
New-NetFirewallRule -Name $Name -DisplayName $displayName -Direction Inbound -Protocol TCP -LocalPort $Port -Action Allow | Out-Null
Write-Output "added firewall rule $Name (TCP $Port inbound)"
Complete-WinJoinStep -Changed $true -Facts @{ rule = $Name; port = $Port }
