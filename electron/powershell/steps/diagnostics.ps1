# Step "diagnostics": runs even after a failure and collects what support
# needs (reference section 1.8 collectlogs.ps1 plus service states and log tails)
# into <stateDir>\diagnostics. Every collector is independent: one failing
# never stops the others, and every text passes through the secret mask.
# Writes only inside the state dir. Both recipes use this script: given
# ContainerdDir (containerd-kubeadm, through its thin diagnostics.ps1), it
# collects containerd's and crictl's view instead of Docker's.
param(
    [Parameter(Mandatory)][string] $StateDir,
    [string] $ContainerdDir = '',
    [int] $LogTailLines = 200,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '_Init.ps1')

$dir = Join-WinJoinPath $StateDir 'diagnostics'
[void][System.IO.Directory]::CreateDirectory($dir)
$collected = New-Object System.Collections.Generic.List[string]
$failedCollectors = New-Object System.Collections.Generic.List[string]

function Save([string] $FileName, [scriptblock] $Collect) {
    try {
        $text = (& $Collect | Out-String -Width 300)
        # Bootstrap tokens too: a kubeadm or kubelet log line may carry one.
        $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes((Hide-WinJoinSecret (Hide-WinJoinToken -Text $text)))
        [void](Write-WinJoinFileIfChanged -Path (Join-WinJoinPath $dir $FileName) -Bytes $bytes)
        $collected.Add($FileName)
    }
    catch {
        $failedCollectors.Add($FileName)
        Write-Output "could not collect ${FileName}: $(Hide-WinJoinSecret $_.Exception.Message)"
    }
}
function Exe([string] $File, [string[]] $Arguments) { (Invoke-WinJoinExe -FilePath $File -ArgumentList $Arguments).Output }

Save 'hns-networks.json' { ConvertTo-Json -InputObject @(Get-HnsNetwork) -Depth 6 }
Save 'hns-endpoints.json' { ConvertTo-Json -InputObject @(Get-HnsEndpoint) -Depth 6 }
Save 'hns-policies.json' { ConvertTo-Json -InputObject @(Get-HnsPolicyList) -Depth 6 }
Save 'ipconfig.txt' { Exe 'ipconfig.exe' @('/all') }
Save 'route.txt' { Exe 'route.exe' @('print') }
$services = @('kubelet', 'kube-proxy', 'hns')
$logs = @('kubelet.log', 'kube-proxy.log')
if ($ContainerdDir) {
    # Not `crictl info`: it prints containerd's CRI config, registry credentials included.
    $crictl = Join-WinJoinPath $ContainerdDir 'crictl.exe'
    $endpoint = 'npipe:////./pipe/containerd-containerd'
    Save 'ctr-version.txt' { Exe (Join-WinJoinPath $ContainerdDir 'ctr.exe') @('version') }
    Save 'crictl-pods.txt' { Exe $crictl @('--runtime-endpoint', $endpoint, 'pods') }
    Save 'crictl-ps.txt' { Exe $crictl @('--runtime-endpoint', $endpoint, 'ps', '-a') }
    Save 'crictl-images.txt' { Exe $crictl @('--runtime-endpoint', $endpoint, 'images') }
    Save 'containerd-config.toml' { Get-Content -LiteralPath (Join-WinJoinPath $ContainerdDir 'config.toml') }
    $services = @('containerd') + $services
    $logs = @('containerd.log') + $logs
}
else {
    Save 'docker-info.txt' { Exe 'docker' @('info') }
    Save 'docker-ps.txt' { Exe 'docker' @('ps', '-a', '--format', '{{.ID}} {{.Image}} {{.Status}}') }
    $services = @('docker') + $services
}
Save 'services.txt' {
    foreach ($name in $services) {
        $service = Get-Service -Name $name -ErrorAction SilentlyContinue
        if ($service) { "$name $($service.Status) $($service.StartType)" } else { "$name absent" }
    }
}
foreach ($log in $logs) {
    $path = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') $log
    if ([System.IO.File]::Exists($path)) { Save "tail-$log" { Get-Content -LiteralPath $path -Tail $LogTailLines } }
}
Write-Output "Diagnostics are available at $dir"
Complete-WinJoinStep -Changed $false -Facts @{ dir = $dir; files = @($collected); failed = @($failedCollectors) }
