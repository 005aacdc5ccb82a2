# Shared by the step tests (dot-source it in BeforeAll): loads the modules the
# step host loads, defines stand-ins for Windows-only commands so Pester can
# mock them, and captures the structured events a step emits.

$script:PsRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
$script:StepsDir = Join-Path $script:PsRoot 'steps'
Import-Module (Join-Path $script:PsRoot 'WinJoin.psm1') -Force -Global
Import-Module (Join-Path $script:PsRoot 'WinJoin.Steps.psm1') -Force -Global
Import-Module (Join-Path $script:PsRoot 'WinJoin.Native.psm1') -Force -Global
Import-Module (Join-Path $script:PsRoot 'WinJoin.Host.psm1') -Force -Global

# Windows-only commands: stand-ins with the parameters the scripts use (HOST-COMMANDS.md), only where pwsh on Linux lacks them.
$stubs = @{
    'Get-WindowsFeature'      = 'param($Name)'
    'Install-WindowsFeature'  = 'param($Name)'
    'Uninstall-WindowsFeature' = 'param($Name)'
    'Get-Service'             = 'param($Name, $ErrorAction)'
    'Start-Service'           = 'param($Name)'
    'Stop-Service'            = 'param($Name, [switch]$Force)'
    'Restart-Service'         = 'param($Name, [switch]$Force)'
    'Set-Service'             = 'param($Name, $StartupType)'
    'New-Service'             = 'param($Name, $BinaryPathName, $DisplayName, $StartupType)'
    'Get-PackageProvider'     = 'param($Name, [switch]$ListAvailable, $ErrorAction)'
    'Install-PackageProvider' = 'param($Name, $MinimumVersion, [switch]$Force)'
    'Install-Module'          = 'param($Name, $Repository, [switch]$Force)'
    'Install-Package'         = 'param($Name, $ProviderName, [switch]$Force)'
    'Uninstall-Package'       = 'param($Name, $ProviderName, [switch]$Force)'
    'Get-NetAdapter'          = 'param()'
    'Get-NetIPAddress'        = 'param($InterfaceAlias, $AddressFamily, $ErrorAction)'
    'Get-NetRoute'            = 'param($AddressFamily, $ErrorAction)'
    'Remove-NetRoute'         = 'param($DestinationPrefix, $InterfaceAlias, [switch]$Confirm)'
    'Get-CimInstance'         = 'param($ClassName)'
    'Get-HnsNetwork'          = 'param()'
    'Get-HnsEndpoint'         = 'param()'
    'Get-HnsPolicyList'       = 'param()'
    'Remove-HnsNetwork'       = 'param([Parameter(ValueFromPipeline)]$InputObject) process { }'
    'Remove-HnsPolicyList'    = 'param([Parameter(ValueFromPipeline)]$InputObject) process { }'
    'Get-NetFirewallRule'     = 'param($Name, $ErrorAction)'
    'New-NetFirewallRule'     = 'param($Name, $DisplayName, $Direction, $Protocol, $LocalPort, $Action)'
    'Remove-NetFirewallRule'  = 'param($Name)'
    'Get-NetFirewallPortFilter' = 'param($AssociatedNetFirewallRule)'
    'Get-ExecutionPolicy'     = 'param([switch]$List)'
}
# PackageManagement exists on Linux but validates provider names against what is installed here, so shadow it too.
$alwaysStub = 'Get-PackageProvider', 'Install-PackageProvider', 'Install-Module', 'Install-Package', 'Uninstall-Package'
foreach ($name in $stubs.Keys) {
    if ($alwaysStub -contains $name -or -not (Get-Command $name -CommandType Cmdlet -ErrorAction SilentlyContinue)) {
        Set-Item -Path "function:global:$name" -Value ([scriptblock]::Create($stubs[$name]))
    }
}

# Get-Acl is Windows-only. The step tests' install directories are ones WinJoin
# made earlier (admin-only); SecureDirectory.Tests.ps1 covers every other case.
if (-not (Get-Command Get-Acl -CommandType Cmdlet -ErrorAction SilentlyContinue)) {
    function global:Get-Acl { param($LiteralPath) [pscustomobject]@{ Sddl = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)' } }
}

function global:New-WinJoinTestDir {
    # Spaces and non-ASCII on purpose: every path a script builds must survive both.
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("wj test ノード " + [guid]::NewGuid().ToString('N').Substring(0, 8))
    [void][IO.Directory]::CreateDirectory($dir)
    return $dir
}

# Dot-source in BeforeEach (". $WJCaptureMocks"): Mock must run in the test's own scope.
$global:WJCaptureMocks = {
    $global:WJEvents = New-Object System.Collections.Generic.List[object]
    $global:WJMachineEnv = @{}
    Mock Write-WinJoinEvent -ModuleName WinJoin { $global:WJEvents.Add($Event) }
    Mock Get-WinJoinMachineEnv { $global:WJMachineEnv[$Name] }
    Mock Set-WinJoinMachineEnv { if ([string]::IsNullOrEmpty($Value)) { $global:WJMachineEnv.Remove($Name) } else { $global:WJMachineEnv[$Name] = $Value } }
    Mock Enable-WinJoinTls12 { }
    Mock Start-Sleep { }
    Mock Get-WinJoinPowerShellPath { 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe' }
}

function global:Get-WinJoinResult { @($global:WJEvents | Where-Object { $_.type -eq 'result' }) | Select-Object -Last 1 }
function global:Get-WinJoinCheckEvent([string] $Id) { @($global:WJEvents | Where-Object { $_.type -eq 'check' -and $_.id -eq $Id }) | Select-Object -Last 1 }

function global:Invoke-WinJoinTestStep {
    <# Runs a step script the way the step host does (parameters splatted) and returns its transcript lines. #>
    param([Parameter(Mandatory)][string] $Step, [hashtable] $Parameters = @{})
    $global:WJEvents.Clear()
    $path = Join-Path $script:StepsDir "$Step.ps1"
    return @(& $path @Parameters | ForEach-Object { [string]$_ })
}

function global:New-WinJoinExeResult([int] $ExitCode = 0, [string[]] $Output = @(), [string[]] $StdErr = @()) {
    # The shape Invoke-WinJoinExe returns: the streams apart, and both in Output.
    @{ ExitCode = $ExitCode; StdOut = $Output; StdErr = $StdErr; Output = [string[]](@($Output) + @($StdErr)) }
}

function global:ConvertTo-WinJoinKubectlList {
    <# kubectl's -o json list from 'name phase ip node' (pods) or 'name podCIDR' (nodes) lines. #>
    param([string[]] $Lines, [ValidateSet('pods', 'nodes')][string] $Kind)
    $items = foreach ($line in $Lines) {
        $p = @($line -split '\s+') + @('', '', '', '')
        if ($Kind -eq 'nodes') { @{ metadata = @{ name = $p[0] }; spec = @{ podCIDR = $p[1] } } }
        else { @{ metadata = @{ name = $p[0] }; status = @{ phase = $p[1]; podIP = $p[2] }; spec = @{ nodeName = $p[3] } } }
    }
    return ConvertTo-Json -Depth 6 @{ kind = 'List'; items = @($items) }
}

function global:New-WinJoinZip {
    <# A zip with the given @{ 'path/in/zip' = 'text' } entries. #>
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][hashtable] $Entries)
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::Open($Path, 'Create')
    try {
        foreach ($name in $Entries.Keys) {
            $writer = New-Object System.IO.StreamWriter($zip.CreateEntry($name).Open(), [System.Text.UTF8Encoding]::new($false))
            $writer.Write([string]$Entries[$name]); $writer.Dispose()
        }
    }
    finally { $zip.Dispose() }
}

function global:New-WinJoinSdnZip {
    <# A stand-in for the pinned SDN archive: the files the steps rely on, with start-kubelet.ps1's hard-coded lines. #>
    param([Parameter(Mandatory)][string] $Path, [string[]] $Omit = @())
    $top = 'SDN-5b4fbfe6d677295255efdf9c3035856d380802a9/Kubernetes'
    $entries = @{
        "$top/windows/start-kubelet.ps1"   = "Param(`$clusterCIDR=`"192.168.0.0/16`", `$NetworkMode = `"L2Bridge`")`n`$KubeDnsSuffix =`"svc.cluster.local`"`n`$KubeDnsServiceIp=`"11.0.0.10`"`n`$serviceCIDR=`"11.0.0.0/8`"`n"
        "$top/windows/start-kubeproxy.ps1" = "Param(`$NetworkMode = `"L2Bridge`")`nc:\k\kube-proxy.exe --v=4 --proxy-mode=kernelspace --hostname-override=`$(hostname) --kubeconfig=c:\k\config`n"
        "$top/windows/AddRoutes.ps1"       = "Param([parameter(Mandatory = `$true)] [string] `$masterIp)`n"
        "$top/windows/hns.psm1"            = "# hns`n"
        "$top/windows/Dockerfile"          = "FROM microsoft/windowsservercore`nADD pause.ps1 /pause/pause.ps1`n"
        "$top/windows/cni/wincni.exe"      = 'MZ'
        "$top/windows/cni/config/l2bridge.conf" = '{}'
        "$top/WebServer.yaml"              = "kind: Service`n"
        "$top/PortMapping.yaml"            = "kind: Deployment`n"
    }
    foreach ($o in $Omit) { $entries.Remove("$top/windows/$o") }
    New-WinJoinZip -Path $Path -Entries $entries
}

function global:Join-WinJoinParams([hashtable] $Base, [hashtable] $Override) {
    $merged = $Base.Clone()
    foreach ($key in $Override.Keys) { $merged[$key] = $Override[$key] }
    return $merged
}
