# The simulated network: adapters, routes and HNS objects of the machine,
# plus what answers on it (ping, web requests). Addresses are simulated:
# the LAN, the pod CIDRs and the pods come from machine.json, cluster.json
# and network.json; loopback goes to the real stack; anything else throws.

function Get-SimNetworkMap { Read-SimJson 'network.json' }

function Test-SimLoopback([string] $HostName) { return $HostName -match '^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$' }

function Assert-SimAddressKnown([string] $Address) {
    <# Throws for any address outside the simulated world, so a misconfiguration cannot reach a real network. #>
    $map = Get-SimNetworkMap
    $cluster = Read-SimJson 'cluster.json'
    $inLan = $map -and (Test-SimCidrContains $map.lanCidr $Address)
    $inCluster = $cluster -and (Test-SimCidrContains $cluster.clusterCidr $Address)
    $inService = $cluster -and (Test-SimCidrContains $cluster.serviceCidr $Address)
    $inHns = @((Get-SimMachine).hns.networks | Where-Object { $_ } | ForEach-Object { $_.Subnets } | Where-Object { Test-SimCidrContains $_.AddressPrefix $Address }).Count -gt 0
    if (-not ($inLan -or $inCluster -or $inService -or $inHns -or (Test-SimLoopback $Address))) {
        throw "rehearsal: refusing to contact $Address, which is not a simulated address (only loopback traffic is allowed)"
    }
}

function Get-SimRunningPods {
    $cluster = Read-SimJson 'cluster.json'
    if (-not $cluster) { return @() }
    return @($cluster.pods | Where-Object { $_.status.phase -eq 'Running' -and $_.status['podIP'] })
}

function Test-SimAddressAnswers([string] $Address) {
    <# Whether something on the simulated network answers at $Address (ping). #>
    if (Test-SimLoopback $Address) { return $true }
    Assert-SimAddressKnown $Address
    $machine = Get-SimMachine
    $map = Get-SimNetworkMap
    if ($Address -in @($map.masterIp, $map.gatewayIp)) { return $true }
    if (@($machine.adapters | Where-Object { $_.ipv4 -eq $Address }).Count) { return $true }
    return [bool](@(Get-SimRunningPods | Where-Object { $_.status.podIP -eq $Address }).Count)
}

function Get-SimWebPage([Uri] $Uri) {
    <# The sample web server answering on a pod IP (port 80) or on the node's address at its hostPort. #>
    Assert-SimAddressKnown $Uri.Host
    $machine = Get-SimMachine
    $pods = @(Get-SimRunningPods)
    $pod = $pods | Where-Object { $_.status.podIP -eq $Uri.Host -and $Uri.Port -eq 80 } | Select-Object -First 1
    if (-not $pod -and @($machine.adapters | Where-Object { $_.ipv4 -eq $Uri.Host }).Count) {
        $pod = $pods | Where-Object { @($_.spec.containers | ForEach-Object { @($_['ports']) } | Where-Object { $_ -and $_['hostPort'] -eq $Uri.Port }).Count } | Select-Object -First 1
    }
    if (-not $pod) { throw "Unable to connect to the remote server ($($Uri.Authority))" }
    $content = "<html><body><H1>Windows Container Web Server</H1><p>IP $($pod.status.podIP) callerCount 1 </body></html>"
    return [pscustomobject]@{ StatusCode = 200; StatusDescription = 'OK'; Content = $content; RawContent = "HTTP/1.1 200 OK`r`n`r`n$content"; Headers = @{ 'Content-Type' = 'text/html' } }
}

function Invoke-WebRequest {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][Uri] $Uri, [switch] $UseBasicParsing, [int] $TimeoutSec = 0, [string] $OutFile, [string] $Method = 'GET')
    if (Test-SimLoopback $Uri.Host) {
        $params = @{ Uri = $Uri; Method = $Method }
        if ($TimeoutSec) { $params.TimeoutSec = $TimeoutSec }
        if ($OutFile) { $params.OutFile = $OutFile }
        return Microsoft.PowerShell.Utility\Invoke-WebRequest @params
    }
    return Get-SimWebPage $Uri
}

function Invoke-WinJoinHttpGet {
    <# The product's proxy-less GET: simulated addresses answered in-process, loopback ones for real. #>
    param([Parameter(Mandatory)][string] $Uri, [int] $TimeoutSec = 10)
    $response = Invoke-WebRequest -Uri $Uri -UseBasicParsing -TimeoutSec $TimeoutSec
    return @{ StatusCode = [int]$response.StatusCode; Content = [string]$response.Content }
}

function Get-SimAdapterObject($Adapter) {
    [pscustomobject]@{ Name = $Adapter.name; InterfaceAlias = $Adapter.name; ifAlias = $Adapter.name; InterfaceDescription = $Adapter.interfaceDescription
        MacAddress = $Adapter.macAddress; Status = $Adapter.status; ifIndex = $Adapter.ifIndex }
}

function Get-NetAdapter {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]] $Name = @('*'))
    $adapters = @((Get-SimMachine).adapters | Where-Object { $a = $_; @($Name | Where-Object { $a.name -like $_ }).Count })
    if (-not $adapters.Count) { Write-Error "No MSFT_NetAdapter objects found with property 'Name' equal to '$($Name -join ',')'." -Category ObjectNotFound; return }
    $adapters | ForEach-Object { Get-SimAdapterObject $_ }
}

function Get-NetIPAddress {
    [CmdletBinding()]
    param([string] $InterfaceAlias = '*', [string] $AddressFamily = 'IPv4', [string] $IPAddress = '*')
    $found = @((Get-SimMachine).adapters | Where-Object { $_.ipv4 -and $_.name -like $InterfaceAlias -and $_.ipv4 -like $IPAddress })
    if (-not $found.Count) { Write-Error "No MSFT_NetIPAddress objects found with property 'InterfaceAlias' equal to '$InterfaceAlias'." -Category ObjectNotFound; return }
    $found | ForEach-Object { [pscustomobject]@{ IPAddress = $_.ipv4; PrefixLength = [int]$_.prefixLength; InterfaceAlias = $_.name; AddressFamily = 'IPv4' } }
}

function Get-SimRouteObject($Route) {
    [pscustomobject]@{ DestinationPrefix = $Route.destinationPrefix; NextHop = $Route.nextHop; InterfaceAlias = $Route.interfaceAlias; RouteMetric = 256; AddressFamily = 'IPv4' }
}

function Get-NetRoute {
    [CmdletBinding()]
    param([string] $AddressFamily = 'IPv4', [string] $DestinationPrefix = '*', [string] $InterfaceAlias = '*')
    $found = @((Get-SimMachine).routes | Where-Object { $_.destinationPrefix -like $DestinationPrefix -and $_.interfaceAlias -like $InterfaceAlias })
    if (-not $found.Count) { Write-Error 'No matching MSFT_NetRoute objects found' -Category ObjectNotFound; return }
    $found | ForEach-Object { Get-SimRouteObject $_ }
}

function New-NetRoute {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)][string] $DestinationPrefix, [Parameter(Mandatory)][string] $InterfaceAlias, [string] $NextHop = '0.0.0.0')
    $route = Use-SimMachine {
        param($m)
        if (-not @($m.adapters | Where-Object { $_.name -eq $InterfaceAlias }).Count) { throw "No MSFT_NetAdapter objects found with property 'Name' equal to '$InterfaceAlias'." }
        if (@($m.routes | Where-Object { $_.destinationPrefix -eq $DestinationPrefix -and $_.interfaceAlias -eq $InterfaceAlias }).Count) { throw 'Instance MSFT_NetRoute already exists' }
        $new = @{ destinationPrefix = $DestinationPrefix; nextHop = $NextHop; interfaceAlias = $InterfaceAlias }
        $m.routes = @($m.routes) + @($new)
        return $new
    }
    Get-SimRouteObject $route
}

function Remove-NetRoute {
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'None')]
    param([Parameter(ValueFromPipelineByPropertyName)][string] $DestinationPrefix, [Parameter(ValueFromPipelineByPropertyName)][string] $InterfaceAlias = '*')
    process {
        Use-SimMachine {
            param($m)
            $m.routes = @($m.routes | Where-Object { -not ($_.destinationPrefix -eq $DestinationPrefix -and $_.interfaceAlias -like $InterfaceAlias) })
        } | Out-Null
    }
}

function Get-SimHnsNetworkObject($Network) { [pscustomobject]$Network }

function Get-HnsNetwork { [CmdletBinding()] param() @((Get-SimMachine).hns.networks) | Where-Object { $_ } | ForEach-Object { [pscustomobject]$_ } }
function Get-HnsEndpoint { [CmdletBinding()] param() @((Get-SimMachine).hns.endpoints) | Where-Object { $_ } | ForEach-Object { [pscustomobject]$_ } }
function Get-HnsPolicyList { [CmdletBinding()] param() @((Get-SimMachine).hns.policyLists) | Where-Object { $_ } | ForEach-Object { [pscustomobject]$_ } }

function New-HNSNetwork {
    <# Creating the first L2Bridge network creates the external vSwitch: the NIC's address moves to "vEthernet (<NIC>)". #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Type, [Parameter(Mandatory)][string] $Name, [string] $AddressPrefix, [string] $Gateway, [string] $AdapterName = 'Ethernet')
    $network = Use-SimMachine {
        param($m)
        if (@($m.hns.networks | Where-Object { $_.Name -ieq $Name }).Count) { throw "HNS failed with error : {Object Exists}" }
        $nic = @($m.adapters | Where-Object { $_.name -eq $AdapterName }) | Select-Object -First 1
        if (-not $nic) { throw "HNS failed with error : Element not found. (no adapter named $AdapterName)" }
        $vnicName = "vEthernet ($AdapterName)"
        if (-not @($m.adapters | Where-Object { $_.name -eq $vnicName }).Count) {
            $m.adapters = @($m.adapters) + @(@{ name = $vnicName; interfaceDescription = "Hyper-V Virtual Ethernet Adapter"; macAddress = $nic.macAddress; status = 'Up'; ipv4 = $nic.ipv4; prefixLength = $nic.prefixLength; ifIndex = 20 + @($m.adapters).Count })
            $nic.ipv4 = $null
            foreach ($route in @($m.routes | Where-Object { $_.interfaceAlias -eq $AdapterName })) { $route.interfaceAlias = $vnicName }
        }
        $id = [guid]::NewGuid().ToString().ToUpperInvariant()
        $new = @{ ID = $id; Name = $Name; Type = $Type; Subnets = @(@{ AddressPrefix = $AddressPrefix; GatewayAddress = $Gateway }); NetworkAdapterName = $AdapterName; State = 1 }
        $m.hns.networks = @($m.hns.networks) + @($new)
        return $new
    }
    Write-Verbose "Create new HNS network: $Name ($Type) $AddressPrefix gateway $Gateway"
    [pscustomobject]$network
}

function New-HnsEndpoint {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $NetworkId, [Parameter(Mandatory)][string] $Name, [string] $IPAddress, [string] $Gateway, [string] $MacAddress)
    $endpoint = Use-SimMachine {
        param($m)
        if (-not @($m.hns.networks | Where-Object { $_.ID -eq $NetworkId }).Count) { throw "HNS failed with error : Element not found. (network $NetworkId)" }
        $new = @{ ID = [guid]::NewGuid().ToString().ToUpperInvariant(); Name = $Name; VirtualNetwork = $NetworkId; IPAddress = $IPAddress; GatewayAddress = $Gateway; MacAddress = '00-15-5D-2B-0C-D2'; IsRemoteEndpoint = $false; SharedContainers = @() }
        $m.hns.endpoints = @($m.hns.endpoints) + @($new)
        return $new
    }
    Write-Verbose "Create new HNS endpoint: $Name $IPAddress"
    [pscustomobject]$endpoint
}

function Attach-HnsHostEndpoint {
    <# Attaching to compartment 1 gives the host the adapter "vEthernet (<endpoint name>)". #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $EndpointID, [int] $CompartmentID = 1)
    Use-SimMachine {
        param($m)
        $endpoint = @($m.hns.endpoints | Where-Object { $_.ID -eq $EndpointID }) | Select-Object -First 1
        if (-not $endpoint) { throw "HNS failed with error : Element not found. (endpoint $EndpointID)" }
        $network = @($m.hns.networks | Where-Object { $_.ID -eq $endpoint.VirtualNetwork }) | Select-Object -First 1
        $prefix = [int](($network.Subnets | Select-Object -First 1).AddressPrefix -split '/')[1]
        $name = "vEthernet ($($endpoint.Name))"
        $m.adapters = @($m.adapters | Where-Object { $_.name -ne $name }) + @(@{ name = $name; interfaceDescription = 'Hyper-V Virtual Ethernet Adapter #2'; macAddress = $endpoint.MacAddress; status = 'Up'; ipv4 = $endpoint.IPAddress; prefixLength = $prefix; ifIndex = 40 })
    } | Out-Null
}

function Remove-HnsNetwork {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $InputObject)
    process {
        $id = $InputObject.ID
        Use-SimMachine {
            param($m)
            $m.hns.endpoints = @($m.hns.endpoints | Where-Object { $_.VirtualNetwork -ne $id })
            $m.hns.networks = @($m.hns.networks | Where-Object { $_.ID -ne $id })
        } | Out-Null
    }
}

function Remove-HnsPolicyList {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $InputObject)
    process { Use-SimMachine { param($m) $m.hns.policyLists = @($m.hns.policyLists | Where-Object { $_.ID -ne $InputObject.ID }) } | Out-Null }
}

function netsh {
    # The SDN script enables forwarding on vEthernet (cbr0); recorded, nothing else to do.
    $line = $args -join ' '
    Use-SimMachine { param($m) $m.netsh = @(@($m['netsh']) + @($line) | Where-Object { $_ }) } | Out-Null
    $global:LASTEXITCODE = 0
}
