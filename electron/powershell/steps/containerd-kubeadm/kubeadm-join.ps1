# Step "kubeadm-join" (containerd-kubeadm): kubeadm join with the bootstrap
# token, the CA pin and containerd's pipe (reference 1.7). kubeadm runs by
# full path; the token is never printed: every line kubeadm writes, and every
# message this step raises, goes through Hide-WinJoinToken first. A node that
# has joined already (kubeadm's kubelet.conf exists; kubeadm would refuse with
# "FileAvailable--etc-kubernetes-kubelet.conf") is left as it is. Undo is
# kubeadm reset, which stops kubelet and removes what the join wrote (reference 5).
param(
    [Parameter(Mandatory)][string] $InstallDir,
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $CriSocket,
    [string] $NodeName = '',
    # "<id>.<secret>": pasted, or created by the gate and handed over in memory (state.json holds a marker);
    # empty only when a plan reached this step without the gate (KP-WJ-JOIN-TOKEN-MISSING).
    [string] $Token = '',
    [string] $CaCertHash = '',
    [string] $ApiServerEndpoint = '',
    # The drive root kubeadm's /etc and /var paths resolve against; empty: the system drive.
    [string] $KubeRoot = '',
    [switch] $Undo,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$stepsRoot = Split-Path -Parent $PSScriptRoot
. (Join-Path $stepsRoot '_Init.ps1')
. (Join-Path $stepsRoot '_Service.ps1')

function Hide([AllowNull()][AllowEmptyString()][string] $Text) { Hide-WinJoinSecret (Hide-WinJoinToken -Text $Text -Token $Token) }
function Invoke-Kubeadm([string[]] $Arguments) {
    $result = Invoke-WinJoinExe -FilePath (Join-WinJoinPath $InstallDir 'kubeadm.exe') -ArgumentList $Arguments
    $lines = @($result.Output | ForEach-Object { Hide $_ })
    return @{ ExitCode = $result.ExitCode; Lines = $lines }
}

if ($CriSocket -notmatch '^npipe://' -or $CriSocket -match '[\s"]') { throw "the CRI socket must be an npipe:// URL (T13): $CriSocket" }
# As Windows resolves it, through the host (a rehearsal maps it into its simulated machine).
if (-not $KubeRoot) { $KubeRoot = Get-WinJoinFullPath "$env:SystemDrive\" }
$kubeletConf = Join-WinJoinPath (Join-WinJoinPath (Join-WinJoinPath $KubeRoot 'etc') 'kubernetes') 'kubelet.conf'

if ($Undo) {
    $changed = $false
    if ([System.IO.File]::Exists($kubeletConf) -or (Read-WinJoinRecord -StateDir $StateDir -Name 'kubeadm-join')) {
        $reset = Invoke-Kubeadm @('reset', '--force', '--cri-socket', $CriSocket)
        $reset.Lines
        if ($reset.ExitCode -ne 0) { throw "kubeadm reset failed (exit $($reset.ExitCode)): $($reset.Lines -join "`n")" }
        $changed = $true
    }
    Remove-WinJoinRecord -StateDir $StateDir -Name 'kubeadm-join'
    Complete-WinJoinStep -Changed $changed
    return
}

$name = if ($NodeName) { $NodeName } else { (Get-WinJoinHostName).ToLowerInvariant() }
if (-not (Test-WinJoinNodeName $name)) { throw "invalid node name `"$name`": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.' (T15)" }
if ([System.IO.File]::Exists($kubeletConf)) {
    Write-Output "$kubeletConf exists: this node has joined a cluster already; nothing to do (kubeadm reset undoes a join)"
    Complete-WinJoinStep -Changed $false -Facts @{ nodeName = $name; kubeletConf = $kubeletConf; joined = 'earlier' }
    return
}

# The plan holds these as the answers gave them; a missing one has no default kubeadm could use.
if (-not $Token) { throw 'no bootstrap token for kubeadm join: set join.token in the answers, or start the join from WinJoin, whose cluster check creates one when join.token is null' }
if ($Token -cnotmatch '^[a-z0-9]{6}\.[a-z0-9]{16}$') { throw 'join.token is not a bootstrap token (<6 characters>.<16 characters>, lower-case letters and digits)' }
if ($CaCertHash -notmatch '^sha256:[0-9a-fA-F]{64}$') { throw "join.caCertHash is not sha256:<64 hex digits>: $CaCertHash" }
$endpoint = $ApiServerEndpoint -replace '^https://', '' -replace '/$', ''
if ($endpoint -notmatch '^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$') { throw "join.apiServerEndpoint is not host:port: $ApiServerEndpoint" }

Write-WinJoinProgress -Message "kubeadm join $endpoint as $name"
$join = Invoke-Kubeadm @('join', $endpoint, '--token', $Token, '--discovery-token-ca-cert-hash', $CaCertHash,
    '--cri-socket', $CriSocket, '--node-name', $name)
$join.Lines
if ($join.ExitCode -ne 0) {
    # kubeadm waits for kubelet's health endpoint; when kubelet keeps failing, its log says why (T9).
    $log = Get-WinJoinLogTail (Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') 'kubelet.log')
    $tail = @($join.Lines | Select-Object -Last 15) -join "`n"
    throw (Hide "kubeadm join failed (exit $($join.ExitCode)):`n$tail$(if ($log) { "`nLast kubelet log lines:`n$log" })")
}
if (-not [System.IO.File]::Exists($kubeletConf)) { throw "kubeadm join reported success but $kubeletConf does not exist" }
Write-WinJoinRecord -StateDir $StateDir -Name 'kubeadm-join' -Record @{ nodeName = $name; endpoint = $endpoint }
Complete-WinJoinStep -Changed $true -Facts @{ nodeName = $name; kubeletConf = $kubeletConf; joined = 'now' }
