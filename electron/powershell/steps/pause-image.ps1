# Step "pause-image": the kubeletwin/pause image the kubelet starts every pod
# with (the guide's step 6). The Dockerfile's base image is pulled from
# mcr.microsoft.com with the tag
# that matches this host's build and tagged :latest, because the Dockerfile
# names it without a tag and a mismatched build cannot start (T7, T8). Reading
# the FROM line also covers the later SDN Dockerfile that uses nanoserver (T17).
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [string] $BaseImageTag = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

function Invoke-Docker([string[]] $Arguments, [switch] $AllowFailure) {
    $result = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList $Arguments
    $result.Output | ForEach-Object { Write-Output $_ }
    if ($result.ExitCode -ne 0 -and -not $AllowFailure) {
        throw "docker $($Arguments[0]) failed (exit $($result.ExitCode)): $(($result.Output | Select-Object -Last 5) -join "`n")"
    }
    return
}
function Get-RepoDigest([string] $Image, [string] $Repository) {
    <# The repository@sha256 docker recorded when it pulled the image from $Repository; '' for an image built or loaded here. #>
    $result = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('image', 'inspect', '--format={{json .RepoDigests}}', $Image)
    if ($result.ExitCode -ne 0) { throw "docker image inspect failed: $(($result.Output | Select-Object -Last 5) -join "`n")" }
    $found = [regex]::Matches(($result.Output -join "`n"), '[^\s"\[\],]+@sha256:[0-9a-f]{64}')
    $digests = @($found | ForEach-Object { $_.Value })
    $own = @($digests | Where-Object { $_.StartsWith("$Repository@", [StringComparison]::OrdinalIgnoreCase) })
    if ($own.Count) { return $own[0] }
    return ''
}
function Get-ImageId([string] $Image) {
    $result = Invoke-WinJoinExe -FilePath 'docker' -ArgumentList @('images', '-q', $Image)
    if ($result.ExitCode -ne 0) { throw "docker images failed: $($result.Output -join "`n")" }
    return (@($result.Output | Where-Object { $_ -match '\S' }) | Select-Object -First 1)
}

if ($Undo) {
    $changed = $false
    if (Get-ImageId 'kubeletwin/pause') { Invoke-Docker @('rmi', 'kubeletwin/pause'); $changed = $true }
    $record = Read-WinJoinRecord -StateDir $StateDir -Name 'pause-image'
    if ($record -and $record.taggedLatest -and (Get-ImageId $record.taggedLatest)) { Invoke-Docker @('rmi', $record.taggedLatest); $changed = $true }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'pause-image'
    Complete-WinJoinStep -Changed $changed
    return
}

$existing = Get-ImageId 'kubeletwin/pause'
if ($existing) {
    Write-Output "kubeletwin/pause already present ($existing)"
    Complete-WinJoinStep -Changed $false -Facts @{ imageId = $existing }
    return
}

$dockerfile = Join-WinJoinPath $InstallDir 'Dockerfile'
if (-not [System.IO.File]::Exists($dockerfile)) { throw "no Dockerfile in $InstallDir; run the scripts step first" }
$from = [regex]::Match([System.IO.File]::ReadAllText($dockerfile), '(?im)^\s*FROM\s+(\S+)')
if (-not $from.Success) { throw 'the Dockerfile has no FROM line' }
$base = $from.Groups[1].Value -replace ':[^/:]+$', ''

if (-not $BaseImageTag) {
    $build = (Get-WinJoinOsVersion).Build
    $BaseImageTag = Get-WinJoinBaseImageTag -Build $build
    if (-not $BaseImageTag) { throw "no known $base tag for Windows build $build; set the base image tag by hand (T7/T8)" }
}
if ($BaseImageTag -notmatch '^[A-Za-z0-9_.-]+$') { throw "not a valid image tag: $BaseImageTag" }

# Pulled from mcr.microsoft.com, then tagged locally under the name the Dockerfile
# (and WebServer.yaml) use, without a tag: Docker Hub has no image for 2019 or later.
$source = Get-WinJoinBaseImageSource $base
$tagged = "${source}:$BaseImageTag"
if (-not (Get-ImageId $tagged)) {
    Write-WinJoinProgress -Message "Pulling $tagged (several GB)"
    Invoke-Docker @('pull', $tagged)
}
$baseDigest = Get-RepoDigest $tagged $source
if ($baseDigest) { Write-Output "$tagged is $baseDigest (the digest the registry returned; the tag moves monthly, so none is pinned)" }
else { Write-Output "$tagged carries no registry digest (not pulled from a registry on this machine)" }
$latest = "${base}:latest"
$latestId = Get-ImageId $latest
$taggedLatest = ''
if ($latestId -ne (Get-ImageId $tagged)) {
    Invoke-Docker @('tag', $tagged, $latest)
    $taggedLatest = $latest
}
Write-WinJoinRecord -StateDir $StateDir -Name 'pause-image' -Record @{ taggedLatest = $taggedLatest; baseImage = $tagged; baseImageDigest = $baseDigest }
Write-WinJoinProgress -Message 'Building kubeletwin/pause'
Invoke-Docker @('build', '-t', 'kubeletwin/pause', $InstallDir)
Complete-WinJoinStep -Changed $true -Facts @{ baseImage = $tagged; baseImageDigest = $baseDigest; imageId = (Get-ImageId 'kubeletwin/pause') }
