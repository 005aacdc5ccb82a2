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

<#
 Returns @{ KeyPem = PKCS#1 "RSA PRIVATE KEY" PEM; CsrPem = PKCS#10 PEM } for a new 2048-bit key,
 subject O=<each organization>, CN=<CommonName>, signed with SHA-256.
#>
function New-WinJoinKeyAndCsr([string] $CommonName, [string[]] $Organizations = @()) {
    $rsa = New-Object System.Security.Cryptography.RSACryptoServiceProvider 2048
    try {
        $p = $rsa.ExportParameters($true)
        $key = New-WinJoinDerSequence @(
            (New-WinJoinDerInteger ([byte[]]@(0))), (New-WinJoinDerInteger $p.Modulus), (New-WinJoinDerInteger $p.Exponent),
            (New-WinJoinDerInteger $p.D), (New-WinJoinDerInteger $p.P), (New-WinJoinDerInteger $p.Q),
            (New-WinJoinDerInteger $p.DP), (New-WinJoinDerInteger $p.DQ), (New-WinJoinDerInteger $p.InverseQ))
        $publicKey = New-WinJoinDerSequence @((New-WinJoinDerInteger $p.Modulus), (New-WinJoinDerInteger $p.Exponent))
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
        return @{ KeyPem = (ConvertTo-WinJoinPem 'RSA PRIVATE KEY' $key); CsrPem = (ConvertTo-WinJoinPem 'CERTIFICATE REQUEST' $csr) }
    }
    finally { $rsa.Dispose() }
}
