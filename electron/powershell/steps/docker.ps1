# Step "docker": the Containers feature and a running Docker engine, the
# guide's way (DockerMsftProvider) first. That provider's backend was retired
# in 2023 (T23), so when it fails WinJoin installs the static binaries it has
# already downloaded and verified, registered as the "docker" service.
# Exit 3010 when the Containers feature waits for a restart; the re-run after
# the restart only makes sure the service runs (T20).
param(
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $DockerDir,
    [hashtable] $Downloads = @{},
    # How long the engine may take to open its pipe after the service starts.
    [int] $EngineWaitSeconds = 60,
    [switch] $Undo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$record = Read-WinJoinRecord -StateDir $StateDir -Name 'docker'
if ($Undo) {
    $changed = $false
    if ($record -and $record.method -eq 'static') {
        if (Get-Service -Name docker -ErrorAction SilentlyContinue) {
            Stop-Service -Name docker -Force
            [void](Invoke-WinJoinExe -FilePath 'sc.exe' -ArgumentList @('delete', 'docker'))
        }
        $machinePath = Get-WinJoinMachineEnv -Name 'Path'
        Set-WinJoinMachineEnv -Name 'Path' -Value (Remove-WinJoinPathEntry $machinePath $DockerDir)
        foreach ($exe in 'docker.exe', 'dockerd.exe') { Remove-Item -LiteralPath (Join-WinJoinPath $DockerDir $exe) -Force -ErrorAction SilentlyContinue }
        $changed = $true
    }
    elseif ($record -and $record.method -eq 'package') {
        Uninstall-Package -Name Docker -ProviderName DockerMsftProvider -Force | Out-Null
        $changed = $true
    }
    $restart = $false
    if ($record -and $record.featureInstalled) {
        $result = Uninstall-WindowsFeature -Name Containers
        $restart = [string]$result.RestartNeeded -eq 'Yes'
        $changed = $true
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'docker'
    Complete-WinJoinStep -Changed $changed -RestartRequired:$restart
    return
}

if (-not $record) { $record = @{ method = 'preexisting'; featureInstalled = $false } }
$changed = $false
Enable-WinJoinTls12

$feature = Get-WindowsFeature -Name Containers
$restart = $false
if (-not $feature.Installed) {
    Write-WinJoinProgress -Message 'Installing the Containers feature'
    $result = Install-WindowsFeature -Name Containers
    $restart = [string]$result.RestartNeeded -eq 'Yes'
    $record.featureInstalled = $true
    $changed = $true
}

function Install-DockerFromPackage {
    $nuget = Get-PackageProvider -Name NuGet -ListAvailable -ErrorAction SilentlyContinue
    if (-not $nuget -or [version]$nuget.Version -lt [version]'2.8.5.201') {
        Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force | Out-Null
    }
    Install-Module -Name DockerMsftProvider -Repository PSGallery -Force
    Install-Package -Name Docker -ProviderName DockerMsftProvider -Force | Out-Null
}

function Install-DockerFromStatic {
    if (-not $Downloads.ContainsKey('dockerStatic')) { throw 'no Docker static binaries were downloaded to fall back on' }
    $files = Read-WinJoinZipFolder -ZipPath $Downloads.dockerStatic -Folder ''
    foreach ($exe in 'docker.exe', 'dockerd.exe') {
        if (-not $files.ContainsKey($exe)) { throw "the Docker static archive has no docker/$exe" }
        [void](Write-WinJoinFileIfChanged -Path (Join-WinJoinPath $DockerDir $exe) -Bytes $files[$exe])
    }
    $machinePath = Get-WinJoinMachineEnv -Name 'Path'
    Set-WinJoinMachineEnv -Name 'Path' -Value (Add-WinJoinPathEntry $machinePath $DockerDir)
    $binary = '"' + (Join-WinJoinPath $DockerDir 'dockerd.exe') + '" --run-service'
    New-Service -Name docker -BinaryPathName $binary -DisplayName 'Docker Engine' -StartupType Automatic | Out-Null
}

if (-not (Get-Service -Name docker -ErrorAction SilentlyContinue)) {
    Write-WinJoinProgress -Message 'Installing Docker (DockerMsftProvider)'
    try {
        Install-DockerFromPackage
        $record.method = 'package'
    }
    catch {
        # The provider's own message names the known problem (T21-T24); keep it in the transcript.
        Write-Output "DockerMsftProvider failed: $(Hide-WinJoinSecret $_.Exception.Message)"
        Write-Output 'Falling back to the Docker static binaries WinJoin downloaded'
        Install-DockerFromStatic
        $record.method = 'static'
    }
    $changed = $true
    if ($Downloads.ContainsKey('dockerStatic') -and $record.method -eq 'package' -and -not (Get-Service -Name docker -ErrorAction SilentlyContinue)) {
        Install-DockerFromStatic
        $record.method = 'static'
    }
}
Write-WinJoinRecord -StateDir $StateDir -Name 'docker' -Record $record

if ($restart) {
    Write-Output 'A restart is required to enable the containers feature. Please restart your machine.'
    Complete-WinJoinStep -Changed $true -RestartRequired -Facts @{ method = $record.method }
    return
}

$service = Get-Service -Name docker
if ([string]$service.Status -ne 'Running') {
    Set-Service -Name docker -StartupType Automatic
    Start-Service -Name docker
    $changed = $true
}

# The install only added the Docker directory to the machine PATH, which this
# process (and the engine that started it) never sees: run the CLI by full path.
$cli = Join-WinJoinPath $DockerDir 'docker.exe'
if (-not [System.IO.File]::Exists($cli)) { $cli = 'docker' }
# dockerd opens //./pipe/docker_engine a moment after the service reports Running.
for ($waited = 0; ; $waited += 2) {
    $version = Invoke-WinJoinExe -FilePath $cli -ArgumentList @('version', '--format', '{{.Server.Version}}')
    if ($version.ExitCode -eq 0 -or $waited -ge $EngineWaitSeconds) { break }
    Start-Sleep -Seconds 2
}
if ($version.ExitCode -ne 0) { throw "the Docker engine does not answer after $EngineWaitSeconds s: $($version.Output -join "`n")" }
Complete-WinJoinStep -Changed $changed -Facts @{ method = $record.method; dockerVersion = ($version.StdOut -join '').Trim() }
