# Each step loads its own helpers: run in a fresh pwsh that has only what the
# step host loads (WinJoin.psm1), every step must get past its own setup and
# fail, if at all, on the missing Windows host, never on a WinJoin command.
BeforeAll {
    . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1')
    $script:Pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
}

Describe 'step scripts in a fresh session' {
    It 'never fail on a missing WinJoin helper' {
        $dir = New-WinJoinTestDir
        $probe = Join-WinJoinPath $dir 'probe.ps1'
        Set-Content -LiteralPath $probe -Encoding utf8 -Value @'
param($PsRoot, $Dir)
Import-Module (Join-Path $PsRoot 'WinJoin.psm1')
$common = @{ InstallDir = $Dir; StateDir = $Dir; InterfaceAlias = 'Ethernet'; ServiceCidr = '10.96.0.0/12'; DnsServiceIp = '10.96.0.10'
    ClusterCidr = '192.168.0.0/16'; MasterIp = '10.1.2.3'; DockerDir = $Dir; KubernetesVersion = '1.9.1'; Content = 'x'
    ContainerdDir = $Dir; Version = '2.3.4'; CniBinDir = $Dir; CniConfDir = $Dir; RegistryConfigDir = $Dir
    Endpoint = 'npipe:////./pipe/containerd-containerd'; CriSocket = 'npipe:////./pipe/containerd-containerd'; Name = 'kubelet'; Port = 10250 }
# Every recipe's steps: docker-sdn's at the top, containerd-kubeadm's in their folder.
foreach ($file in Get-ChildItem (Join-Path $PsRoot 'steps') -Filter '*.ps1' -Recurse | Where-Object Name -notlike '_*') {
    Remove-Module WinJoin.Steps, WinJoin.Host -ErrorAction SilentlyContinue
    $declared = (Get-Command $file.FullName).Parameters.Keys
    $params = @{}
    foreach ($k in $common.Keys) { if ($declared -contains $k) { $params[$k] = $common[$k] } }
    try { & $file.FullName @params *> $null; $message = 'ok' }
    catch { $message = $_.Exception.Message }
    if ($message -match "term '([A-Za-z]+-WinJoin[A-Za-z]*)' is not recognized") { "$($file.BaseName): $($Matches[1])" }
}
'@
        $out = & $script:Pwsh -NoProfile -NonInteractive -File $probe -PsRoot $script:PsRoot -Dir $dir 2>&1
        @($out | Where-Object { $_ -and "$_" -notlike '##winjoin *' }) | Should -BeNullOrEmpty
    }
}
