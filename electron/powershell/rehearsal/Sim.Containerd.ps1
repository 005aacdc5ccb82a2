# The simulated containerd: containerd.exe registers itself as the service
# "containerd" (--register-service, LocalSystem, Automatic) and, when the
# service starts, reads its config.toml the way containerd does (a BOM or
# UTF-16 file and a bad escape in a double-quoted string stop it, T10/T11),
# then opens its pipe a moment later. ctr.exe and crictl.exe answer through
# that pipe, and fail the way the real ones do while it is closed. What the
# running containerd took from its config (CNI dirs, sandbox image, proxy)
# lands in machine.json "containerd", where the stand-in kubelet reads it.

$script:SimPipe = '\\.\pipe\containerd-containerd'

function New-SimToolResult([int] $ExitCode, [string[]] $StdOut = @(), [string[]] $StdErr = @()) {
    $out = [string[]]@($StdOut | Where-Object { $null -ne $_ })
    $err = [string[]]@($StdErr | Where-Object { $null -ne $_ })
    return @{ ExitCode = $ExitCode; StdOut = $out; StdErr = $err; Output = [string[]]@($out + $err) }
}

function Get-SimContainerdService($Machine) {
    $key = Find-SimKey $Machine.services 'containerd'
    if ($null -eq $key) { return $null }
    return $Machine.services[$key]
}

function Test-SimContainerdPipe {
    <# Whether \\.\pipe\containerd-containerd exists: the service runs and containerd has finished starting. #>
    $machine = Get-SimMachine
    $service = Get-SimContainerdService $machine
    if (-not $service -or [string]$service.status -ne 'Running') { return $false }
    $state = $machine['containerd']
    if (-not $state -or -not $state['pipeReadyAt']) { return $true }
    $readyAt = [DateTime]::Parse([string]$state.pipeReadyAt, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind)
    return [DateTime]::UtcNow -ge $readyAt.ToUniversalTime()
}

function Get-SimPipeError([string] $Tool) {
    $dial = "transport: Error while dialing: open $($script:SimPipe): The system cannot find the file specified."
    if ($Tool -eq 'ctr') { return "ctr: failed to dial `"$($script:SimPipe)`": context deadline exceeded: connection error: desc = `"$dial`"" }
    return "time=`"$([DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ'))`" level=fatal msg=`"validate service connection: validate CRI v1 runtime API for endpoint \`"npipe:////./pipe/containerd-containerd\`": rpc error: code = Unavailable desc = connection error: desc = \`"$dial\`"`""
}

function Read-SimContainerdConfig([string] $Path) {
    <# The settings WinJoin's config.toml sets, or an error in containerd's words (T10, T11). #>
    if (-not [IO.File]::Exists($Path)) { return @{ Settings = @{}; Error = $null } }
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -ge 2 -and (($bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE) -or ($bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB))) {
        return @{ Settings = @{}; Error = "failed to load TOML from $(ConvertFrom-SimLocalPath $Path): Near line 0 (last key parsed ''): bare keys cannot contain '$([char]0xFFFD)'" }
    }
    $text = [Text.Encoding]::UTF8.GetString($bytes)
    foreach ($match in [regex]::Matches($text, '"((?:[^"\\\r\n]|\\.)*)"')) {
        $bad = [regex]::Match($match.Groups[1].Value, '\\([^btnfr"\\uU])')
        if ($bad.Success) {
            $char = $bad.Groups[1].Value[0]
            return @{ Settings = @{}; Error = ('failed to load TOML from {0}: toml: invalid escaped character U+{1:X4} ''{2}''' -f (ConvertFrom-SimLocalPath $Path), [int]$char, $char) }
        }
    }
    $value = {
        param([string] $Key)
        $m = [regex]::Match($text, "(?m)^\s*$Key\s*=\s*(?:'([^']*)'|`"((?:[^`"\\]|\\.)*)`"|\[\s*'([^']*)'[^\]]*\])")
        if (-not $m.Success) { return $null }
        foreach ($g in 1, 2, 3) { if ($m.Groups[$g].Success) { return ($m.Groups[$g].Value -replace '\\\\', '\') } }
    }
    $settings = @{
        cniConfDir = & $value 'conf_dir'
        cniBinDir = $(if (& $value 'bin_dirs') { & $value 'bin_dirs' } else { & $value 'bin_dir' })
        sandboxImage = $(if (& $value 'sandbox') { & $value 'sandbox' } else { & $value 'sandbox_image' })
        registryConfigPath = & $value 'config_path'
    }
    # containerd's defaults where the file says nothing (reference 1.3).
    if (-not $settings.cniConfDir) { $settings.cniConfDir = 'C:\Program Files\containerd\cni\conf' }
    if (-not $settings.cniBinDir) { $settings.cniBinDir = 'C:\Program Files\containerd\cni\bin' }
    return @{ Settings = $settings; Error = $null }
}

function Get-SimImagePathExe([string] $ImagePath) {
    if ($ImagePath -match '^"([^"]+)"') { return $Matches[1] }
    return ($ImagePath -split ' ')[0]
}

function Start-SimContainerd($Machine, $Service) {
    if (-not $Machine.features['Containers'].installed) {
        throw "Service 'Containerd (containerd)' cannot be started due to the following error: Cannot start service containerd on computer '.'. (the Containers feature is not enabled; restart after installing it)"
    }
    $exe = Get-SimImagePathExe ([string]$Service.imagePath)
    $logFile = if ([string]$Service.imagePath -match '--log-file\s+"([^"]+)"') { ConvertTo-SimLocalPath $Matches[1] } else { $null }
    # containerd reads config.toml beside containerd.exe (%ProgramFiles%\containerd) unless --config says otherwise.
    $config = Read-SimContainerdConfig (ConvertTo-SimLocalPath ([regex]::Replace($exe, '[^\\]+$', 'config.toml')))
    $stamp = [DateTime]::UtcNow.ToString('o')
    if ($config.Error) {
        if ($logFile) { [IO.File]::AppendAllText($logFile, "time=`"$stamp`" level=fatal msg=`"$($config.Error)`"`n") }
        $Service.status = 'Stopped'
        throw "Service 'Containerd (containerd)' cannot be started due to the following error: Cannot start service containerd on computer '.'. ($($config.Error))"
    }
    $environment = @{}
    foreach ($pair in @($Service['environment'])) { if ($pair -match '^([^=]+)=(.*)$') { $environment[$Matches[1].ToUpperInvariant()] = $Matches[2] } }
    $state = @{ version = [string]$Service['version']; environment = $environment; pipeReadyAt = [DateTime]::UtcNow.AddSeconds(2 * (Get-SimClockScale)).ToString('o') }
    foreach ($key in $config.Settings.Keys) { $state[$key] = $config.Settings[$key] }
    $Machine['containerd'] = $state
    if ($logFile) {
        [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($logFile))
        [IO.File]::AppendAllText($logFile, "time=`"$stamp`" level=info msg=`"starting containerd`" revision=simulated version=v$($state.version)`ntime=`"$stamp`" level=info msg=`"serving...`" address=$($script:SimPipe)`ntime=`"$stamp`" level=info msg=`"containerd successfully booted in 0.052s`"`n")
    }
    $Service.status = 'Running'
}

function Stop-SimContainerd($Machine, $Service) {
    if ($Machine['containerd']) { $Machine.containerd.pipeReadyAt = $null }
    $Service.status = 'Stopped'
}

function Invoke-SimContainerdExe([string] $Path, [string] $Version, [string[]] $Arguments) {
    $windowsExe = ConvertFrom-SimLocalPath $Path
    $name = 'containerd'
    $i = [array]::IndexOf($Arguments, '--service-name')
    if ($i -ge 0 -and $i + 1 -lt $Arguments.Count) { $name = $Arguments[$i + 1] }
    if ($Arguments -contains '--version' -or $Arguments -contains '-v') { return New-SimToolResult 0 @("containerd github.com/containerd/containerd/v2 v$Version simulated") }
    if ($Arguments -contains '--register-service') {
        $rest = @()
        for ($j = 0; $j -lt $Arguments.Count; $j++) {
            if ($Arguments[$j] -eq '--register-service') { continue }
            if ($Arguments[$j] -eq '--log-file' -and $j + 1 -lt $Arguments.Count) { $rest += '--log-file', "`"$(ConvertFrom-SimLocalPath $Arguments[$j + 1])`""; $j++; continue }
            $rest += $Arguments[$j]
        }
        $imagePath = (@("`"$windowsExe`"", '--run-service') + $rest) -join ' '
        return Use-SimMachine {
            param($m)
            if ($null -ne (Find-SimKey $m.services $name)) { return New-SimToolResult 1 @() @("containerd: failed to register service: The specified service already exists.") }
            $m.services[$name] = @{ name = $name; displayName = 'Containerd'; status = 'Stopped'; startType = 'Automatic'; kind = 'containerd'; imagePath = $imagePath; account = 'LocalSystem'; version = $Version }
            return New-SimToolResult 0
        }
    }
    if ($Arguments -contains '--unregister-service') {
        return Use-SimMachine {
            param($m)
            $key = Find-SimKey $m.services $name
            if ($null -eq $key) { return New-SimToolResult 1 @() @('containerd: failed to unregister service: The specified service does not exist as an installed service.') }
            $m.services.Remove($key)
            return New-SimToolResult 0
        }
    }
    return New-SimToolResult 1 @() @('containerd: rehearsal: containerd runs as the simulated containerd service (Start-Service containerd), not in a console')
}

function Invoke-SimCtr([string] $Version, [string[]] $Arguments) {
    $client = @('Client:', "  Version:  v$Version", '  Revision: simulated', '  Go version: go1.24.4', '')
    $verb = @($Arguments | Where-Object { $_ -notmatch '^-' }) | Select-Object -First 1
    if ($verb -eq 'version') {
        if (-not (Test-SimContainerdPipe)) { return New-SimToolResult 1 $client @((Get-SimPipeError 'ctr')) }
        $server = [string](Get-SimMachine).containerd.version
        return New-SimToolResult 0 ($client + @('Server:', "  Version:  v$server", '  Revision: simulated', '  UUID: 5c6d1c4e-0000-4000-8000-000000000001'))
    }
    if (-not (Test-SimContainerdPipe)) { return New-SimToolResult 1 @() @((Get-SimPipeError 'ctr')) }
    return New-SimToolResult 0 @()
}

function Get-SimCrictlEndpoint([string[]] $Arguments) {
    $config = $null
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        if ($Arguments[$i] -in '--config', '-c' -and $i + 1 -lt $Arguments.Count) { $config = $Arguments[$i + 1] }
        if ($Arguments[$i] -in '--runtime-endpoint', '-r' -and $i + 1 -lt $Arguments.Count) { return $Arguments[$i + 1] }
    }
    if (-not $config -and $env:USERPROFILE) { $config = Join-Path (Join-Path $env:USERPROFILE '.crictl') 'crictl.yaml' }
    if ($config -and [IO.File]::Exists($config)) {
        $m = [regex]::Match([IO.File]::ReadAllText($config), '(?m)^runtime-endpoint:\s*(\S+)')
        if ($m.Success) { return $m.Groups[1].Value }
    }
    return $null
}

function Invoke-SimCrictl([string] $Version, [string[]] $Arguments) {
    $skip = '--config', '-c', '--runtime-endpoint', '-r', '--image-endpoint', '-i', '--timeout', '-t'
    $words = @()
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        if ($skip -contains $Arguments[$i]) { $i++; continue }
        $words += $Arguments[$i]
    }
    if ($words -contains '--version') { return New-SimToolResult 0 @("crictl version v$Version") }
    $verb = @($words | Where-Object { $_ -notmatch '^-' }) | Select-Object -First 1
    $endpoint = Get-SimCrictlEndpoint $Arguments
    $warnings = @()
    if (-not $endpoint) {
        $warnings += 'WARN[0000] runtime connect using default endpoints: [npipe:////./pipe/containerd-containerd npipe:////./pipe/cri-dockerd]. As the default settings are now deprecated, you should set the endpoint instead.'
        $endpoint = 'npipe:////./pipe/containerd-containerd'
    }
    $pipeMatches = $endpoint -match '^npipe://(//)?\./pipe/containerd-containerd$'
    if (-not $pipeMatches -or -not (Test-SimContainerdPipe)) {
        $err = if ($pipeMatches) { Get-SimPipeError 'crictl' } else { "time=`"$([DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ'))`" level=fatal msg=`"validate service connection: validate CRI v1 runtime API for endpoint \`"$endpoint\`": rpc error: code = Unavailable desc = connection error`"" }
        return New-SimToolResult 1 @() @($warnings + $err)
    }
    $containerd = (Get-SimMachine).containerd
    switch ($verb) {
        'version' { return New-SimToolResult 0 @('Version:  0.1.0', 'RuntimeName:  containerd', "RuntimeVersion:  v$($containerd.version)", 'RuntimeApiVersion:  v1') @($warnings) }
        'info' {
            $info = @{ status = @{ conditions = @(@{ type = 'RuntimeReady'; status = $true }, @{ type = 'NetworkReady'; status = $true }) }; config = @{ sandboxImage = $containerd['sandboxImage']; cni = @{ binDir = $containerd['cniBinDir']; confDir = $containerd['cniConfDir'] } } }
            return New-SimToolResult 0 @((ConvertTo-Json -InputObject $info -Depth 6) -split "`n") @($warnings)
        }
        'ps' { return New-SimToolResult 0 @('CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD') @($warnings) }
        'pods' { return New-SimToolResult 0 @('POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME') @($warnings) }
        'images' { return New-SimToolResult 0 @('IMAGE                                     TAG                 IMAGE ID            SIZE') @($warnings) }
        'pull' { return New-SimToolResult 0 @('Image is up to date for sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097') @($warnings) }
        default { return New-SimToolResult 1 @() @("No help topic for '$verb'") }
    }
}

function Invoke-SimContainerdTool {
    <# containerd.exe, ctr.exe, crictl.exe (and the shim) of the given release, called with $ArgumentList. #>
    param([Parameter(Mandatory)][string] $Tool, [Parameter(Mandatory)][string] $Version, [string] $Path = '', [string[]] $ArgumentList = @())
    $arguments = [string[]]@($ArgumentList | Where-Object { $null -ne $_ })
    switch ($Tool) {
        'containerd' { return Invoke-SimContainerdExe $Path $Version $arguments }
        'ctr' { return Invoke-SimCtr $Version $arguments }
        'crictl' { return Invoke-SimCrictl $Version $arguments }
        default { return New-SimToolResult 1 @() @("$Tool is started by containerd, not by hand") }
    }
}

function Get-SimContainerdToolVersion([string] $Path) {
    <# The release a stand-in file on the machine belongs to (its shim says it). #>
    $m = [regex]::Match([IO.File]::ReadAllText($Path), "-Version '([^']+)'")
    if ($m.Success) { return $m.Groups[1].Value }
    return '0.0.0'
}
