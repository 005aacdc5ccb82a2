# The simulated Docker engine: images, tags, the pause-image build, and the
# daemon's proxy settings (taken from the machine environment when the
# service starts, as dockerd does). Output follows docker 17.06's wording.

$script:TagBuilds = @{ 'ltsc2016' = 14393; '1709' = 16299; '1803' = 17134; '1809' = 17763; 'ltsc2019' = 17763; '1903' = 18362; '1909' = 18363; '2004' = 19041; '20H2' = 19042; 'ltsc2022' = 20348; 'ltsc2025' = 26100 }
$script:DockerDown = 'error during connect: Get http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.30/version: open //./pipe/docker_engine: The system cannot find the file specified. In the default daemon configuration on Windows, the docker client must be run elevated to connect. This error may also indicate that the docker daemon is not running.'

function Split-SimImageRef([string] $Ref) {
    if ($Ref -match '^(?<repo>[^:@]+(?::\d+/[^:@]+)?)(?::(?<tag>[^:@/]+))?$') {
        $tag = if ($Matches['tag']) { $Matches['tag'] } else { 'latest' }
        return @{ repository = $Matches['repo']; tag = $tag }
    }
    return @{ repository = $Ref; tag = 'latest' }
}

function Find-SimImage($Machine, [string] $Ref) {
    $wanted = Split-SimImageRef $Ref
    return @($Machine.docker.images | Where-Object { $_.repository -eq $wanted.repository -and $_.tag -eq $wanted.tag }) | Select-Object -First 1
}

function New-SimImageId([string] $Seed) {
    $sha = [Security.Cryptography.SHA256]::Create()
    try { return 'sha256:' + ([BitConverter]::ToString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($Seed))) -replace '-', '').ToLowerInvariant() }
    finally { $sha.Dispose() }
}

function Get-SimShortId([string] $Id) { ($Id -replace '^sha256:', '').Substring(0, 12) }

function Get-SimRegistryBuild($Machine, [string] $Repository, [string] $Tag) {
    <# The Windows build the registry's image for that tag targets; the image-mismatch scenario serves another one. #>
    $build = if ($script:TagBuilds.ContainsKey($Tag)) { $script:TagBuilds[$Tag] } else { 14393 }
    if ($Machine.faults.baseImageMismatch -and $Repository -match '^(microsoft/(windowsservercore|nanoserver)|mcr\.microsoft\.com/windows/(servercore|nanoserver))$') {
        $build = if ([int]$Machine.os.build -eq 17763) { 16299 } else { 17763 }
    }
    return $build
}

function Test-SimRegistryReachable($Machine) {
    # Behind the scenario's proxy, the registry answers only when dockerd started with HTTPS_PROXY set.
    if (-not $Machine.faults.requireProxy) { return $true }
    $envAtStart = $Machine.docker.daemonEnv
    return [bool]($envAtStart -and ($envAtStart['HTTPS_PROXY'] -or $envAtStart['HTTP_PROXY']))
}

function Invoke-SimDocker {
    <# docker <args>: returns @{ ExitCode; Output }. Throws when docker is not installed (the file cannot be started). #>
    param([string[]] $ArgumentList = @())
    $machine = Get-SimMachine
    $service = $machine.services['docker']
    if (-not $service) { throw "The term 'docker' is not recognized as a name of a cmdlet, function, script file, or executable program." }
    $command = if ($ArgumentList.Count) { $ArgumentList[0] } else { '' }
    if ($command -in '--version', '-v') { return @{ ExitCode = 0; Output = @("Docker version $($machine.docker.version), build simulated") } }
    if ((Get-SimServiceStatus $service) -ne 'Running') { return @{ ExitCode = 1; Output = @($script:DockerDown) } }
    $pipeAt = $machine.docker['pipeReadyAt']
    if ($pipeAt -and [DateTime]::Parse($pipeAt, $null, 'RoundtripKind') -gt [DateTime]::UtcNow) { return @{ ExitCode = 1; Output = @($script:DockerDown) } }
    $rest = @($ArgumentList | Select-Object -Skip 1)
    switch ($command) {
        'version' {
            if ($rest -contains '--format') { return @{ ExitCode = 0; Output = @($machine.docker.version) } }
            return @{ ExitCode = 0; Output = @('Client:', " Version:      $($machine.docker.version)", ' OS/Arch:      windows/amd64', '', 'Server:', " Version:      $($machine.docker.version)", ' OS/Arch:      windows/amd64') }
        }
        'images' {
            $filter = @($rest | Where-Object { $_ -notlike '-*' }) | Select-Object -First 1
            $images = @($machine.docker.images | Where-Object {
                    if (-not $filter) { return $true }
                    $want = Split-SimImageRef $filter
                    $_.repository -eq $want.repository -and ($filter -notmatch ':' -or $_.tag -eq $want.tag)
                })
            if ($rest -contains '-q') { return @{ ExitCode = 0; Output = @($images | ForEach-Object { Get-SimShortId $_.id } | Select-Object -Unique) } }
            return @{ ExitCode = 0; Output = @('REPOSITORY                    TAG                 IMAGE ID            SIZE') + @($images | ForEach-Object { '{0,-30}{1,-20}{2,-20}{3}' -f $_.repository, $_.tag, (Get-SimShortId $_.id), '10.4GB' }) }
        }
        'pull' { return Invoke-SimDockerPull $rest[0] }
        'tag' {
            return Use-SimMachine {
                param($m)
                $source = Find-SimImage $m $rest[0]
                if (-not $source) { return @{ ExitCode = 1; Output = @("Error response from daemon: No such image: $($rest[0])") } }
                $target = Split-SimImageRef $rest[1]
                # A tag names the same image, so it shares the image's RepoDigests.
                $m.docker.images = @($m.docker.images | Where-Object { -not ($_.repository -eq $target.repository -and $_.tag -eq $target.tag) }) + @(@{ repository = $target.repository; tag = $target.tag; id = $source.id; osBuild = $source.osBuild; repoDigests = @($source['repoDigests']) })
                return @{ ExitCode = 0; Output = @() }
            }
        }
        'rmi' {
            return Use-SimMachine {
                param($m)
                $image = Find-SimImage $m $rest[0]
                if (-not $image) { return @{ ExitCode = 1; Output = @("Error: No such image: $($rest[0])") } }
                $m.docker.images = @($m.docker.images | Where-Object { $_ -ne $image })
                return @{ ExitCode = 0; Output = @("Untagged: $($rest[0])") }
            }
        }
        'build' { return Invoke-SimDockerBuild $rest }
        'image' { return Invoke-SimDockerImageInspect $machine $rest }
        'info' {
            $env0 = $machine.docker.daemonEnv
            $lines = @('Containers: 0', "Images: $(@($machine.docker.images).Count)", "Server Version: $($machine.docker.version)", 'Storage Driver: windowsfilter',
                "Kernel Version: 10.0 $($machine.os.build) ($($machine.os.build).$($machine.os.ubr).amd64fre.rs3_release.170922-1354)", "Operating System: $($machine.os.productName)", 'OSType: windows', 'Architecture: x86_64')
            # dockerd shows a proxy's user info as xxxxx:xxxxx (moby daemon/config MaskCredentials).
            $masked = { param([string] $Url) [regex]::Replace($Url, '^(?i)([a-z][a-z0-9+.-]*://)[^/\s]*@', '$1xxxxx:xxxxx@') }
            if ($env0 -and $env0['HTTP_PROXY']) { $lines += "Http Proxy: $(& $masked $env0['HTTP_PROXY'])" }
            if ($env0 -and $env0['HTTPS_PROXY']) { $lines += "Https Proxy: $(& $masked $env0['HTTPS_PROXY'])" }
            if ($env0 -and $env0['NO_PROXY']) { $lines += "No Proxy: $($env0['NO_PROXY'])" }
            return @{ ExitCode = 0; Output = $lines }
        }
        'ps' { return @{ ExitCode = 0; Output = @(if ($rest -notcontains '-q' -and $rest -notcontains '--format') { 'CONTAINER ID        IMAGE               STATUS' }) } }
        'rm' { return @{ ExitCode = 0; Output = @() } }
        default { return @{ ExitCode = 1; Output = @("docker: '$command' is not a docker command (the rehearsal simulates version, images, pull, tag, rmi, build, image inspect, info, ps)") } }
    }
}

function Invoke-SimDockerPull([string] $Ref) {
    return Use-SimMachine {
        param($m)
        $want = Split-SimImageRef $Ref
        if (-not (Test-SimRegistryReachable $m)) {
            return @{ ExitCode = 1; Output = @("Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io: no such host") }
        }
        if ($want.repository -notmatch '^microsoft/(windowsservercore|nanoserver)$' -and $want.repository -notmatch '^mcr\.microsoft\.com/') {
            return @{ ExitCode = 1; Output = @("Error response from daemon: pull access denied for $($want.repository), repository does not exist or may require 'docker login'") }
        }
        # Docker Hub's microsoft/* repositories stop before Server 2019: every later image is on mcr.microsoft.com only.
        if ($want.repository -match '^microsoft/' -and $script:TagBuilds.ContainsKey($want.tag) -and $script:TagBuilds[$want.tag] -ge 17763) {
            return @{ ExitCode = 1; Output = @("Error response from daemon: manifest for $($want.repository):$($want.tag) not found: manifest unknown: manifest unknown") }
        }
        $build = Get-SimRegistryBuild $m $want.repository $want.tag
        $id = New-SimImageId "$($want.repository):$($want.tag):$build"
        # The registry's manifest digest, which is not the image ID (SIMULATED: derived from the name, tag and build).
        $manifest = New-SimImageId "manifest of $($want.repository):$($want.tag):$build"
        $m.docker.images = @($m.docker.images | Where-Object { -not ($_.repository -eq $want.repository -and $_.tag -eq $want.tag) }) + @(@{ repository = $want.repository; tag = $want.tag; id = $id; osBuild = $build; repoDigests = @("$($want.repository)@$manifest") })
        return @{ ExitCode = 0; Output = @("$($want.tag): Pulling from $($want.repository)", '5847a47b8593: Pull complete', "Digest: $manifest", "Status: Downloaded newer image for $($want.repository):$($want.tag)") }
    }
}

function Invoke-SimDockerImageInspect($Machine, [string[]] $Arguments) {
    <# docker image inspect --format={{json .RepoDigests}} REF: the one format the steps use; a built image has none ([]). #>
    if ($Arguments.Count -ne 3 -or $Arguments[0] -ne 'inspect' -or $Arguments[1] -ne '--format={{json .RepoDigests}}') {
        return @{ ExitCode = 1; Output = @("the rehearsal simulates only docker image inspect --format={{json .RepoDigests}} IMAGE (got: $($Arguments -join ' '))") }
    }
    $image = Find-SimImage $Machine $Arguments[2]
    if (-not $image) { return @{ ExitCode = 1; Output = @('[]', "Error: No such image: $($Arguments[2])") } }
    $digests = @($image['repoDigests'] | Where-Object { $_ } | ForEach-Object { '"' + $_ + '"' })
    return @{ ExitCode = 0; Output = @('[' + ($digests -join ',') + ']') }
}

function Invoke-SimDockerBuild([string[]] $Arguments) {
    $tagIndex = [array]::IndexOf($Arguments, '-t')
    $name = if ($tagIndex -ge 0) { $Arguments[$tagIndex + 1] } else { '' }
    $dir = @($Arguments | Where-Object { $_ -notlike '-*' -and $_ -ne $name }) | Select-Object -Last 1
    $dockerfile = Join-Path $dir 'Dockerfile'
    if (-not [IO.File]::Exists($dockerfile)) { return @{ ExitCode = 1; Output = @("unable to prepare context: unable to evaluate symlinks in Dockerfile path: $dockerfile not found") } }
    $from = [regex]::Match([IO.File]::ReadAllText($dockerfile), '(?im)^\s*FROM\s+(\S+)').Groups[1].Value
    $output = @('Sending build context to Docker daemon  8.192kB', "Step 1/3 : FROM $from")
    $machine = Get-SimMachine
    if (-not (Find-SimImage $machine $from)) {
        # A missing :latest makes docker pull whatever the registry has for latest (T7/T17).
        $pull = Invoke-SimDockerPull $from
        $output += $pull.Output
        if ($pull.ExitCode -ne 0) { return @{ ExitCode = 1; Output = $output } }
        $machine = Get-SimMachine
    }
    $base = Find-SimImage $machine $from
    $output += " ---> $(Get-SimShortId $base.id)"
    $output += 'Step 2/3 : ADD pause.ps1 /pause/pause.ps1'
    if ([int]$base.osBuild -ne [int]$machine.os.build) {
        $output += "container 6d3a9ec1f2b4 encountered an error during CreateContainer: failure in a Windows system call: The operating system of the container does not match the operating system of the host. (0xc0370101) extra info: {`"SystemType`":`"Container`",`"Name`":`"6d3a9ec1f2b4`"}"
        $output += "a Windows version 10.0.$($base.osBuild)-based image is incompatible with a 10.0.$($machine.os.build) host"
        return @{ ExitCode = 1; Output = $output }
    }
    $id = New-SimImageId "$name from $($base.id)"
    Use-SimMachine {
        param($m)
        $target = Split-SimImageRef $name
        $m.docker.images = @($m.docker.images | Where-Object { -not ($_.repository -eq $target.repository -and $_.tag -eq $target.tag) }) + @(@{ repository = $target.repository; tag = $target.tag; id = $id; osBuild = $base.osBuild })
    } | Out-Null
    $output += @('Step 3/3 : CMD powershell /pause/pause.ps1', "Successfully built $(Get-SimShortId $id)", "Successfully tagged $(if ($name -match ':') { $name } else { "${name}:latest" })")
    return @{ ExitCode = 0; Output = $output }
}
