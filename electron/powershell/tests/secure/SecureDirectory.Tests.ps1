# The directories WinJoin owns, against squatters: a folder a user created
# first (foreign owner), one that grants a user access (foreign ACE), a
# junction, an inherited ACL, and the race while WinJoin creates it. Get-Item,
# Get-Acl and icacls (through Invoke-WinJoinExe) are mocked: this runs on Linux.

BeforeAll {
    $psRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $psRoot 'WinJoin.Host.psm1') -Force -Global
    Import-Module (Join-Path $psRoot 'WinJoin.SecureDirectory.psm1') -Force -Global
    # Get-Acl is Windows-only; a stand-in so Pester can mock it.
    if (-not (Get-Command Get-Acl -ErrorAction SilentlyContinue)) { function global:Get-Acl { param($LiteralPath) } }

    $script:Ours = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
    $script:ExactAcl = @('/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', '*S-1-5-18:(OI)(CI)F')

    function script:Use-Acl([string] $Sddl) {
        $script:CurrentSddl = $Sddl
        Mock Get-Acl -ModuleName WinJoin.SecureDirectory { [pscustomobject]@{ Sddl = $script:CurrentSddl } }
    }
}

Describe 'Initialize-WinJoinOwnedDirectory' {
    BeforeEach {
        $script:Root = Join-Path ([IO.Path]::GetTempPath()) ("wj-secure-" + [guid]::NewGuid().ToString('N'))
        [void][IO.Directory]::CreateDirectory($script:Root)
        $script:Dir = Join-Path $script:Root 'k'
        $script:Icacls = [System.Collections.ArrayList]::new()
        Mock Invoke-WinJoinExe -ModuleName WinJoin.SecureDirectory {
            [void]$script:Icacls.Add(@{ File = $FilePath; Args = [string[]]$ArgumentList })
            $script:CurrentSddl = $script:Ours
            @{ ExitCode = 0; Output = @('processed file') }
        }
    }
    AfterEach { Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue }

    It 'creates a missing directory and sets exactly Administrators and SYSTEM, no inheritance, owner Administrators' {
        Use-Acl 'O:S-1-5-21-9-9-9-500G:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)'
        Initialize-WinJoinOwnedDirectory -Path $script:Dir | Should -BeTrue
        [IO.Directory]::Exists($script:Dir) | Should -BeTrue
        $script:Icacls.Count | Should -Be 2
        $script:Icacls[0].File | Should -BeLike '*icacls.exe'
        $script:Icacls[0].Args | Should -Be (@($script:Dir) + $script:ExactAcl)
        $script:Icacls[1].Args | Should -Be @($script:Dir, '/setowner', '*S-1-5-32-544')
    }

    It 'accepts its own directory as it is, without touching it' {
        [void][IO.Directory]::CreateDirectory($script:Dir)
        Use-Acl $script:Ours
        Initialize-WinJoinOwnedDirectory -Path $script:Dir | Should -BeFalse
        $script:Icacls.Count | Should -Be 0
    }

    It 'refuses a directory a user created first (foreign owner), naming the owner and the fix' {
        [void][IO.Directory]::CreateDirectory($script:Dir)
        Use-Acl 'O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw "*owned by S-1-5-21-1-2-3-1001*takeown*"
        $script:Icacls.Count | Should -Be 0
    }

    It 'refuses a directory whose ACL grants a user access (foreign ACE), even when Administrators own it' {
        [void][IO.Directory]::CreateDirectory($script:Dir)
        Use-Acl 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;S-1-5-21-1-2-3-1001)'
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*grants access to S-1-5-21-1-2-3-1001*icacls*'
        Use-Acl 'O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;AU)'
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*grants access to BU, AU*'
        $script:Icacls.Count | Should -Be 0
    }

    It 'refuses a directory that inherits from its parent even with only admin entries' {
        [void][IO.Directory]::CreateDirectory($script:Dir)
        Use-Acl 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)'
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*inherits permissions*'
    }

    It 'refuses a junction, whatever its ACL says' {
        [void][IO.Directory]::CreateDirectory($script:Dir)
        Use-Acl $script:Ours
        Mock Get-Item -ModuleName WinJoin.SecureDirectory {
            [pscustomobject]@{ PSIsContainer = $true; Attributes = [IO.FileAttributes]'Directory, ReparsePoint' }
        }
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*junction*rmdir*'
        $script:Icacls.Count | Should -Be 0
    }

    It 'fails when icacls fails instead of going on with an open directory' {
        Mock Invoke-WinJoinExe -ModuleName WinJoin.SecureDirectory { @{ ExitCode = 5; Output = @('Access is denied.') } }
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*icacls could not restrict*Access is denied*'
    }

    It 'refuses what slipped in between creating the directory and restricting it' {
        Use-Acl $script:Ours
        Mock Invoke-WinJoinExe -ModuleName WinJoin.SecureDirectory {
            # A user's file, planted while the parent's inherited ACL still applied.
            if ($ArgumentList[1] -eq '/inheritance:r') { [IO.File]::WriteAllText((Join-Path $ArgumentList[0] 'powershell.exe'), 'planted') }
            $script:CurrentSddl = $script:Ours
            @{ ExitCode = 0; Output = @() }
        }
        { Initialize-WinJoinOwnedDirectory -Path $script:Dir } | Should -Throw '*received files from someone else*'
    }
}

Describe 'ConvertFrom-WinJoinSddl' {
    It 'reads owner, protection and entries' {
        $s = ConvertFrom-WinJoinSddl 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(D;;FA;;;WD)(A;OICIID;FA;;;BA)'
        $s.Owner | Should -Be 'BA'
        $s.Protected | Should -BeTrue
        @($s.Aces | ForEach-Object { "$($_.Type):$($_.Sid):$($_.Inherited)" }) | Should -Be @('A:SY:False', 'D:WD:False', 'A:BA:True')
    }
}

Describe 'a step writing into a squatted install directory' {
    BeforeAll { . (Join-Path $PSScriptRoot '../steps/StepTestHelpers.ps1') }
    BeforeEach {
        . $WJCaptureMocks
        $script:Install = New-WinJoinTestDir
        $script:State = New-WinJoinTestDir
        Mock Test-WinJoinAdminOnlyAcl { $true }
        # The first docker-sdn step that writes into the install directory: the node's waiting keys under pki\.
        $script:Params = @{ InstallDir = $script:Install; StateDir = $script:State; NodeName = 'win-1' }
        $script:Written = Join-Path (Join-Path $script:Install 'pki') 'kubelet-pending.key'
    }

    It 'refuses before writing anything when a user owns the install directory' {
        Mock Get-Acl -ModuleName WinJoin.SecureDirectory { [pscustomobject]@{ Sddl = 'O:S-1-5-21-1-2-3-1001G:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;S-1-5-21-1-2-3-1001)' } }
        { Invoke-WinJoinTestStep 'kubeconfig-keys' $script:Params } | Should -Throw '*owned by S-1-5-21-1-2-3-1001*'
        Test-Path -LiteralPath (Join-Path $script:Install 'pki') | Should -BeFalse
    }

    It 'writes into an install directory WinJoin made admin-only' {
        Mock Get-Acl -ModuleName WinJoin.SecureDirectory { [pscustomobject]@{ Sddl = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)' } }
        Invoke-WinJoinTestStep 'kubeconfig-keys' $script:Params | Out-Null
        Test-Path -LiteralPath $script:Written | Should -BeTrue
    }
}
