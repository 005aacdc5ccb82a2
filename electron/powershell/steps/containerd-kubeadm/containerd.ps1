# Step "containerd" (containerd-kubeadm): containerd from its verified release
# tarball in its own directory, config.toml, and the "containerd" service
# (reference 1.3). The directories the service running as SYSTEM executes or
# trusts (the containerd dir, the CNI plugin and config dirs, the registry
# hosts dir) are made Administrators' and SYSTEM's alone before anything is
# written there. config.toml holds only what WinJoin sets (containerd merges it
# over its defaults): the CNI dirs the Calico DaemonSet writes to (T26), the
# sandbox image, and the registry hosts dir, as UTF-8 without BOM (T10) with
# single-quoted TOML literals so Windows paths need no escaping (T11).
# containerd registers itself (--register-service: LocalSystem, which
# HostProcess pods need, T14); the proxy reaches the service process through
# the service's own Environment value, which the SCM merges in (T16).
param(
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $ContainerdDir,
    [Parameter(Mandatory)][string] $Version,
    [Parameter(Mandatory)][string] $CniBinDir,
    [Parameter(Mandatory)][string] $CniConfDir,
    [Parameter(Mandatory)][string] $RegistryConfigDir,
    [string] $ExtraCaFile = '',
    [string] $HttpProxy = '',
    [string] $HttpsProxy = '',
    [string[]] $NoProxy = @(),
    # The pause image of this containerd release's own default, chosen by the plan (containerdSandboxImage) and written out so it is explicit.
    # Not mandatory: an undo from a plan saved without it must still run.
    [string] $SandboxImage = '',
    # How long containerd may take to open its pipe after the service starts.
    [int] $ServiceWaitSeconds = 60,
    [hashtable] $Downloads = @{},
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$stepsRoot = Split-Path -Parent $PSScriptRoot
. (Join-Path $stepsRoot '_Init.ps1')
. (Join-Path $stepsRoot '_Service.ps1')

$serviceName = 'containerd'
$exe = Join-WinJoinPath $ContainerdDir 'containerd.exe'
$ctr = Join-WinJoinPath $ContainerdDir 'ctr.exe'
$configPath = Join-WinJoinPath $ContainerdDir 'config.toml'
# The tarball's bin/ folder, placed flat as the SIG script's tar --strip=1 does; the shim is what runs the containers.
$required = 'containerd.exe', 'ctr.exe', 'containerd-shim-runhcs-v1.exe'
$optional = @('containerd-stress.exe')
$record = Read-WinJoinRecord -StateDir $StateDir -Name 'containerd'
$proxyNames = 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'

function Remove-ServiceProxy {
    <#
     The proxy lines out of the service's Environment (WinJoin replaced any there with its own), then the key's ACL as it
     was before Protect-WinJoinServiceKey, once no credential is left to protect. True when something changed.
    #>
    if (-not (Get-Service -Name $serviceName -ErrorAction SilentlyContinue)) { return $false }
    $current = @(Get-WinJoinServiceEnvironment -Name $serviceName)
    $kept = @($current | Where-Object { $proxyNames -notcontains ($_ -split '=', 2)[0].ToUpperInvariant() })
    $removed = $kept.Count -ne $current.Count
    if ($removed) { Set-WinJoinServiceEnvironment -Name $serviceName -Environment $kept }
    $restored = $record.ContainsKey('keyAcl') -and $record.keyAcl
    if ($restored) { Restore-WinJoinServiceKey -Name $serviceName -Sddl $record.keyAcl }
    return ($removed -or $restored)
}

if ($Undo) {
    $changed = $false
    if ($record) {
        # A service WinJoin did not register stays: what WinJoin put into its key goes.
        if ($record.proxySet -and -not $record.registered -and (Remove-ServiceProxy)) { $changed = $true }
        if ($record.registered -and (Get-Service -Name $serviceName -ErrorAction SilentlyContinue)) {
            Stop-Service -Name $serviceName -Force
            $result = Invoke-WinJoinExe -FilePath $exe -ArgumentList @('--unregister-service')
            if ($result.ExitCode -ne 0) { throw "containerd --unregister-service failed (exit $($result.ExitCode)): $($result.Output -join ' ')" }
            $changed = $true
        }
        if ($record.pathAdded) {
            Set-WinJoinMachineEnv -Name 'Path' -Value (Remove-WinJoinPathEntry (Get-WinJoinMachineEnv -Name 'Path') $ContainerdDir)
            $changed = $true
        }
        if ($record.ContainsKey('caWritten') -and $record.caWritten) {
            foreach ($path in (Join-WinJoinPath (Join-WinJoinPath $RegistryConfigDir '_default') 'hosts.toml'), (Join-WinJoinPath (Join-WinJoinPath $RegistryConfigDir '_default') 'winjoin-ca.pem')) {
                if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path); $changed = $true }
            }
        }
        foreach ($file in @($required) + $optional + 'config.toml') {
            $path = Join-WinJoinPath $ContainerdDir $file
            if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path); $changed = $true }
        }
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'containerd'
    Complete-WinJoinStep -Changed $changed
    return
}

if ($Version -notmatch '^(\d+)\.(\d+)\.(\d+)$') { throw "containerd version is not X.Y.Z: $Version" }
$major = [int]$Matches[1]
$minor = [int]$Matches[2]
# HostProcess pods (Calico, kube-proxy) need containerd 1.6 or later (reference 2.2).
if ($major -lt 1 -or ($major -eq 1 -and $minor -lt 6)) { throw "containerd $Version is too old for HostProcess pods; use 1.7 or 2.x" }
if (-not $SandboxImage) { throw 'no sandbox image given; the plan names one for this containerd release' }
foreach ($value in $CniBinDir, $CniConfDir, $RegistryConfigDir, $SandboxImage) {
    # A TOML literal string ends at the next single quote and spans no line.
    if ($value -match "['\r\n]") { throw "cannot write to config.toml as a TOML literal (quote or line break): $value" }
}

function Get-ConfigText {
    $lines = if ($major -ge 2) {
        # bin_dirs (a list) from 2.1; 2.0 still reads the single bin_dir (reference 1.3).
        $binKey = if ($major -gt 2 -or $minor -ge 1) { "bin_dirs = ['$CniBinDir']" } else { "bin_dir = '$CniBinDir'" }
        '# Written by WinJoin (containerd step); containerd merges these over its defaults.'
        'version = 3'
        ''
        "[plugins.'io.containerd.cri.v1.images'.pinned_images]"
        "  sandbox = '$SandboxImage'"
        ''
        "[plugins.'io.containerd.cri.v1.images'.registry]"
        "  config_path = '$RegistryConfigDir'"
        ''
        "[plugins.'io.containerd.cri.v1.runtime'.cni]"
        "  $binKey"
        "  conf_dir = '$CniConfDir'"
    }
    else {
        '# Written by WinJoin (containerd step); containerd merges these over its defaults.'
        'version = 2'
        ''
        '[plugins."io.containerd.grpc.v1.cri"]'
        "  sandbox_image = '$SandboxImage'"
        ''
        '[plugins."io.containerd.grpc.v1.cri".cni]'
        "  bin_dir = '$CniBinDir'"
        "  conf_dir = '$CniConfDir'"
        ''
        '[plugins."io.containerd.grpc.v1.cri".registry]'
        "  config_path = '$RegistryConfigDir'"
    }
    return (($lines -join "`n") + "`n")
}

function Test-SameBytes([string] $Path, [byte[]] $Bytes) {
    if (-not [System.IO.File]::Exists($Path)) { return $false }
    $current = [System.IO.File]::ReadAllBytes($Path)
    return $current.Length -eq $Bytes.Length -and [System.Linq.Enumerable]::SequenceEqual($current, $Bytes)
}

if (-not $record) { $record = @{ registered = $false; pathAdded = $false; proxySet = $false } }
$changed = $false
foreach ($dir in $ContainerdDir, $CniBinDir, $CniConfDir, $RegistryConfigDir) {
    if (Initialize-WinJoinOwnedDirectory -Path $dir) { Write-Output "created $dir (Administrators and SYSTEM only)"; $changed = $true }
}

# The files to place: the verified tarball's, or (a resumed run whose download cache is gone) what an earlier run placed.
$files = @{}
if ($Downloads.ContainsKey('containerdTarball')) {
    $names = @(@($required) + $optional | ForEach-Object { "bin/$_" })
    $found = Read-WinJoinTarGzEntries -Path $Downloads.containerdTarball -Names $names
    foreach ($name in @($required) + $optional) {
        if ($found.ContainsKey("bin/$name")) { $files[$name] = $found["bin/$name"] }
        elseif ($required -contains $name) { throw "the containerd tarball has no bin/$name" }
    }
}
elseif (-not [System.IO.File]::Exists($exe)) { throw 'containerd was not downloaded (Downloads.containerdTarball missing) and is not installed' }
$config = [System.Text.UTF8Encoding]::new($false).GetBytes((Get-ConfigText))

$service = Get-Service -Name $serviceName -ErrorAction SilentlyContinue
$binariesDiffer = @($files.Keys | Where-Object { -not (Test-SameBytes (Join-WinJoinPath $ContainerdDir $_) $files[$_]) }).Count -gt 0
# A running containerd.exe cannot be replaced: stop it first (a version change), start it again below.
if ($binariesDiffer -and $service -and [string]$service.Status -eq 'Running') { Stop-Service -Name $serviceName -Force }
foreach ($name in $files.Keys) {
    if (Write-WinJoinFileIfChanged -Path (Join-WinJoinPath $ContainerdDir $name) -Bytes $files[$name]) { $changed = $true }
}
$configChanged = Write-WinJoinFileIfChanged -Path $configPath -Bytes $config
if ($configChanged) { Write-Output "wrote $configPath (CNI $CniBinDir, $CniConfDir; sandbox $SandboxImage)"; $changed = $true }

# T18: behind a TLS-inspecting proxy (or with a registry signed by a private CA) image pulls need the extra CA in
# containerd's own trust, which is the registry hosts dir, not the Windows store: _default\hosts.toml applies to every
# registry without its own folder. containerd 1.x on Windows then trusts only that file, so its bundle starts with
# the machine's roots; 2.x adds the file to the system pool.
$defaultHostsDir = Join-WinJoinPath $RegistryConfigDir '_default'
$hostsToml = Join-WinJoinPath $defaultHostsDir 'hosts.toml'
$caBundle = Join-WinJoinPath $defaultHostsDir 'winjoin-ca.pem'
$hostsHeader = '# Written by WinJoin (containerd step): trust downloads.extraCaFile for image pulls (T18).'
if ($ExtraCaFile) {
    if (-not [System.IO.File]::Exists($ExtraCaFile)) { throw "downloads.extraCaFile does not exist: $ExtraCaFile. Give the path of the PEM file of your proxy's or registry's CA." }
    $extraPem = [System.IO.File]::ReadAllText($ExtraCaFile)
    if ($extraPem -notmatch '-----BEGIN CERTIFICATE-----') { throw "downloads.extraCaFile holds no PEM certificate (-----BEGIN CERTIFICATE-----): $ExtraCaFile. Export the CA as Base-64 encoded X.509 (.cer/.pem)." }
    if ($caBundle -match "['\r\n]") { throw "cannot write to hosts.toml as a TOML literal (quote or line break): $caBundle" }
    $blocks = @()
    if ($major -lt 2) { $blocks += @(Get-WinJoinRootCertificatePem) }
    $blocks += $extraPem.Trim() -replace "`r`n", "`n"
    $existingHosts = if ([System.IO.File]::Exists($hostsToml)) { [System.IO.File]::ReadAllText($hostsToml) } else { $null }
    if ($null -ne $existingHosts -and -not $existingHosts.StartsWith($hostsHeader)) {
        # Someone's own registry settings: kept, and the one line to add is said.
        Write-Output "kept $hostsToml (not written by WinJoin); for pulls through the proxy add: ca = '$caBundle'"
        $record.caKept = $true
    }
    else {
        $hostsText = "$hostsHeader`nca = '$caBundle'`n"
        if (Write-WinJoinFileIfChanged -Path $caBundle -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes(($blocks -join "`n") + "`n"))) { $changed = $true }
        if (Write-WinJoinFileIfChanged -Path $hostsToml -Bytes ([System.Text.UTF8Encoding]::new($false).GetBytes($hostsText))) {
            Write-Output "wrote $($hostsToml): image pulls trust $ExtraCaFile$(if ($major -lt 2) { ' and the machine''s root certificates' })"
            $changed = $true
        }
        $record.caWritten = $true
    }
}
elseif ($record.ContainsKey('caWritten') -and $record.caWritten) {
    # The extra CA was taken out of the answers: WinJoin's trust goes with it.
    foreach ($path in $hostsToml, $caBundle) { if ([System.IO.File]::Exists($path)) { [System.IO.File]::Delete($path); $changed = $true } }
    $record.caWritten = $false
}

$logFile = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') 'containerd.log'
[void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($logFile))
if (-not $service) {
    Write-WinJoinProgress -Message 'Registering the containerd service'
    $result = Invoke-WinJoinExe -FilePath $exe -ArgumentList @('--register-service', '--log-file', $logFile)
    if ($result.ExitCode -ne 0) { throw "containerd --register-service failed (exit $($result.ExitCode)): $($result.Output -join ' ')" }
    $record.registered = $true
    $changed = $true
}
else {
    # Another installation's service would keep running another containerd.exe with another config.
    $registeredAs = [string](Get-WinJoinServiceConfig -Name $serviceName).ImagePath
    if ($registeredAs.IndexOf($exe, [System.StringComparison]::OrdinalIgnoreCase) -lt 0) {
        throw "a containerd service from another installation is registered ($registeredAs). Stop it and unregister it with its own containerd.exe --unregister-service, then run WinJoin again."
    }
}

# The SCM merges the service's Environment into containerd's process; a machine variable may not reach it (T16).
$environmentChanged = $false
if ($HttpProxy -or $HttpsProxy) {
    $current = @(Get-WinJoinServiceEnvironment -Name $serviceName)
    $wanted = @($current | Where-Object { $proxyNames -notcontains ($_ -split '=', 2)[0].ToUpperInvariant() })
    if ($HttpProxy) { $wanted += "HTTP_PROXY=$HttpProxy" }
    if ($HttpsProxy) { $wanted += "HTTPS_PROXY=$HttpsProxy" }
    if (@($NoProxy).Count -gt 0) { $wanted += "NO_PROXY=$(@($NoProxy) -join ',')" }
    if (($current -join "`n") -cne ($wanted -join "`n")) {
        Set-WinJoinServiceEnvironment -Name $serviceName -Environment $wanted
        $environmentChanged = $true
        $changed = $true
    }
    # Users read service keys by default: a key holding a proxy password is made admin and SYSTEM only (issue 19, point 8).
    if ((Remove-WinJoinUrlCredential $HttpProxy) -cne $HttpProxy -or (Remove-WinJoinUrlCredential $HttpsProxy) -cne $HttpsProxy) {
        $before = Protect-WinJoinServiceKey -Name $serviceName
        # The ACL as the key had it before WinJoin's first protection, for the undo; a later run finds its own.
        if (-not ($record.ContainsKey('keyAcl') -and $record.keyAcl)) { $record.keyAcl = [string]$before }
    }
    $record.proxySet = $true
    Write-Output "containerd service proxy: $(Hide-WinJoinSecret $(if ($HttpsProxy) { $HttpsProxy } else { $HttpProxy }))"
}
elseif ($record.proxySet) {
    # The proxy was removed from the answers: its lines leave the service, and the key gets its ACL back.
    if (Remove-ServiceProxy) { $environmentChanged = $true; $changed = $true; Write-Output 'containerd service proxy removed' }
    $record.proxySet = $false
    if ($record.ContainsKey('keyAcl')) { $record.Remove('keyAcl') }
}

# kubeadm runs crictl (placed here by the crictl step) by a PATH search.
$machinePath = Get-WinJoinMachineEnv -Name 'Path'
$newPath = Add-WinJoinPathEntry $machinePath $ContainerdDir
if ($newPath -ne $machinePath) { Set-WinJoinMachineEnv -Name 'Path' -Value $newPath; $record.pathAdded = $true; $changed = $true }
Write-WinJoinRecord -StateDir $StateDir -Name 'containerd' -Record $record

$service = Get-Service -Name $serviceName
if ([string]$service.Status -ne 'Running') { Start-Service -Name $serviceName; $changed = $true }
elseif ($configChanged -or $environmentChanged) { Restart-Service -Name $serviceName -Force; $changed = $true }

# containerd opens \\.\pipe\containerd-containerd a moment after the service reports Running.
for ($waited = 0; ; $waited += 2) {
    # Not $version: PowerShell names are case-insensitive, that is the [string] $Version parameter.
    $answer = Invoke-WinJoinExe -FilePath $ctr -ArgumentList @('version')
    if ($answer.ExitCode -eq 0 -or $waited -ge $ServiceWaitSeconds) { break }
    Start-Sleep -Seconds 2
}
if ($answer.ExitCode -ne 0) {
    throw "containerd does not answer on its pipe after $ServiceWaitSeconds s: $($answer.Output -join "`n")`nLast log lines:`n$(Get-WinJoinLogTail $logFile)"
}
$serverVersion = ''
$server = [regex]::Match(($answer.StdOut -join "`n"), '(?s)Server:.*?Version:\s*v?(\S+)')
if ($server.Success) { $serverVersion = $server.Groups[1].Value }
if ($serverVersion -and $serverVersion -ne $Version) { throw "containerd reports v$serverVersion, expected v$Version; another containerd.exe answers on the pipe" }
Complete-WinJoinStep -Changed $changed -Facts @{ version = $serverVersion; config = $configPath; sandboxImage = $SandboxImage }
