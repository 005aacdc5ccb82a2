# WinJoin.Steps: pure helpers the docker-sdn step scripts share. Nothing here
# touches the machine (that is WinJoin.Host.psm1 and the real cmdlets), so it
# runs the same under Pester on Linux as on Windows and needs no mocks.

Set-StrictMode -Version Latest

function ConvertTo-WinJoinIpNumber {
    param([Parameter(Mandatory)][string] $Ip)
    $octets = $Ip.Split('.')
    if ($octets.Count -ne 4) { throw "not an IPv4 address: $Ip" }
    [uint64]$n = 0
    foreach ($o in $octets) { $n = $n * 256 + [byte]::Parse($o) }
    return $n
}

function Join-WinJoinPath {
    # Path.Combine rather than Join-Path: Join-Path insists the drive exists, which a
    # Windows path does not on the Linux test host or in a rehearsal.
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string] $ChildPath)
    return [System.IO.Path]::Combine($Path, $ChildPath)
}

function Test-WinJoinCidrContains {
    <# Whether $Cidr contains the address or the whole prefix $Candidate ("a.b.c.d" or "a.b.c.d/n"). #>
    param([Parameter(Mandatory)][string] $Cidr, [Parameter(Mandatory)][string] $Candidate)
    $net, $bits = $Cidr.Split('/')
    $cand, $candBits = $Candidate.Split('/')
    if (-not $candBits) { $candBits = 32 }
    if ([int]$candBits -lt [int]$bits) { return $false }
    $all = [uint64]4294967295
    $mask = if ([int]$bits -eq 0) { [uint64]0 } else { ($all -shl (32 - [int]$bits)) -band $all }
    return ((ConvertTo-WinJoinIpNumber $net) -band $mask) -eq ((ConvertTo-WinJoinIpNumber $cand) -band $mask)
}

function Test-WinJoinIpv4 {
    param([string] $Value)
    return $Value -match '^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$'
}

function Test-WinJoinCidr {
    param([string] $Value)
    $parts = $Value.Split('/')
    return $parts.Count -eq 2 -and (Test-WinJoinIpv4 $parts[0]) -and $parts[1] -match '^(3[0-2]|[12]?\d)$'
}

function Test-WinJoinNodeName {
    <# Kubernetes node names are RFC 1123 subdomains; the SDN scripts lower-case the host name. #>
    param([string] $Name)
    return $Name.Length -le 253 -and $Name -cmatch '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'
}

function Hide-WinJoinSecret {
    <# Masks the password in URLs, whatever tool printed them (docker info shows proxies):
       http://ops:***@proxy:3128/. The user name stays; a user info without a colon is a
       token and goes whole. A password may hold ' $ ( ) as typed, so it runs to the last @
       before the host. #>
    param([AllowNull()][AllowEmptyString()][string] $Text)
    if (-not $Text) { return $Text }
    $withUser = [regex]::Replace($Text, '(?i)\b([a-z][a-z0-9+.-]*://)([^/@\s:"]+):[^/\s"]*@', '$1$2:***@')
    return [regex]::Replace($withUser, '(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s:"]+@', '$1***@')
}

function Remove-WinJoinUrlCredential {
    <# The URL without its user info: http://ops:pa@ss@proxy:3128/ -> http://proxy:3128/. A password may
       hold @, so the user info runs to the last @ before the path (a proxy URL has none). #>
    param([AllowNull()][AllowEmptyString()][string] $Url)
    if (-not $Url) { return $Url }
    return [regex]::Replace($Url, '^(?i)([a-z][a-z0-9+.-]*://)[^/\s]*@', '$1')
}

function Hide-WinJoinToken {
    <#
    Masks kubeadm bootstrap tokens: the given one wherever it appears (whole or
    its secret alone), and any other "<id>.<secret>" of that shape. The id
    stays (it is public, and kubeadm's "token id ... has expired" names it).
    #>
    param([AllowNull()][AllowEmptyString()][string] $Text, [AllowEmptyString()][string] $Token = '')
    if (-not $Text) { return $Text }
    if ($Token -match '^([a-z0-9]{6})\.([a-z0-9]{16})$') {
        $Text = $Text.Replace($Token, "$($Matches[1]).***").Replace($Matches[2], '***')
    }
    elseif ($Token) { $Text = $Text.Replace($Token, '***') }
    return [regex]::Replace($Text, '\b([a-z0-9]{6})\.[a-z0-9]{16}\b', '$1.***')
}

function Get-WinJoinSha256 {
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Text)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return ([BitConverter]::ToString($sha.ComputeHash($bytes)) -replace '-', '').ToLowerInvariant() }
    finally { $sha.Dispose() }
}

function New-WinJoinValueDigest {
    <#
    What a record keeps of a value that may hold a password (a proxy URL): a salted,
    slow digest, "pbkdf2-sha1:<iterations>:<salt hex>:<hash hex>", so a list of
    likely URLs cannot be tried against it cheaply, nor precomputed. PBKDF2 with
    HMAC-SHA1 is what Rfc2898DeriveBytes offers on every .NET Framework 4.x.
    #>
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Text, [string] $SaltHex = '', [int] $Iterations = 100000)
    if (-not $SaltHex) {
        $salt = New-Object byte[] 16
        $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        try { $rng.GetBytes($salt) } finally { $rng.Dispose() }
    }
    else { $salt = [byte[]]@(for ($i = 0; $i -lt $SaltHex.Length; $i += 2) { [Convert]::ToByte($SaltHex.Substring($i, 2), 16) }) }
    $kdf = New-Object System.Security.Cryptography.Rfc2898DeriveBytes(([System.Text.Encoding]::UTF8.GetBytes($Text)), $salt, $Iterations)
    try { $hash = $kdf.GetBytes(32) } finally { $kdf.Dispose() }
    $hex = { param($b) ([BitConverter]::ToString($b) -replace '-', '').ToLowerInvariant() }
    return "pbkdf2-sha1:${Iterations}:$(& $hex $salt):$(& $hex $hash)"
}

function Test-WinJoinValueDigest {
    <# Whether $Text is the value behind a digest New-WinJoinValueDigest made (or a bare SHA-256 an older WinJoin recorded). #>
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Text, [AllowEmptyString()][string] $Digest)
    if ($Digest -match '^pbkdf2-sha1:(\d+):([0-9a-f]{2,}):[0-9a-f]+$') {
        return (New-WinJoinValueDigest -Text $Text -SaltHex $Matches[2] -Iterations ([int]$Matches[1])) -eq $Digest
    }
    if ($Digest -match '^[0-9a-f]{64}$') { return (Get-WinJoinSha256 $Text) -eq $Digest }
    return $false
}

function Test-WinJoinSameDir {
    param([string] $A, [string] $B)
    return $A.TrimEnd('\', '/') -ieq $B.TrimEnd('\', '/')
}

function Add-WinJoinPathEntry {
    <# Returns the ;-separated list with $Entry appended once (case- and trailing-slash-insensitive). #>
    param([AllowNull()][AllowEmptyString()][string] $List, [Parameter(Mandatory)][string] $Entry)
    $items = @(if ($List) { $List.Split(';') | Where-Object { $_ -ne '' } })
    foreach ($item in $items) { if (Test-WinJoinSameDir $item $Entry) { return $List } }
    return (@($items) + $Entry) -join ';'
}

function Remove-WinJoinPathEntry {
    param([AllowNull()][AllowEmptyString()][string] $List, [Parameter(Mandatory)][string] $Entry)
    if (-not $List) { return $List }
    return (@($List.Split(';') | Where-Object { $_ -ne '' -and -not (Test-WinJoinSameDir $_ $Entry) })) -join ';'
}

function Write-WinJoinFileIfChanged {
    <# Writes only when the bytes differ, so a re-run leaves timestamps alone and can say "unchanged". #>
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][AllowEmptyCollection()][byte[]] $Bytes)
    if ([System.IO.File]::Exists($Path)) {
        $current = [System.IO.File]::ReadAllBytes($Path)
        if ($current.Length -eq $Bytes.Length -and [System.Linq.Enumerable]::SequenceEqual($current, $Bytes)) {
            Set-WinJoinExecutableBit -Path $Path
            return $false
        }
    }
    $dir = [System.IO.Path]::GetDirectoryName($Path)
    if ($dir) { [void][System.IO.Directory]::CreateDirectory($dir) }
    [System.IO.File]::WriteAllBytes($Path, $Bytes)
    Set-WinJoinExecutableBit -Path $Path
    return $true
}

function Set-WinJoinExecutableBit {
    <#
    On Windows the .exe name is what makes a file runnable; off Windows (a
    rehearsal on Linux, where the stand-in .exe files are scripts) it is the
    execute bit, so a placed .exe gets one there. $IsWindows does not exist on
    Windows PowerShell 5.1, which only runs on Windows.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $onWindows = Get-Variable -Name IsWindows -ValueOnly -ErrorAction SilentlyContinue
    if ($onWindows -eq $false -and $Path -like '*.exe') {
        [System.IO.File]::SetUnixFileMode($Path, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
    }
}

function Assert-WinJoinRelativePath {
    # An archive entry must stay inside its destination (no zip-slip).
    param([string] $RelativePath)
    $parts = $RelativePath -split '[\\/]'
    if ($RelativePath -match '^[\\/]' -or $RelativePath -match ':' -or $parts -contains '..') {
        throw "unsafe archive entry: $RelativePath"
    }
}

function Read-WinJoinZipFolder {
    <# Returns @{ relative/path = bytes } for the files under "<top folder>/$Folder/" of a GitHub archive zip. #>
    param([Parameter(Mandatory)][string] $ZipPath, [AllowEmptyString()][string] $Folder = '')
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $result = @{}
    $prefix = if ($Folder) { "$Folder/" } else { '' }
    $zip = [System.IO.Compression.ZipFile]::OpenRead($ZipPath)
    try {
        foreach ($entry in $zip.Entries) {
            $name = $entry.FullName -replace '\\', '/'
            $slash = $name.IndexOf('/')
            if ($slash -lt 0) { continue }
            $inner = $name.Substring($slash + 1)
            if (-not $inner.StartsWith($prefix) -or $name.EndsWith('/')) { continue }
            $relative = $inner.Substring($prefix.Length)
            Assert-WinJoinRelativePath $relative
            $stream = $entry.Open()
            try {
                $buffer = New-Object System.IO.MemoryStream
                $stream.CopyTo($buffer)
                $result[$relative] = $buffer.ToArray()
            }
            finally { $stream.Dispose() }
        }
    }
    finally { $zip.Dispose() }
    return $result
}

function Read-WinJoinTarGzEntries {
    <#
    Returns @{ name = bytes } for the named entries of a .tar.gz. Windows Server
    1709 has no tar.exe, so this reads the ustar format directly (GNU long names included).
    #>
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string[]] $Names)
    $result = @{}
    $file = [System.IO.File]::OpenRead($Path)
    $gzip = New-Object System.IO.Compression.GZipStream($file, [System.IO.Compression.CompressionMode]::Decompress)
    try {
        $header = New-Object byte[] 512
        $longName = $null
        while ($true) {
            if ((Read-WinJoinExactly $gzip $header 512) -lt 512) { break }
            if ([Array]::TrueForAll($header, [Predicate[byte]] { param($b) $b -eq 0 })) { break }
            $name = ConvertFrom-WinJoinTarString $header 0 100
            $prefix = ConvertFrom-WinJoinTarString $header 345 155
            if ($prefix -and ([char]$header[257]) -eq 'u') { $name = "$prefix/$name" }
            $sizeText = (ConvertFrom-WinJoinTarString $header 124 12).Trim()
            $size = if ($sizeText) { [Convert]::ToInt64($sizeText, 8) } else { 0 }
            $type = [char]$header[156]
            $data = New-Object byte[] $size
            [void](Read-WinJoinExactly $gzip $data $size)
            $pad = (512 - ($size % 512)) % 512
            if ($pad) { [void](Read-WinJoinExactly $gzip (New-Object byte[] $pad) $pad) }
            if ($type -eq 'L') { $longName = [System.Text.Encoding]::UTF8.GetString($data).TrimEnd([char]0); continue }
            if ($longName) { $name = $longName; $longName = $null }
            $name = $name -replace '^\./', ''
            if ($Names -contains $name) { $result[$name] = $data }
        }
    }
    finally { $gzip.Dispose(); $file.Dispose() }
    return $result
}

function Read-WinJoinExactly($Stream, [byte[]] $Buffer, [long] $Count) {
    $done = 0
    while ($done -lt $Count) {
        $n = $Stream.Read($Buffer, $done, $Count - $done)
        if ($n -le 0) { break }
        $done += $n
    }
    return $done
}

function ConvertFrom-WinJoinTarString([byte[]] $Bytes, [int] $Offset, [int] $Length) {
    $end = [Array]::IndexOf($Bytes, [byte]0, $Offset, $Length)
    if ($end -lt 0) { $end = $Offset + $Length }
    return [System.Text.Encoding]::UTF8.GetString($Bytes, $Offset, $end - $Offset)
}

function Get-WinJoinStartKubeletValues {
    <# The service CIDR and DNS IP start-kubelet.ps1 hard-codes (reference section 1.1). #>
    param([Parameter(Mandatory)][string] $Content)
    $values = @{ ServiceCidr = $null; DnsServiceIp = $null }
    $m = [regex]::Match($Content, '(?im)^\s*\$serviceCIDR\s*=\s*"([^"]*)"')
    if ($m.Success) { $values.ServiceCidr = $m.Groups[1].Value }
    $m = [regex]::Match($Content, '(?im)^\s*\$KubeDnsServiceIp\s*=\s*"([^"]*)"')
    if ($m.Success) { $values.DnsServiceIp = $m.Groups[1].Value }
    return $values
}

function Set-WinJoinStartKubeletValues {
    <# Rewrites the two hard-coded assignments; the values are validated first because they land in script text. #>
    param([Parameter(Mandatory)][string] $Content, [Parameter(Mandatory)][string] $ServiceCidr, [Parameter(Mandatory)][string] $DnsServiceIp)
    if (-not (Test-WinJoinCidr $ServiceCidr)) { throw "service CIDR is not an IPv4 CIDR: $ServiceCidr" }
    if (-not (Test-WinJoinIpv4 $DnsServiceIp)) { throw "DNS service IP is not an IPv4 address: $DnsServiceIp" }
    $current = Get-WinJoinStartKubeletValues $Content
    if ($null -eq $current.ServiceCidr -or $null -eq $current.DnsServiceIp) {
        throw 'start-kubelet.ps1 has no $serviceCIDR/$KubeDnsServiceIp assignment to adapt; is the SDN archive the pinned commit?'
    }
    $Content = [regex]::Replace($Content, '(?im)^(\s*\$serviceCIDR\s*=\s*)"[^"]*"', { param($m) $m.Groups[1].Value + '"' + $ServiceCidr + '"' })
    return [regex]::Replace($Content, '(?im)^(\s*\$KubeDnsServiceIp\s*=\s*)"[^"]*"', { param($m) $m.Groups[1].Value + '"' + $DnsServiceIp + '"' })
}

function Set-WinJoinKubeProxyKubeconfig {
    <#
     start-kubeproxy.ps1 hands kube-proxy the kubeconfig kubelet uses (c:\k\config; the rehearsal's copy names it from
     its own folder). kube-proxy has its own identity (system:kube-proxy), so it gets kube-proxy.conf beside it instead.
    #>
    param([Parameter(Mandatory)][string] $Content)
    $pattern = '(?i)(--kubeconfig=(?:c:\\k\\|\$\(Join-Path \$WorkingDir ''))config\b'
    if ($Content -notmatch $pattern -and $Content -notmatch '(?i)--kubeconfig=\S*kube-proxy\.conf') {
        throw 'start-kubeproxy.ps1 names no --kubeconfig=c:\k\config to adapt; is the SDN archive the pinned commit?'
    }
    return [regex]::Replace($Content, $pattern, { param($m) $m.Groups[1].Value + 'kube-proxy.conf' })
}

function Get-WinJoinScriptParameterNames {
    <# Parameter names of a .ps1, read with the parser (never executed), to call whichever SDN revision is on disk. #>
    param([Parameter(Mandatory)][string] $Path)
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
    if (-not $ast.ParamBlock) { return @() }
    return @($ast.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath })
}

function Get-WinJoinVersion {
    <# "Kubernetes v1.9.1" / GitVersion:"v1.9.1" -> "1.9.1". #>
    param([AllowNull()][string[]] $Text)
    $m = [regex]::Match(($Text -join "`n"), 'v(\d+\.\d+\.\d+)')
    if ($m.Success) { return $m.Groups[1].Value }
    return $null
}

function Get-WinJoinBaseImageTag {
    <# Windows Server Core and Nano Server tags per host build; process isolation needs an exact build match (T7/T8). #>
    param([Parameter(Mandatory)][int] $Build)
    $tags = @{ 14393 = 'ltsc2016'; 16299 = '1709'; 17134 = '1803'; 17763 = '1809'; 18362 = '1903'; 18363 = '1909'; 19041 = '2004'; 19042 = '20H2'; 20348 = 'ltsc2022'; 26100 = 'ltsc2025' }
    if ($tags.ContainsKey($Build)) { return $tags[$Build] }
    return $null
}

function Get-WinJoinBaseImageSource {
    <#
    Where to pull a Dockerfile's Windows base image from: the Docker Hub names
    the 2018 Dockerfiles use (microsoft/windowsservercore, microsoft/nanoserver)
    have no Server 2019 or later images; Microsoft publishes them on
    mcr.microsoft.com only. Any other name is pulled as written.
    #>
    param([Parameter(Mandatory)][string] $Repository)
    $moved = @{ 'microsoft/windowsservercore' = 'mcr.microsoft.com/windows/servercore'; 'microsoft/nanoserver' = 'mcr.microsoft.com/windows/nanoserver' }
    if ($moved.ContainsKey($Repository.ToLowerInvariant())) { return $moved[$Repository.ToLowerInvariant()] }
    return $Repository
}

function Read-WinJoinRecord {
    <# What an earlier run of a step set on this machine, so undo removes only that. #>
    param([Parameter(Mandatory)][string] $StateDir, [Parameter(Mandatory)][string] $Name)
    $path = Join-WinJoinPath (Join-WinJoinPath $StateDir 'machine') "$Name.json"
    if (-not [System.IO.File]::Exists($path)) { return $null }
    return ConvertTo-WinJoinHashtable (ConvertFrom-Json ([System.IO.File]::ReadAllText($path)))
}

function Write-WinJoinRecord {
    param([Parameter(Mandatory)][string] $StateDir, [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][hashtable] $Record)
    $path = Join-WinJoinPath (Join-WinJoinPath $StateDir 'machine') "$Name.json"
    $json = ConvertTo-Json -InputObject $Record -Depth 6
    [void](Write-WinJoinFileIfChanged -Path $path -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($json)))
}

function Remove-WinJoinRecord {
    param([Parameter(Mandatory)][string] $StateDir, [Parameter(Mandatory)][string] $Name)
    $path = Join-WinJoinPath (Join-WinJoinPath $StateDir 'machine') "$Name.json"
    if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path) }
}

function Get-WinJoinOptionalProperty($Object, [string] $Name) {
    <# A property a JSON answer may leave out (kubectl drops empty lists, HNS drops References), as $null where StrictMode would throw. #>
    if ($null -ne $Object -and $Object.PSObject.Properties[$Name]) { return $Object.$Name }
    return $null
}

Export-ModuleMember -Function Join-WinJoinPath, ConvertTo-WinJoinIpNumber, Test-WinJoinCidrContains, Test-WinJoinIpv4, Test-WinJoinCidr, Test-WinJoinNodeName,
    Hide-WinJoinSecret, Remove-WinJoinUrlCredential, Hide-WinJoinToken, Get-WinJoinSha256, New-WinJoinValueDigest, Test-WinJoinValueDigest, Test-WinJoinSameDir, Add-WinJoinPathEntry, Remove-WinJoinPathEntry, Write-WinJoinFileIfChanged, Set-WinJoinExecutableBit,
    Read-WinJoinZipFolder, Read-WinJoinTarGzEntries, Get-WinJoinStartKubeletValues, Set-WinJoinStartKubeletValues, Set-WinJoinKubeProxyKubeconfig,
    Get-WinJoinScriptParameterNames, Get-WinJoinVersion, Get-WinJoinBaseImageTag, Get-WinJoinBaseImageSource,
    Read-WinJoinRecord, Write-WinJoinRecord, Remove-WinJoinRecord, Get-WinJoinOptionalProperty
