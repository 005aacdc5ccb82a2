# WinJoin.Host: every OS or .NET primitive the step scripts need that a
# function of the same name cannot shadow (static .NET calls, registry reads,
# tokens, ACLs, sockets). One small function each, so Pester mocks them and the
# rehearsal's simulated host replaces them; the list is HOST-COMMANDS.md.

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'WinJoin.Native.psm1')

function Test-WinJoinElevated {
    # IsInRole looks at the token, so a UAC-filtered admin is correctly "not elevated";
    # group membership (what kubeadm checks) would say yes and later steps would fail.
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal($identity)
    return [bool]$principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Get-WinJoinOsVersion {
    $key = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $ubr = 0
    if ($key.PSObject.Properties['UBR']) { $ubr = [int]$key.UBR }
    $installationType = ''
    if ($key.PSObject.Properties['InstallationType']) { $installationType = [string]$key.InstallationType }
    return @{ Build = [int]$key.CurrentBuildNumber; Ubr = $ubr; ProductName = [string]$key.ProductName; InstallationType = $installationType }
}

function Test-WinJoinRestartPending {
    $keys = @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending',
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
    )
    foreach ($key in $keys) { if (Test-Path -LiteralPath $key) { return $true } }
    return $false
}

function Get-WinJoinMachineEnv {
    param([Parameter(Mandatory)][string] $Name)
    return [Environment]::GetEnvironmentVariable($Name, [EnvironmentVariableTarget]::Machine)
}

function Set-WinJoinMachineEnv {
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][AllowEmptyString()][string] $Value)
    if ([string]::IsNullOrEmpty($Value)) { $Value = $null }
    [Environment]::SetEnvironmentVariable($Name, $Value, [EnvironmentVariableTarget]::Machine)
}

function Get-WinJoinFreeBytes {
    param([Parameter(Mandatory)][string] $Path)
    $root = [System.IO.Path]::GetPathRoot($Path)
    return [long]([System.IO.DriveInfo]::new($root).AvailableFreeSpace)
}

function Test-WinJoinPortFree {
    param([Parameter(Mandatory)][int] $Port)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Any, $Port)
    try { $listener.Start(); return $true }
    catch { return $false }
    finally { $listener.Stop() }
}

function Get-WinJoinAdminSids {
    @(
        [System.Security.Principal.SecurityIdentifier]::new('S-1-5-32-544'),
        [System.Security.Principal.SecurityIdentifier]::new('S-1-5-18')
    )
}

function Test-WinJoinAdminOnlyAcl {
    param([Parameter(Mandatory)][string] $Path)
    $acl = Get-Acl -LiteralPath $Path
    if (-not $acl.AreAccessRulesProtected) { return $false }
    $rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))
    $wanted = @(Get-WinJoinAdminSids | ForEach-Object { $_.Value })
    $found = @($rules | ForEach-Object { $_.IdentityReference.Value } | Sort-Object -Unique)
    return ($rules.Count -eq 2) -and (@(Compare-Object $wanted $found).Count -eq 0)
}

function Set-WinJoinAdminOnlyAcl {
    param([Parameter(Mandatory)][string] $Path)
    $acl = Get-Acl -LiteralPath $Path
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($rule in @($acl.Access)) { [void]$acl.RemoveAccessRule($rule) }
    foreach ($sid in Get-WinJoinAdminSids) {
        $acl.AddAccessRule([System.Security.AccessControl.FileSystemAccessRule]::new($sid, 'FullControl', 'Allow'))
    }
    Set-Acl -LiteralPath $Path -AclObject $acl
}

function Enable-WinJoinTls12 {
    # Windows PowerShell 5.1 defaults to TLS 1.0, which GitHub and PSGallery refuse (T40, T21).
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
}

function Get-WinJoinHostName {
    return [System.Net.Dns]::GetHostName()
}

function Invoke-WinJoinExe {
    # The steps' only way to start an executable; WinJoin.Native says how and why.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    return Invoke-WinJoinProcess -FilePath $FilePath -ArgumentList $ArgumentList
}

Export-ModuleMember -Function Test-WinJoinElevated, Get-WinJoinOsVersion, Test-WinJoinRestartPending, Get-WinJoinMachineEnv,
    Set-WinJoinMachineEnv, Get-WinJoinFreeBytes, Test-WinJoinPortFree, Test-WinJoinAdminOnlyAcl, Set-WinJoinAdminOnlyAcl,
    Enable-WinJoinTls12, Get-WinJoinHostName, Invoke-WinJoinExe
