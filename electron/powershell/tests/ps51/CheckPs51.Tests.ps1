# The 5.1 compatibility check (scripts/ps51/check-ps51.ps1) must fail on each
# seeded PowerShell 7-ism and pass a script written for 5.1.
BeforeAll {
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("wj-ps51-" + [guid]::NewGuid().ToString('N'))
    [void][IO.Directory]::CreateDirectory($script:Dir)
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $seeds = [ordered]@{
        'coalesce.ps1'    = '$name = $env:NODE_NAME ?? ''node1'''
        'ashashtable.ps1' = '$table = ConvertFrom-Json -InputObject ''{}'' -AsHashtable'
        'quote.ps1'       = '& C:\k\kubectl.exe get node n1 -o ''jsonpath={.status.conditions[?(@.type=="Ready")].status}'''
        'runner.ps1'      = 'Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @(''get'', ''nodes'', ''-o'', ''jsonpath={"\n"}'')'
        'nobom.ps1'       = '# ノード名を確認する' + "`n" + '$x = 1'
        'webrequest.ps1'  = 'Invoke-WebRequest -Uri http://127.0.0.1/'
        'ternary.ps1'     = '$a = $true ? 1 : 2; $b = ${x}?.Name; Get-Item . && Get-Item .'
        'good.ps1'        = '$name = if ($env:NODE_NAME) { $env:NODE_NAME } else { ''node1'' }' + "`n" +
        '$r = Invoke-WinJoinExe -FilePath $kubectl -ArgumentList @(''get'', ''node'', $name, ''-o'', ''json'')' + "`n" +
        'Invoke-WebRequest -Uri http://127.0.0.1/ -UseBasicParsing -TimeoutSec 5 | Out-Null'
    }
    foreach ($name in $seeds.Keys) { [IO.File]::WriteAllText((Join-Path $script:Dir $name), $seeds[$name], $utf8) }
    $bom = New-Object System.Text.UTF8Encoding($true)
    [IO.File]::WriteAllText((Join-Path $script:Dir 'withbom.ps1'), '# ノード名を確認する', $bom)
    $check = Join-Path $PSScriptRoot '../../../../scripts/ps51/check-ps51.ps1'
    $pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
    $files = @(Get-ChildItem -LiteralPath $script:Dir -File | ForEach-Object FullName)
    $script:Output = @(& $pwsh -NoProfile -File $check -Path ($files -join ',') 2>&1 | ForEach-Object { [string]$_ })
    $script:Exit = $LASTEXITCODE
    function Get-Finding([string] $File) { @($script:Output | Where-Object { $_.StartsWith((Join-Path $script:Dir $File) + ':') }) }
}
AfterAll { Remove-Item -LiteralPath $script:Dir -Recurse -Force }

Describe 'check-ps51' {
    It 'fails the run' { $script:Exit | Should -Be 1 }
    It 'flags ??' { Get-Finding 'coalesce.ps1' | Should -Match 'null-coalescing' }
    It 'flags -AsHashtable, which ConvertFrom-Json lacks in 5.1' { Get-Finding 'ashashtable.ps1' | Should -Match '-AsHashtable is not a parameter of ConvertFrom-Json' }
    It 'flags a double quote inside a kubectl argument' { Get-Finding 'quote.ps1' | Should -Match 'double quote' }
    It 'flags a double quote inside an Invoke-WinJoinExe argument list' { Get-Finding 'runner.ps1' | Should -Match 'double quote' }
    It 'flags non-ASCII text in a file without a BOM, and not with one' {
        Get-Finding 'nobom.ps1' | Should -Match 'without a UTF-8 BOM'
        Get-Finding 'withbom.ps1' | Should -BeNullOrEmpty
    }
    It 'flags Invoke-WebRequest without -UseBasicParsing' { Get-Finding 'webrequest.ps1' | Should -Match 'UseBasicParsing' }
    It 'flags ternary, null-conditional and pipeline chains' {
        $found = (Get-Finding 'ternary.ps1') -join "`n"
        $found | Should -Match 'ternary'
        $found | Should -Match 'null-conditional'
        $found | Should -Match 'pipeline chain'
    }
    It 'passes a script written for 5.1' { Get-Finding 'good.ps1' | Should -BeNullOrEmpty }
}
