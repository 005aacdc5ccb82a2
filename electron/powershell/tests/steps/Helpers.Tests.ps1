BeforeAll { . (Join-Path $PSScriptRoot 'StepTestHelpers.ps1') }

Describe 'WinJoin.Steps helpers' {
    It 'matches CIDRs' {
        Test-WinJoinCidrContains '192.168.0.0/16' '192.168.3.0/24' | Should -BeTrue
        Test-WinJoinCidrContains '192.168.0.0/16' '10.0.0.1' | Should -BeFalse
        Test-WinJoinCidrContains '10.0.0.0/8' '10.0.0.0/7' | Should -BeFalse
    }
    It 'validates node names like Kubernetes (RFC 1123)' {
        Test-WinJoinNodeName 'win-node1.corp' | Should -BeTrue
        foreach ($bad in 'WIN', 'a_b', '-a', 'ノード', "a`nb") { Test-WinJoinNodeName $bad | Should -BeFalse }
    }
    It 'masks credentials in any URL, keeping the user name' {
        Hide-WinJoinSecret 'HTTPS_PROXY=https://u:p@h:1/ and http://x@y' | Should -Be 'HTTPS_PROXY=https://u:***@h:1/ and http://***@y'
    }
    It 'masks a password that holds quotes, dollar signs and parentheses' {
        Hide-WinJoinSecret 'HTTP_PROXY set to http://ops:pa''ss$(whoami)@proxy.corp:3128/' |
            Should -Be 'HTTP_PROXY set to http://ops:***@proxy.corp:3128/'
    }
    It 'masks bootstrap tokens: the given one whole or its secret alone, and any other of that shape, keeping the public id' {
        Hide-WinJoinToken -Text 'token abcdef.0123456789abcdef, secret 0123456789abcdef' -Token 'abcdef.0123456789abcdef' | Should -Be 'token abcdef.***, secret ***'
        Hide-WinJoinToken -Text 'other 123456.abcdefabcdefabcd here' | Should -Be 'other 123456.*** here'
        Hide-WinJoinToken -Text 'token id "abcdef" is invalid' -Token 'abcdef.0123456789abcdef' | Should -Be 'token id "abcdef" is invalid'
    }
    It 'reads a property JSON may leave out as $null under StrictMode, and a present one as it is' {
        Set-StrictMode -Version Latest
        $pod = ConvertFrom-Json '{"status":{"containerStatuses":[],"phase":"Running"}}'
        Get-WinJoinOptionalProperty $pod.status 'phase' | Should -Be 'Running'
        Get-WinJoinOptionalProperty $pod.status 'initContainerStatuses' | Should -BeNullOrEmpty
        Get-WinJoinOptionalProperty $null 'status' | Should -BeNullOrEmpty
        @(Get-WinJoinOptionalProperty $pod.status 'containerStatuses').Count | Should -Be 0
    }
    It 'edits ;-lists once, case- and slash-insensitively' {
        Add-WinJoinPathEntry 'C:\a;C:\K\' 'c:\k' | Should -Be 'C:\a;C:\K\'
        Add-WinJoinPathEntry '' 'C:\k' | Should -Be 'C:\k'
        Remove-WinJoinPathEntry 'C:\a;C:\k;C:\b' 'C:\K\' | Should -Be 'C:\a;C:\b'
    }
    It 'quotes arguments the way Windows splits them back' {
        ConvertTo-WinJoinArgument 'C:\Program Files\k\' | Should -Be '"C:\Program Files\k\\"'
        ConvertTo-WinJoinArgument 'say "hi"' | Should -Be '"say \"hi\""'
        ConvertTo-WinJoinArgument 'plain' | Should -Be 'plain'
    }
    It 'refuses zip entries that escape the destination' {
        $dir = New-WinJoinTestDir
        $zip = Join-WinJoinPath $dir 'evil.zip'
        New-WinJoinZip -Path $zip -Entries @{ 'SDN-x/Kubernetes/windows/../../evil.ps1' = 'x' }
        { Read-WinJoinZipFolder -ZipPath $zip -Folder 'Kubernetes/windows' } | Should -Throw '*unsafe*'
    }
    It 'reads long names from a GNU tar' {
        $dir = New-WinJoinTestDir
        $long = ('d' * 120) + '/kubelet.exe'
        New-Item -ItemType Directory -Path (Join-WinJoinPath $dir ('d' * 120)) | Out-Null
        Set-Content -LiteralPath (Join-WinJoinPath $dir $long) -Value 'bin' -NoNewline
        $tgz = Join-WinJoinPath $dir 'a.tar.gz'
        & tar --format=gnu -czf $tgz -C $dir ('d' * 120)
        $entries = Read-WinJoinTarGzEntries -Path $tgz -Names @($long)
        [Text.Encoding]::UTF8.GetString($entries[$long]) | Should -Be 'bin'
    }
}
