Param(
    $clusterCIDR="192.168.0.0/16",
    $NetworkMode = "L2Bridge"
)
# WinJoin rehearsal stand-in for Microsoft/SDN Kubernetes/windows/start-kubelet.ps1
# at 5b4fbfe: the same steps and messages (register the node, wait for the pod
# CIDR, create the L2Bridge HNS network and the cbr0 endpoint, write the CNI
# config, run kubelet in the foreground). Differences: $WorkingDir is this
# script's folder (C:\k maps into the rehearsal dir), and the HNS/NetAdapter
# cmdlets come from the simulated host instead of Windows.
$ErrorActionPreference = 'Stop'
if ($env:WINJOIN_REHEARSAL_MODULE) { Import-Module $env:WINJOIN_REHEARSAL_MODULE -Global -DisableNameChecking }

# Todo : Get these values using kubectl
$KubeDnsSuffix ="svc.cluster.local"
$KubeDnsServiceIp="11.0.0.10"
$serviceCIDR="11.0.0.0/8"

$WorkingDir = $PSScriptRoot
$CNIPath = [Io.path]::Combine($WorkingDir , "cni")
$CNIConfig = [Io.path]::Combine($CNIPath, "config", "$NetworkMode.conf")

$endpointName = "cbr0"
$vnicName = "vEthernet ($endpointName)"

function Get-PodCIDR() {
    $podCIDR = & (Join-Path $WorkingDir 'kubectl.exe') --kubeconfig=$(Join-Path $WorkingDir 'config') get nodes/$($(hostname).ToLower()) -o custom-columns=podCidr:.spec.podCIDR --no-headers 2>$null
    return $podCIDR
}

function Test-PodCIDR($podCIDR) {
    return $podCIDR.length -gt 0 -and $podCIDR -ne '<none>'
}

function Get-PodGateway($podCIDR) {
    # Current limitation of Platform to not use .1 ip, since it is reserved
    return $podCIDR.substring(0,$podCIDR.lastIndexof(".")) + ".1"
}

function Get-PodEndpointGateway($podCIDR) {
    return $podCIDR.substring(0,$podCIDR.lastIndexof(".")) + ".2"
}

function Get-MgmtSubnet {
    $na = Get-NetAdapter | ? Name -Like "vEthernet (Ethernet*" | ? Status -EQ Up
    if (!$na) { throw "Failed to find a suitable network adapter, check your network settings." }
    $addr = (Get-NetIPAddress -InterfaceAlias $na.ifAlias -AddressFamily IPv4).IPAddress
    $mask = (Get-NetIPAddress -InterfaceAlias $na.ifAlias -AddressFamily IPv4).PrefixLength
    $prefix = ($addr.Split('.')[0..2] -join '.') + '.0'
    return "$prefix/$mask"
}

function Get-MgmtIpAddress {
    $na = Get-NetAdapter | ? Name -Like "vEthernet (Ethernet*" | ? Status -EQ Up
    return (Get-NetIPAddress -InterfaceAlias $na.ifAlias -AddressFamily IPv4).IPAddress
}

function Update-CNIConfig($podCIDR) {
    $jsonSampleConfig = '{
    "cniVersion": "0.2.0",
    "name": "<NetworkMode>",
    "type": "wincni.exe",
    "master": "Ethernet",
    "capabilities": { "portMappings": true },
    "ipam": { "environment": "azure", "subnet": "<PodCIDR>", "routes": [ { "GW": "<PodGW>" } ] },
    "dns": { "Nameservers": [ "<DNSServerIP>" ], "Search": [ "<DNSSuffix>" ] },
    "AdditionalArgs": [
      { "Name": "EndpointPolicy", "Value": { "Type": "OutBoundNAT", "ExceptionList": [ "<ClusterCIDR>", "<ServerCIDR>", "<MgmtSubnet>" ] } },
      { "Name": "EndpointPolicy", "Value": { "Type": "ROUTE", "DestinationPrefix": "<ServerCIDR>", "NeedEncap": true } },
      { "Name": "EndpointPolicy", "Value": { "Type": "ROUTE", "DestinationPrefix": "<MgmtIP>/32", "NeedEncap": true } }
    ]
}'
    $configJson = ConvertFrom-Json $jsonSampleConfig
    $configJson.name = $NetworkMode.ToLower()
    $configJson.ipam.subnet = $podCIDR
    $configJson.ipam.routes[0].GW = Get-PodEndpointGateway $podCIDR
    $configJson.dns.Nameservers[0] = $KubeDnsServiceIp
    $configJson.dns.Search[0] = $KubeDnsSuffix
    $configJson.AdditionalArgs[0].Value.ExceptionList[0] = $clusterCIDR
    $configJson.AdditionalArgs[0].Value.ExceptionList[1] = $serviceCIDR
    $configJson.AdditionalArgs[0].Value.ExceptionList[2] = Get-MgmtSubnet
    $configJson.AdditionalArgs[1].Value.DestinationPrefix = $serviceCIDR
    $configJson.AdditionalArgs[2].Value.DestinationPrefix = "$(Get-MgmtIpAddress)/32"

    if (Test-Path $CNIConfig) { Clear-Content -Path $CNIConfig }
    Write-Host "Generated CNI Config [$configJson]"
    [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($CNIConfig))
    Add-Content -Path $CNIConfig -Value (ConvertTo-Json $configJson -Depth 20)
}

$kubelet = Join-Path $WorkingDir 'kubelet.exe'
$kubeconfig = Join-Path $WorkingDir 'config'

# Register the node and discover its pod CIDR.
$podCIDR = Get-PodCIDR
$podCidrDiscovered = Test-PodCIDR($podCIDR)
if (-not $podCidrDiscovered) {
    $process = Start-Process -FilePath $kubelet -PassThru -ArgumentList @("--hostname-override=$(hostname)", "--pod-infra-container-image=kubeletwin/pause", "--resolv-conf=""""", "--kubeconfig=$kubeconfig")
    Write-Host "waiting to discover pod CIDR"
    while (-not $podCidrDiscovered) {
        Write-Host "Sleeping for 10s, and then waiting to discover pod CIDR"
        Start-Sleep -sec 10
        $podCIDR = Get-PodCIDR
        $podCidrDiscovered = Test-PodCIDR($podCIDR)
    }
    # stop the kubelet process now that we have our CIDR, discard the process output
    $process | Stop-Process | Out-Null
}

Import-Module (Join-Path $WorkingDir 'hns.psm1')

$hnsNetwork = Get-HnsNetwork | ? Name -EQ $NetworkMode.ToLower()
if ($hnsNetwork) {
    Write-Host "Cleaning up old HNS network found"
    $hnsNetwork | Remove-HnsNetwork
    Start-Sleep 10
}

Write-Host "Creating a new hns Network"
$podGW = Get-PodGateway $podCIDR
$hnsNetwork = New-HNSNetwork -Type $NetworkMode -AddressPrefix $podCIDR -Gateway $podGW -Name $NetworkMode.ToLower() -Verbose
$podEndpointGW = Get-PodEndpointGateway $podCIDR
$hnsEndpoint = New-HnsEndpoint -NetworkId $hnsNetwork.Id -Name $endpointName -IPAddress $podEndpointGW -Gateway "0.0.0.0" -Verbose
Attach-HnsHostEndpoint -EndpointID $hnsEndpoint.Id -CompartmentID 1
netsh int ipv4 set int "$vnicName" for=en
Start-Sleep 10
Update-CNIConfig $podCIDR

& $kubelet --hostname-override=$(hostname) --v=6 `
    --pod-infra-container-image=kubeletwin/pause --resolv-conf="" `
    --allow-privileged=true --enable-debugging-handlers `
    --cluster-dns=$KubeDnsServiceIp --cluster-domain=cluster.local `
    --kubeconfig=$kubeconfig --hairpin-mode=promiscuous-bridge `
    --image-pull-progress-deadline=20m --cgroups-per-qos=false `
    --enforce-node-allocatable="" `
    --network-plugin=cni --cni-bin-dir="$CNIPath" --cni-conf-dir="$CNIPath/config"
