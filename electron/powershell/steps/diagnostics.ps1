# Step "diagnostics": runs even after a failure and collects what support
# needs (reference section 1.8 collectlogs.ps1 plus service states and log tails)
# into <stateDir>\diagnostics. Every collector is independent: one failing
# never stops the others, and every text passes through the secret mask.
# Writes only inside the state dir.
param(
    [Parameter(Mandatory)][string] $StateDir,
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
        $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes((Hide-WinJoinSecret $text))
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
Save 'docker-info.txt' { Exe 'docker' @('info') }
Save 'docker-ps.txt' { Exe 'docker' @('ps', '-a', '--format', '{{.ID}} {{.Image}} {{.Status}}') }
Save 'services.txt' {
    foreach ($name in 'docker', 'kubelet', 'kube-proxy', 'hns') {
        $service = Get-Service -Name $name -ErrorAction SilentlyContinue
        if ($service) { "$name $($service.Status) $($service.StartType)" } else { "$name absent" }
    }
}
foreach ($log in 'kubelet.log', 'kube-proxy.log') {
    $path = Join-WinJoinPath (Join-WinJoinPath $StateDir 'logs') $log
    if ([System.IO.File]::Exists($path)) { Save "tail-$log" { Get-Content -LiteralPath $path -Tail $LogTailLines } }
}
Write-Output "Diagnostics are available at $dir"
Complete-WinJoinStep -Changed $false -Facts @{ dir = $dir; files = @($collected); failed = @($failedCollectors) }
