# The native-command runner against real processes (pwsh itself as the child):
# what Windows PowerShell 5.1's `& exe 2>&1` gets wrong must come out right here.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../WinJoin.Native.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../WinJoin.Host.psm1') -Force
    $script:Pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
    function Invoke-Child([string] $Command, [string[]] $Extra = @(), [System.Text.Encoding] $Encoding = $null) {
        $arguments = @('-NoProfile', '-NonInteractive', '-Command', $Command) + $Extra
        if ($Encoding) { return Invoke-WinJoinProcess -FilePath $script:Pwsh -ArgumentList $arguments -Encoding $Encoding }
        return Invoke-WinJoinProcess -FilePath $script:Pwsh -ArgumentList $arguments
    }
}

Describe 'Invoke-WinJoinProcess' {
    It 'returns stderr apart from stdout and never throws for it, even under ErrorActionPreference Stop (defect 1)' {
        $ErrorActionPreference = 'Stop'
        $result = Invoke-WinJoinExe -FilePath $script:Pwsh -ArgumentList @('-NoProfile', '-Command',
            '[Console]::Error.WriteLine(''Error from server (NotFound): nodes not found''); [Console]::Out.WriteLine(''partial''); exit 1')
        $result.ExitCode | Should -Be 1
        $result.StdOut | Should -Be @('partial')
        $result.StdErr | Should -Be @('Error from server (NotFound): nodes not found')
    }
    It 'drains both pipes at once, so a child filling stderr while writing stdout does not hang' {
        $result = Invoke-Child '$e = [Console]::Error; $o = [Console]::Out; for ($i = 0; $i -lt 5000; $i++) { $e.WriteLine(''e'' * 40); $o.WriteLine(''o'') }'
        $result.ExitCode | Should -Be 0
        $result.StdOut.Count | Should -Be 5000
        $result.StdErr.Count | Should -Be 5000
    }
    It 'decodes nssm output as UTF-16LE (defect 5)' {
        $command = '$b = [Text.Encoding]::Unicode.GetBytes(''C:\k\start-kubelet.ps1'' + [char]13 + [char]10); $s = [Console]::OpenStandardOutput(); $s.Write($b, 0, $b.Length); $s.Flush()'
        $result = Invoke-Child $command -Encoding (Get-WinJoinToolEncoding 'C:\k\nssm.exe')
        $result.StdOut | Should -Be @('C:\k\start-kubelet.ps1')
    }
    It 'passes spaces, trailing backslashes, braces and non-ASCII through intact (defect 2)' {
        $values = @('C:\Program Files\k\', 'jsonpath={.spec.podCIDR}', 'ノード 1', '', 'a\\b')
        $echo = Join-Path ([IO.Path]::GetTempPath()) "wj-echo-$([guid]::NewGuid().ToString('N')).ps1"
        [IO.File]::WriteAllText($echo, '$args | ForEach-Object { ''<'' + $_ + ''>'' }')
        $result = Invoke-WinJoinProcess -FilePath $script:Pwsh -ArgumentList (@('-NoProfile', '-File', $echo) + $values)
        Remove-Item -LiteralPath $echo
        $result.StdOut | Should -Be @($values | ForEach-Object { "<$_>" })
    }
    It 'refuses an argument with a double quote instead of letting 5.1 mangle it (defect 2)' {
        { Invoke-WinJoinProcess -FilePath $script:Pwsh -ArgumentList @('jsonpath={.status.conditions[?(@.type=="Ready")].status}') } |
            Should -Throw '*double quote*'
    }
    It 'throws only when the program cannot be started' {
        { Invoke-WinJoinProcess -FilePath '/nonexistent/kubectl.exe' } | Should -Throw '*could not be started*'
    }
}

Describe 'the step host environment' {
    It 'builds PATH from the machine entries, then the user entries (defect 3)' {
        Join-WinJoinProcessPath 'C:\Windows;C:\Program Files\docker' 'C:\Users\a\bin' | Should -Be 'C:\Windows;C:\Program Files\docker;C:\Users\a\bin'
        Join-WinJoinProcessPath 'C:\Windows' $null | Should -Be 'C:\Windows'
    }
    It 'drops PowerShell 7 module paths a 5.1 child inherited from a pwsh console' {
        $inherited = 'C:\Users\a\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules;c:\program files\powershell\7\Modules;C:\Program Files\WindowsPowerShell\Modules;C:\Windows\system32\WindowsPowerShell\v1.0\Modules'
        Remove-WinJoinPwshModulePath $inherited | Should -Be 'C:\Program Files\WindowsPowerShell\Modules;C:\Windows\system32\WindowsPowerShell\v1.0\Modules'
    }
}
