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
    # Read raw (DoNotExpandEnvironmentNames): the machine Path holds %SystemRoot% references that
    # must be written back as they are, not as today's expansion (defect 9).
    param([Parameter(Mandatory)][string] $Name)
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment')
    if (-not $key) { return $null }
    try { return $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) }
    finally { $key.Dispose() }
}

function Get-WinJoinEnvValueKind {
    <# REG_EXPAND_SZ for Path and for any value holding a %VAR% reference, as Windows' own editor writes them. #>
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][AllowEmptyString()][string] $Value)
    if ($Name -ieq 'Path' -or "$Value" -match '%[^%\s]+%') { return 'ExpandString' }
    return 'String'
}

function Set-WinJoinMachineEnv {
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][AllowEmptyString()][string] $Value)
    if ([string]::IsNullOrEmpty($Value)) { $Value = $null }
    Write-WinJoinMachineEnvValue -Name $Name -Value $Value -Kind (Get-WinJoinEnvValueKind -Name $Name -Value $Value)
}

function Write-WinJoinMachineEnvValue {
    # [Environment]::SetEnvironmentVariable would store REG_SZ and lose %SystemRoot% for good;
    # the registry keeps the kind, then running programs are told the environment changed.
    param([Parameter(Mandatory)][string] $Name, [AllowNull()][string] $Value, [Parameter(Mandatory)][string] $Kind)
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment', $true)
    try {
        if ($null -eq $Value) { $key.DeleteValue($Name, $false) }
        else { $key.SetValue($Name, $Value, [Microsoft.Win32.RegistryValueKind]$Kind) }
    }
    finally { $key.Dispose() }
    if (-not ('WinJoin.EnvironmentBroadcast' -as [type])) {
        Add-Type -Namespace WinJoin -Name EnvironmentBroadcast -MemberDefinition @'
[System.Runtime.InteropServices.DllImport("user32.dll", CharSet = System.Runtime.InteropServices.CharSet.Unicode)]
public static extern System.IntPtr SendMessageTimeout(System.IntPtr hWnd, uint msg, System.UIntPtr wParam, string lParam, uint flags, uint timeout, out System.UIntPtr result);
'@
    }
    $ignored = [System.UIntPtr]::Zero
    # HWND_BROADCAST, WM_SETTINGCHANGE "Environment", SMTO_ABORTIFHUNG, 5 s.
    [void][WinJoin.EnvironmentBroadcast]::SendMessageTimeout([System.IntPtr]0xffff, 0x1A, [System.UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$ignored)
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

function Get-WinJoinServiceConfig {
    <#
    What nssm stored for a service, read from the registry instead of from
    `nssm get` (which prints UTF-16): @{ Application; AppParameters;
    DependOnService = [string[]] }, or $null when the service does not exist.
    #>
    param([Parameter(Mandatory)][string] $Name)
    $path = "HKLM:\SYSTEM\CurrentControlSet\Services\$Name"
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    $service = Get-ItemProperty -LiteralPath $path
    $parameters = Get-ItemProperty -LiteralPath "$path\Parameters" -ErrorAction SilentlyContinue
    $read = { param($item, $field) if ($item -and $item.PSObject.Properties[$field]) { $item.$field } }
    return @{
        Application     = [string](& $read $parameters 'Application')
        AppParameters   = [string](& $read $parameters 'AppParameters')
        DependOnService = [string[]]@(& $read $service 'DependOnService' | Where-Object { $_ })
        # The command line the SCM starts (a service registered by its own binary, such as containerd).
        ImagePath       = [string](& $read $service 'ImagePath')
    }
}

function Get-WinJoinServiceEnvironment {
    <#
    The service's own environment: the Environment REG_MULTI_SZ the SCM merges
    into the process it starts ("NAME=value" lines), or nothing; callers wrap it in @().
    #>
    param([Parameter(Mandatory)][string] $Name)
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("SYSTEM\CurrentControlSet\Services\$Name")
    if (-not $key) { return @() }
    try { return [string[]]@($key.GetValue('Environment', [string[]]@()) | Where-Object { $_ }) }
    finally { $key.Dispose() }
}

function Set-WinJoinServiceEnvironment {
    <# Writes that value (REG_MULTI_SZ); an empty list deletes it. The service must exist. #>
    param([Parameter(Mandatory)][string] $Name, [AllowEmptyCollection()][string[]] $Environment = @())
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("SYSTEM\CurrentControlSet\Services\$Name", $true)
    if (-not $key) { throw "service $Name does not exist" }
    try {
        if (@($Environment).Count -eq 0) { $key.DeleteValue('Environment', $false) }
        else { $key.SetValue('Environment', [string[]]$Environment, [Microsoft.Win32.RegistryValueKind]::MultiString) }
    }
    finally { $key.Dispose() }
}

function Protect-WinJoinServiceKey {
    <#
    HKLM\SYSTEM\CurrentControlSet\Services\<Name> inherits Users: Read from
    HKLM\SYSTEM, so an Environment value there is readable by every local
    user. For a service whose Environment holds a credential, the key (and its
    subkeys) is made Administrators and SYSTEM only. The SCM reads it as SYSTEM
    and answers service queries from its own records, so nothing else changes.
    #>
    param([Parameter(Mandatory)][string] $Name)
    $rights = [System.Security.AccessControl.RegistryRights]::ReadPermissions -bor [System.Security.AccessControl.RegistryRights]::ChangePermissions
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("SYSTEM\CurrentControlSet\Services\$Name", [Microsoft.Win32.RegistryKeyPermissionCheck]::ReadWriteSubTree, $rights)
    if (-not $key) { throw "service $Name does not exist" }
    try {
        # Returned so the step can put the key back as it found it once no credential is left there.
        $before = $key.GetAccessControl([System.Security.AccessControl.AccessControlSections]::Access).GetSecurityDescriptorSddlForm([System.Security.AccessControl.AccessControlSections]::Access)
        $acl = New-Object System.Security.AccessControl.RegistrySecurity
        $acl.SetAccessRuleProtection($true, $false)
        foreach ($sid in Get-WinJoinAdminSids) {
            $acl.AddAccessRule((New-Object System.Security.AccessControl.RegistryAccessRule($sid, [System.Security.AccessControl.RegistryRights]::FullControl,
                        [System.Security.AccessControl.InheritanceFlags]::ContainerInherit, [System.Security.AccessControl.PropagationFlags]::None,
                        [System.Security.AccessControl.AccessControlType]::Allow)))
        }
        $key.SetAccessControl($acl)
        return $before
    }
    finally { $key.Dispose() }
}

function Restore-WinJoinServiceKey {
    <# Puts back the DACL (SDDL, as Protect-WinJoinServiceKey returned it) of a service key whose credential is gone. #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $Sddl)
    $rights = [System.Security.AccessControl.RegistryRights]::ReadPermissions -bor [System.Security.AccessControl.RegistryRights]::ChangePermissions
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("SYSTEM\CurrentControlSet\Services\$Name", [Microsoft.Win32.RegistryKeyPermissionCheck]::ReadWriteSubTree, $rights)
    if (-not $key) { return }
    try {
        $acl = New-Object System.Security.AccessControl.RegistrySecurity
        $acl.SetSecurityDescriptorSddlForm($Sddl, [System.Security.AccessControl.AccessControlSections]::Access)
        $key.SetAccessControl($acl)
    }
    finally { $key.Dispose() }
}

function Get-WinJoinPowerShellPath {
    # Services and child scripts get Windows PowerShell by full path: a service has no PATH worth trusting.
    $root = $env:SystemRoot
    if (-not $root) { $root = 'C:\Windows' }
    return $root.TrimEnd('\') + '\System32\WindowsPowerShell\v1.0\powershell.exe'
}

function Invoke-WinJoinHttpGet {
    <#
    GET a page without any proxy: Windows PowerShell 5.1's Invoke-WebRequest
    takes the IE/WinINET proxy and has no -NoProxy, so a check of a pod or host
    port behind a corporate proxy would ask the proxy (defect 7).
    Returns @{ StatusCode = [int]; Content = [string] }; throws when nothing answers.
    #>
    param([Parameter(Mandatory)][string] $Uri, [int] $TimeoutSec = 10)
    $request = [System.Net.HttpWebRequest][System.Net.WebRequest]::Create($Uri)
    $request.Proxy = $null
    $request.Timeout = $TimeoutSec * 1000
    $request.ReadWriteTimeout = $TimeoutSec * 1000
    try { $response = $request.GetResponse() }
    catch [System.Net.WebException] {
        if (-not $_.Exception.Response) { throw }
        $response = $_.Exception.Response
    }
    try {
        $reader = New-Object System.IO.StreamReader($response.GetResponseStream())
        try { $content = $reader.ReadToEnd() } finally { $reader.Dispose() }
        return @{ StatusCode = [int]$response.StatusCode; Content = $content }
    }
    finally { $response.Dispose() }
}

function Get-WinJoinFullPath {
    <#
    A path as Windows resolves it (C:/k/ and c:\k are C:\k), so two spellings of
    one directory compare equal; a rehearsal maps it into its simulated machine.
    #>
    param([Parameter(Mandatory)][string] $Path)
    return [System.IO.Path]::GetFullPath($Path)
}

function Get-WinJoinRootCertificatePem {
    <#
    The machine's trusted root certificates (LocalMachine\Root) as PEM blocks,
    for a tool that reads a CA file instead of the Windows store (containerd 1.x
    on Windows trusts only the file a registry's hosts.toml names, T18).
    #>
    $store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', 'LocalMachine')
    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly)
    try {
        foreach ($certificate in $store.Certificates) {
            $base64 = [Convert]::ToBase64String($certificate.RawData, [Base64FormattingOptions]::InsertLineBreaks) -replace "`r`n", "`n"
            "-----BEGIN CERTIFICATE-----`n$base64`n-----END CERTIFICATE-----"
        }
    }
    finally { $store.Close() }
}

function Invoke-WinJoinExe {
    # The steps' only way to start an executable; WinJoin.Native says how and why.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    return Invoke-WinJoinProcess -FilePath $FilePath -ArgumentList $ArgumentList
}

Export-ModuleMember -Function Test-WinJoinElevated, Get-WinJoinOsVersion, Test-WinJoinRestartPending, Get-WinJoinMachineEnv,
    Set-WinJoinMachineEnv, Get-WinJoinFreeBytes, Test-WinJoinPortFree, Test-WinJoinAdminOnlyAcl, Set-WinJoinAdminOnlyAcl,
    Enable-WinJoinTls12, Get-WinJoinHostName, Invoke-WinJoinExe, Get-WinJoinEnvValueKind, Write-WinJoinMachineEnvValue,
    Get-WinJoinServiceConfig, Get-WinJoinServiceEnvironment, Set-WinJoinServiceEnvironment, Protect-WinJoinServiceKey, Restore-WinJoinServiceKey, Get-WinJoinPowerShellPath, Invoke-WinJoinHttpGet,
    Get-WinJoinRootCertificatePem, Get-WinJoinFullPath
