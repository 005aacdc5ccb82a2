Param(
    [parameter(Mandatory = $true)] [string] $masterIp
)
# WinJoin rehearsal stand-in for Microsoft/SDN Kubernetes/windows/AddRoutes.ps1
# at 5b4fbfe: a route to every node's pod CIDR on the cbr0 and management
# vNICs, this node's own CIDR on-link, and a /32 to the master. C:\k is this
# script's folder; the NetRoute cmdlets come from the simulated host.
if ($env:WINJOIN_REHEARSAL_MODULE) { Import-Module $env:WINJOIN_REHEARSAL_MODULE -Global -DisableNameChecking }
$WorkingDir = $PSScriptRoot
$kubectl = Join-Path $WorkingDir 'kubectl.exe'
$kubeconfig = Join-Path $WorkingDir 'config'

function Add-RouteToPodCIDR($nicName) {
    $podCIDRs = & $kubectl --kubeconfig=$kubeconfig get nodes -o=custom-columns=Name:.status.nodeInfo.operatingSystem,PODCidr:.spec.podCIDR --no-headers
    Write-Host "Add-RouteToPodCIDR - available nodes $podCIDRs"
    foreach ($podcidr in $podCIDRs) {
        $tmp = $podcidr -split '\s+'
        $os = $tmp | select -First 1
        $cidr = $tmp | select -Last 1
        if ($cidr -eq '<none>') { continue }
        $cidrGw = $cidr.substring(0,$cidr.lastIndexof(".")) + ".1"
        if ($os -eq "windows") { $cidrGw = $cidr.substring(0,$cidr.lastIndexof(".")) + ".2" }
        Write-Host "Adding route for Remote Pod CIDR $cidr, GW $cidrGw, for node type $os"
        $route = Get-NetRoute -InterfaceAlias "$nicName" -DestinationPrefix $cidr -ErrorAction Ignore
        if (!$route) { New-NetRoute -InterfaceAlias "$nicName" -DestinationPrefix $cidr -NextHop $cidrGw -Verbose | Out-Null }
    }
}

$endpointName = "cbr0"
$vnicName = "vEthernet ($endpointName)"

# Add routes to all POD networks on the Bridge endpoint nic
Add-RouteToPodCIDR -nicName $vnicName

$na = Get-NetAdapter | ? Name -Like "vEthernet (Ethernet*" | ? Status -EQ Up
if (!$na) {
    Write-Error "Do you have a virtual adapter configured? Couldn't find one!"
    exit 1
}

# Add routes to all POD networks on the Mgmt Nic on the host
Add-RouteToPodCIDR -nicName $na.InterfaceAlias

# Update the route for the POD on current host to be on Link
$podCIDR = & $kubectl --kubeconfig=$kubeconfig get nodes/$($(hostname).ToLower()) -o custom-columns=podCidr:.spec.podCIDR --no-headers
Write-Host "Adding route for Local Pod CIDR $podCIDR"
Get-NetRoute -DestinationPrefix $podCIDR -InterfaceAlias $vnicName -ErrorAction Ignore | Remove-NetRoute -Confirm:$false
New-NetRoute -DestinationPrefix $podCIDR -NextHop 0.0.0.0 -InterfaceAlias $vnicName -Verbose | Out-Null

# Add a route to Master, to override the Remote Endpoint
$route = Get-NetRoute -DestinationPrefix "$masterIp/32" -ErrorAction Ignore
if (!$route) {
    $gateway = (Get-NetRoute -DestinationPrefix "0.0.0.0/0" -InterfaceAlias $na.InterfaceAlias).NextHop
    Write-Host "Adding a route for $masterIp with NextHop $gateway"
    New-NetRoute -DestinationPrefix "$masterIp/32" -NextHop $gateway -InterfaceAlias $na.InterfaceAlias -Verbose | Out-Null
}
exit 0
