# Parameters arrive as JSON through the real step host and must stay literal:
# nothing in them is evaluated, and paths with spaces and Japanese work.
BeforeAll {
    . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1')
    $script:StepHost = Join-Path $script:PsRoot 'Invoke-WinJoinStep.ps1'
    # The pwsh running these tests (a dotnet global tool's process path is dotnet itself, so not Get-Process).
    $script:Pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $script:Dir = New-WinJoinTestDir
    $script:Sentinel = Join-WinJoinPath $script:Dir 'pwned'
    # A preload module stands in for the Windows host, as in a rehearsal; it records what the step passed.
    $script:Preload = Join-WinJoinPath $script:Dir 'fake host.psm1'
    Set-Content -LiteralPath $script:Preload -Encoding utf8 -Value @'
function Get-WinJoinMachineEnv { param($Name) $null }
function Set-WinJoinMachineEnv { param($Name, $Value) [IO.File]::AppendAllText($env:WJ_RECORD, "$Name=$Value`n") }
function Invoke-WinJoinExe { param($FilePath, $ArgumentList) [IO.File]::AppendAllText($env:WJ_RECORD, "$FilePath|$($ArgumentList -join '|')`n"); @{ ExitCode = 1; Output = @('down') } }
function Enable-WinJoinTls12 { }
function Get-Service { param($Name, $ErrorAction) if ($Name -eq 'docker') { [pscustomobject]@{ Name = 'docker'; Status = 'Stopped' } } }
function Get-WinJoinServiceEnvironment { param($Name) @() }
function Set-WinJoinServiceEnvironment { param($Name, $Environment) [IO.File]::AppendAllText($env:WJ_RECORD, "service $Name=$($Environment -join '|')`n") }
function Protect-WinJoinServiceKey { param($Name) [IO.File]::AppendAllText($env:WJ_RECORD, "protected $Name`n") }
Export-ModuleMember -Function *
'@
    function Invoke-Hosted([string] $Step, [hashtable] $Params) {
        $paramsFile = Join-WinJoinPath $script:Dir 'params.json'
        [IO.File]::WriteAllText($paramsFile, (ConvertTo-Json $Params -Depth 5), [Text.UTF8Encoding]::new($false))
        $env:WJ_RECORD = Join-WinJoinPath $script:Dir 'record.txt'
        Remove-Item -LiteralPath $env:WJ_RECORD -ErrorAction SilentlyContinue
        $out = & $script:Pwsh -NoProfile -NonInteractive -File $script:StepHost -StepScript (Join-WinJoinPath $script:StepsDir "$Step.ps1") -ParamsFile $paramsFile -PreloadModule $script:Preload 2>&1
        return @{ Exit = $LASTEXITCODE; Output = ($out -join "`n"); Record = $(if (Test-Path -LiteralPath $env:WJ_RECORD) { [IO.File]::ReadAllText($env:WJ_RECORD) } else { '' }) }
    }
}

Describe 'hostile parameters through the step host' {
    It 'passes proxy values with $(), backticks, quotes, ; and newlines literally and evaluates none of them' {
        $evil = "http://u:p@h:1/`$(New-Item '$script:Sentinel')`";``whoami;'x'`nrm -r /"
        $r = Invoke-Hosted 'proxy' @{ stateDir = $script:Dir; httpProxy = $evil; httpsProxy = 'http://プロキシ.example:8080/'; noProxy = @('a;b', '$(x)') }
        $r.Exit | Should -Be 0 -Because $r.Output
        Test-Path -LiteralPath $script:Sentinel | Should -BeFalse
        # The machine gets it without the user info; docker's own Environment gets it whole (issue 19, point 8).
        $r.Record | Should -Match ([regex]::Escape("HTTP_PROXY=$($evil.Replace('u:p@', ''))"))
        $r.Record | Should -Match ([regex]::Escape("service docker=HTTP_PROXY=$evil|"))
        $r.Record | Should -Match 'protected docker'
        $r.Record | Should -Match 'HTTPS_PROXY=http://プロキシ.example:8080/'
        $r.Record | Should -Match ([regex]::Escape('NO_PROXY=a;b,$(x)'))
        $r.Output | Should -Not -Match 'u:p@'
    }

    It 'hands an install dir with spaces, quotes and Japanese to kubectl as one literal argument' {
        $install = Join-WinJoinPath $script:Dir "it's `$(calc) ``x`` ノード"
        $r = Invoke-Hosted 'api-check' @{ installDir = $install }
        $r.Exit | Should -Be 1
        $r.Record | Should -Match ([regex]::Escape("$(Join-WinJoinPath $install 'kubectl.exe')|--kubeconfig=$(Join-WinJoinPath $install 'config')|version"))
        $r.Output | Should -Match '##winjoin \{.*"type":"error"'
    }

    It 'reports a structured error and exit 1 for a master IP carrying a command' {
        $r = Invoke-Hosted 'network-checks' @{ masterIp = "10.0.0.1; New-Item '$script:Sentinel'" }
        $r.Exit | Should -Be 1
        Test-Path -LiteralPath $script:Sentinel | Should -BeFalse
        $r.Record | Should -BeNullOrEmpty
    }
}
