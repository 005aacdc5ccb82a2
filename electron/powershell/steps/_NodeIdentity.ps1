# Dot-sourced by kubeconfig-keys.ps1: an RSA key and its PKCS#10 certificate
# request built with .NET alone. CertificateRequest needs .NET Framework 4.7.2,
# which Windows Server 1709 (the docker-sdn guide's OS, 4.7.1) and 2016 (4.6.2)
# do not ship, and the node has no openssl; RSACryptoServiceProvider with
# SHA-256 signing exists since .NET 4.6, so the DER is written here by hand.
# The private key leaves this machine never: only the request (public) is returned.

function ConvertTo-WinJoinDerLength([int] $Length) {
    if ($Length -lt 0x80) { return , [byte[]]@($Length) }
    if ($Length -lt 0x100) { return , [byte[]]@(0x81, $Length) }
    return , [byte[]]@(0x82, ($Length -shr 8), ($Length -band 0xff))
}

function New-WinJoinDer([byte] $Tag, [byte[]] $Content) {
    $out = New-Object System.Collections.Generic.List[byte]
    $out.Add($Tag)
    $out.AddRange([byte[]](ConvertTo-WinJoinDerLength $Content.Length))
    $out.AddRange($Content)
    return , $out.ToArray()
}

function Join-WinJoinBytes([object[]] $Parts) {
    $out = New-Object System.Collections.Generic.List[byte]
    foreach ($part in $Parts) { $out.AddRange([byte[]]$part) }
    return , $out.ToArray()
}

# An unsigned big-endian number (RSAParameters' form) as a DER INTEGER: no leading zeros, one 0x00 when the top bit is set.
function New-WinJoinDerInteger([byte[]] $Unsigned) {
    $start = 0
    while ($start -lt $Unsigned.Length - 1 -and $Unsigned[$start] -eq 0) { $start++ }
    $bytes = [byte[]]$Unsigned[$start..($Unsigned.Length - 1)]
    if ($bytes[0] -band 0x80) { $bytes = Join-WinJoinBytes @([byte[]]@(0), $bytes) }
    return , (New-WinJoinDer 0x02 $bytes)
}

function New-WinJoinDerSequence([object[]] $Parts) { return , (New-WinJoinDer 0x30 (Join-WinJoinBytes $Parts)) }

# OIDs as their DER encodings: rsaEncryption, sha256WithRSAEncryption, organizationName, commonName.
$script:WinJoinOidRsa = [byte[]]@(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01)
$script:WinJoinOidSha256Rsa = [byte[]]@(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B)
$script:WinJoinOidOrganization = [byte[]]@(0x06, 0x03, 0x55, 0x04, 0x0A)
$script:WinJoinOidCommonName = [byte[]]@(0x06, 0x03, 0x55, 0x04, 0x03)
$script:WinJoinDerNull = [byte[]]@(0x05, 0x00)

function New-WinJoinDerName([string] $CommonName, [string[]] $Organizations) {
    $rdns = @()
    foreach ($org in $Organizations) {
        $value = New-WinJoinDer 0x0C ([System.Text.Encoding]::UTF8.GetBytes($org))
        $rdns += , (New-WinJoinDer 0x31 (New-WinJoinDerSequence @($script:WinJoinOidOrganization, $value)))
    }
    $cn = New-WinJoinDer 0x0C ([System.Text.Encoding]::UTF8.GetBytes($CommonName))
    $rdns += , (New-WinJoinDer 0x31 (New-WinJoinDerSequence @($script:WinJoinOidCommonName, $cn)))
    return , (New-WinJoinDerSequence $rdns)
}

function ConvertTo-WinJoinPem([string] $Label, [byte[]] $Der) {
    $b64 = [Convert]::ToBase64String($Der)
    $lines = for ($i = 0; $i -lt $b64.Length; $i += 64) { $b64.Substring($i, [Math]::Min(64, $b64.Length - $i)) }
    return "-----BEGIN $Label-----`n$($lines -join "`n")`n-----END $Label-----`n"
}

# A PEM block's bytes (the first of that label), or $null.
function ConvertFrom-WinJoinPem([string] $Text, [string] $Label) {
    $m = [regex]::Match($Text, "-----BEGIN $Label-----([A-Za-z0-9+/=\s]+)-----END $Label-----")
    if (-not $m.Success) { return $null }
    return , [Convert]::FromBase64String(($m.Groups[1].Value -replace '\s', ''))
}

# The DER elements one after another in $Bytes[$Start..$End): each @{ Tag; Content (byte[]) }.
function Read-WinJoinDerElements([byte[]] $Bytes, [int] $Start = 0, [int] $End = -1) {
    if ($End -lt 0) { $End = $Bytes.Length }
    $out = @()
    $i = $Start
    while ($i -lt $End) {
        $tag = $Bytes[$i]
        $length = [int]$Bytes[$i + 1]
        $i += 2
        if ($length -ge 0x80) {
            $count = $length -band 0x7f
            if ($count -lt 1 -or $count -gt 3) { throw 'unsupported DER length' }
            $length = 0
            for ($k = 0; $k -lt $count; $k++) { $length = ($length -shl 8) -bor $Bytes[$i + $k] }
            $i += $count
        }
        if ($i + $length -gt $End) { throw 'truncated DER' }
        $content = if ($length -gt 0) { [byte[]]$Bytes[$i..($i + $length - 1)] } else { [byte[]]@() }
        $out += , @{ Tag = $tag; Content = $content }
        $i += $length
    }
    return , $out
}

# A DER INTEGER's content as the unsigned big-endian number of exactly $Size bytes that RSAParameters wants.
function ConvertTo-WinJoinRsaNumber([byte[]] $Content, [int] $Size) {
    $start = 0
    while ($start -lt $Content.Length - 1 -and $Content[$start] -eq 0) { $start++ }
    $digits = $Content.Length - $start
    if ($digits -gt $Size) { throw 'RSA key number too long' }
    $out = New-Object byte[] $Size
    [Array]::Copy($Content, $start, $out, $Size - $digits, $digits)
    return , $out
}

# The RSA key of a PKCS#1 "RSA PRIVATE KEY" PEM (as New-WinJoinKeyAndCsr writes it), for an RSACryptoServiceProvider.
function ConvertFrom-WinJoinRsaKeyPem([string] $KeyPem) {
    $der = ConvertFrom-WinJoinPem $KeyPem 'RSA PRIVATE KEY'
    if (-not $der) { throw 'not an RSA PRIVATE KEY PEM' }
    $outer = Read-WinJoinDerElements $der
    $n = Read-WinJoinDerElements $outer[0].Content
    if ($n.Count -ne 9) { throw 'not a PKCS#1 RSA private key' }
    $modulus = ConvertTo-WinJoinRsaNumber $n[1].Content ($n[1].Content.Length - [int]($n[1].Content[0] -eq 0))
    $half = [int][Math]::Ceiling($modulus.Length / 2)
    $p = New-Object System.Security.Cryptography.RSAParameters
    $p.Modulus = $modulus
    $p.Exponent = ConvertTo-WinJoinRsaNumber $n[2].Content ($n[2].Content.Length - [int]($n[2].Content[0] -eq 0))
    $p.D = ConvertTo-WinJoinRsaNumber $n[3].Content $modulus.Length
    $p.P = ConvertTo-WinJoinRsaNumber $n[4].Content $half
    $p.Q = ConvertTo-WinJoinRsaNumber $n[5].Content $half
    $p.DP = ConvertTo-WinJoinRsaNumber $n[6].Content $half
    $p.DQ = ConvertTo-WinJoinRsaNumber $n[7].Content $half
    $p.InverseQ = ConvertTo-WinJoinRsaNumber $n[8].Content $half
    return $p
}

# The RSAPublicKey DER (modulus, exponent) of RSAParameters: what a certificate's public key holds.
function Get-WinJoinRsaPublicKeyDer($Parameters) {
    return , (New-WinJoinDerSequence @((New-WinJoinDerInteger $Parameters.Modulus), (New-WinJoinDerInteger $Parameters.Exponent)))
}

<#
 Returns @{ KeyPem = PKCS#1 "RSA PRIVATE KEY" PEM; CsrPem = PKCS#10 PEM } for a new 2048-bit key (or, with
 -KeyPem, for that key: the same key and subject give the same request, as PKCS#1 v1.5 signatures are
 deterministic), subject O=<each organization>, CN=<CommonName>, signed with SHA-256.
#>
function New-WinJoinKeyAndCsr([string] $CommonName, [string[]] $Organizations = @(), [string] $KeyPem = '') {
    $rsa = New-Object System.Security.Cryptography.RSACryptoServiceProvider 2048
    try {
        if ($KeyPem) { $rsa.ImportParameters((ConvertFrom-WinJoinRsaKeyPem $KeyPem)) }
        $p = $rsa.ExportParameters($true)
        $key = New-WinJoinDerSequence @(
            (New-WinJoinDerInteger ([byte[]]@(0))), (New-WinJoinDerInteger $p.Modulus), (New-WinJoinDerInteger $p.Exponent),
            (New-WinJoinDerInteger $p.D), (New-WinJoinDerInteger $p.P), (New-WinJoinDerInteger $p.Q),
            (New-WinJoinDerInteger $p.DP), (New-WinJoinDerInteger $p.DQ), (New-WinJoinDerInteger $p.InverseQ))
        $publicKey = Get-WinJoinRsaPublicKeyDer $p
        $spki = New-WinJoinDerSequence @(
            (New-WinJoinDerSequence @($script:WinJoinOidRsa, $script:WinJoinDerNull)),
            (New-WinJoinDer 0x03 (Join-WinJoinBytes @([byte[]]@(0), $publicKey))))
        # version 0, subject, key, no attributes ([0] IMPLICIT SET OF, empty).
        $info = New-WinJoinDerSequence @((New-WinJoinDerInteger ([byte[]]@(0))), (New-WinJoinDerName $CommonName $Organizations), $spki, [byte[]]@(0xA0, 0x00))
        $signature = $rsa.SignData($info, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $csr = New-WinJoinDerSequence @(
            $info,
            (New-WinJoinDerSequence @($script:WinJoinOidSha256Rsa, $script:WinJoinDerNull)),
            (New-WinJoinDer 0x03 (Join-WinJoinBytes @([byte[]]@(0), $signature))))
        $keyText = if ($KeyPem) { $KeyPem } else { ConvertTo-WinJoinPem 'RSA PRIVATE KEY' $key }
        return @{ KeyPem = $keyText; CsrPem = (ConvertTo-WinJoinPem 'CERTIFICATE REQUEST' $csr) }
    }
    finally { $rsa.Dispose() }
}

# The kubeconfig of one node identity, exactly as kubeconfig.ps1 writes it: one cluster, one user, data inlined.
# The values go into the YAML as plain scalars, so each is checked first: a server URL with a line break, a
# space, a quote or a '#' (or data that is not base64) could add keys of its own, such as an exec plugin that
# kubelet would run as SYSTEM.
function New-WinJoinNodeKubeconfigText([string] $Server, [string] $CaData, [string] $User, [string] $CertificateData, [string] $KeyData) {
    if ($Server -cnotmatch '\Ahttps://[^\s"''#\\]+\z') { throw "the API server URL cannot go into a kubeconfig as it is (only https://host:port/path, no spaces, quotes, '#' or line breaks): '$Server'" }
    if ($User -cnotmatch '\Asystem:[a-z0-9:.-]+\z') { throw "not a node identity's user name: '$User'" }
    foreach ($data in @($CaData, $CertificateData, $KeyData)) {
        if ($data -cnotmatch '\A[A-Za-z0-9+/]*={0,2}\z') { throw 'the certificate or key data is not base64' }
    }
    $caLine = if ($CaData) { "    certificate-authority-data: $CaData`n" } else { '' }
    return "apiVersion: v1`nkind: Config`nclusters:`n- name: cluster`n  cluster:`n    server: $Server`n$caLine" +
    "users:`n- name: `"$User`"`n  user:`n    client-certificate-data: $CertificateData`n    client-key-data: $KeyData`n" +
    "contexts:`n- name: `"$User`"`n  context:`n    cluster: cluster`n    user: `"$User`"`ncurrent-context: `"$User`"`n"
}

<#
 Why the node identity in the kubeconfig at $Path cannot be kept, or $null when it can: the file is the one
 kubeconfig.ps1 writes for this server, CA and user; its certificate names $CommonName (and each of
 $Organizations), chains to the cluster CA ($CaData, base64 PEM), has more than a fifth of its lifetime
 left, and belongs to the key beside it. Without a CA nothing can be checked, so nothing is kept.
#>
function Test-WinJoinNodeIdentity([string] $Path, [string] $Server, [string] $CaData, [string] $User, [string] $CommonName, [string[]] $Organizations = @()) {
    if (-not [System.IO.File]::Exists($Path)) { return 'no kubeconfig yet' }
    if (-not $CaData) { return 'the cluster CA is not known, so no certificate can be checked against it' }
    $text = [System.IO.File]::ReadAllText($Path)
    $cert = [regex]::Match($text, '(?m)^    client-certificate-data: (\S+)$').Groups[1].Value
    $key = [regex]::Match($text, '(?m)^    client-key-data: (\S+)$').Groups[1].Value
    $expected = try { New-WinJoinNodeKubeconfigText $Server $CaData $User $cert $key } catch { $null }
    if (-not $cert -or -not $key -or $text -cne $expected) {
        return "it is not the kubeconfig of $User for $Server and this cluster CA"
    }
    try {
        $x509 = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 (, (ConvertFrom-WinJoinPem ([System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($cert))) 'CERTIFICATE'))
        $parameters = ConvertFrom-WinJoinRsaKeyPem ([System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($key)))
        $caText = [System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($CaData))
    }
    catch { return "its certificate or key cannot be read ($($_.Exception.Message))" }
    $subject = @($x509.SubjectName.Decode([System.Security.Cryptography.X509Certificates.X500DistinguishedNameFlags]::UseNewLines) -split "`r?`n" | Where-Object { $_ })
    $cns = @($subject | Where-Object { $_ -like 'CN=*' } | ForEach-Object { $_.Substring(3) })
    $orgs = @($subject | Where-Object { $_ -like 'O=*' } | ForEach-Object { $_.Substring(2) })
    if ($cns.Count -ne 1 -or $cns[0] -cne $CommonName -or (@($orgs | Sort-Object) -join ',') -cne (@($Organizations | Sort-Object) -join ',')) {
        return "its certificate names $($x509.Subject), not $CommonName"
    }
    $chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain
    $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    # The cluster CA is in no store of this machine: it is given, and the chain must end at it.
    $chain.ChainPolicy.VerificationFlags = [System.Security.Cryptography.X509Certificates.X509VerificationFlags]::AllowUnknownCertificateAuthority
    $thumbprints = @()
    foreach ($m in [regex]::Matches($caText, '-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----')) {
        $ca = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 (, (ConvertFrom-WinJoinPem $m.Value 'CERTIFICATE'))
        [void]$chain.ChainPolicy.ExtraStore.Add($ca)
        $thumbprints += $ca.Thumbprint
    }
    $built = $chain.Build($x509)
    $top = $chain.ChainElements[$chain.ChainElements.Count - 1].Certificate
    if (-not $built -or $chain.ChainElements.Count -lt 2 -or $thumbprints -notcontains $top.Thumbprint) {
        return 'its certificate is not signed by the cluster CA'
    }
    $now = [DateTime]::UtcNow
    $notBefore = $x509.NotBefore.ToUniversalTime()
    $notAfter = $x509.NotAfter.ToUniversalTime()
    if ($now -lt $notBefore -or $now -ge $notAfter.AddTicks( - [long](($notAfter - $notBefore).Ticks / 5))) {
        return "its certificate expires on $($notAfter.ToString('u')), within the last fifth of its lifetime"
    }
    $certKey = $x509.PublicKey.EncodedKeyValue.RawData
    $ownKey = Get-WinJoinRsaPublicKeyDer $parameters
    if ([Convert]::ToBase64String($certKey) -cne [Convert]::ToBase64String($ownKey)) { return 'its key is not the certificate''s' }
    return $null
}
