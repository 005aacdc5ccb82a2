# WinJoin.Host primitives whose Windows-only inner call can be mocked: what
# they hand to the registry must keep what Windows keeps.
BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../WinJoin.Host.psm1') -Force }

Describe 'Set-WinJoinMachineEnv' {
    BeforeEach {
        $global:Written = @{}
        Mock Write-WinJoinMachineEnvValue -ModuleName WinJoin.Host { $global:Written[$Name] = @{ Value = $Value; Kind = $Kind } }
    }
    It 'writes the machine Path back as REG_EXPAND_SZ with its %SystemRoot% references unexpanded (defect 9)' {
        $path = '%SystemRoot%\system32;%SystemRoot%;%SystemRoot%\System32\Wbem;C:\k'
        Set-WinJoinMachineEnv -Name 'Path' -Value $path
        $global:Written['Path'].Value | Should -BeExactly $path
        $global:Written['Path'].Kind | Should -Be 'ExpandString'
    }
    It 'writes a plain value as REG_SZ and removes an empty one' {
        Set-WinJoinMachineEnv -Name 'KUBECONFIG' -Value 'C:\k\config'
        $global:Written['KUBECONFIG'].Kind | Should -Be 'String'
        Set-WinJoinMachineEnv -Name 'HTTP_PROXY' -Value ''
        $global:Written['HTTP_PROXY'].Value | Should -BeNullOrEmpty
    }
}

Describe 'Get-WinJoinPowerShellPath' {
    It 'names Windows PowerShell by full path under SystemRoot' {
        $saved = $env:SystemRoot
        try { $env:SystemRoot = 'D:\Windows'; Get-WinJoinPowerShellPath | Should -Be 'D:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe' }
        finally { $env:SystemRoot = $saved }
    }
}
