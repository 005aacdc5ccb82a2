# WinJoin.SecureDirectory: the directories WinJoin owns (the install
# directory, where services running as SYSTEM start binaries and CNI plugins,
# and the state directory, which holds answers, uploads and the saved plan)
# are Administrators' and SYSTEM's alone. A missing one is created and made
# admin-only before anything is written into it; an existing one is used only
# when it is not a junction or other reparse point, is owned by
# Administrators or SYSTEM, and its ACL holds no entry for anyone else.
# Anything else is refused with the fix, never repaired in place: a folder a
# user could write to may already hold what that user planted.
#
# Windows pieces are called by name (Get-Item, Get-Acl, icacls.exe through
# Invoke-WinJoinExe) so Pester mocks them and the rehearsal's simulated host
# answers them. Windows PowerShell 5.1 syntax only.

Set-StrictMode -Version Latest

# SDDL aliases and SIDs that may appear in the owner and the ACL.
$script:AdminSids = @('BA', 'SY', 'S-1-5-32-544', 'S-1-5-18')

# The exact ACL WinJoin sets: no inheritance from the parent, full control for
# Administrators and SYSTEM on the folder, its subfolders and files, owner
# Administrators. Well-known SIDs, so a localized Windows gets the same rules.
$script:AdminOnlyIcaclsArguments = @(
    '/inheritance:r',
    '/grant:r', '*S-1-5-32-544:(OI)(CI)F',
    '/grant:r', '*S-1-5-18:(OI)(CI)F'
)

function Get-WinJoinAdminOnlyIcaclsArguments {
    param([Parameter(Mandatory)][string] $Path)
    return [string[]](@($Path) + $script:AdminOnlyIcaclsArguments)
}

function ConvertFrom-WinJoinSddl {
    <# The owner, the protection flag and the access entries of an SDDL string (what Get-Acl's .Sddl gives). #>
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Sddl)
    $owner = $null
    if ($Sddl -match 'O:(S-[0-9-]+|[A-Z]{2})') { $owner = $Matches[1] }
    $protected = $false
    $aces = @()
    if ($Sddl -match 'D:([A-Z]*)((\([^)]*\))*)') {
        $protected = $Matches[1].Contains('P')
        foreach ($ace in [regex]::Matches($Matches[2], '\(([^)]*)\)')) {
            $parts = $ace.Groups[1].Value.Split(';')
            if ($parts.Count -lt 6) { continue }
            $aces += @{ Type = $parts[0]; Flags = $parts[1]; Rights = $parts[2]; Sid = $parts[5]; Inherited = $parts[1].Contains('ID') }
        }
    }
    return @{ Owner = $owner; Protected = $protected; Aces = $aces }
}

function Get-WinJoinOwnedDirectoryProblem {
    <#
    Why an existing directory is not WinJoin's to use, or $null when it is.
    Returns @{ Reason = 'not-a-directory'|'reparse-point'|'foreign-owner'|'foreign-ace'|'inherits'; Detail = ... }.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $item = Get-Item -LiteralPath $Path -Force
    if (-not $item.PSIsContainer) { return @{ Reason = 'not-a-directory'; Detail = '' } }
    # A junction or symbolic link: writing "into" it writes wherever its creator pointed it.
    if ([int]$item.Attributes -band [int][System.IO.FileAttributes]::ReparsePoint) { return @{ Reason = 'reparse-point'; Detail = '' } }
    $security = ConvertFrom-WinJoinSddl ([string](Get-Acl -LiteralPath $Path).Sddl)
    if ($script:AdminSids -notcontains $security.Owner) { return @{ Reason = 'foreign-owner'; Detail = [string]$security.Owner } }
    $foreign = @($security.Aces | Where-Object { $script:AdminSids -notcontains $_.Sid } | ForEach-Object { $_.Sid })
    if ($foreign.Count -gt 0) { return @{ Reason = 'foreign-ace'; Detail = (($foreign | Select-Object -Unique) -join ', ') } }
    if (-not $security.Protected) { return @{ Reason = 'inherits'; Detail = '' } }
    return $null
}

function Format-WinJoinOwnedDirectoryRefusal {
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][hashtable] $Problem)
    $fixAcl = "icacls `"$Path`" $($script:AdminOnlyIcaclsArguments -join ' ')"
    switch ($Problem.Reason) {
        'not-a-directory' { return "$Path exists and is not a folder. Move it away, then run WinJoin again." }
        'reparse-point' { return "$Path is a junction or symbolic link, so what WinJoin writes there would land elsewhere. Remove the link (rmdir `"$Path`"; the target stays), then run WinJoin again." }
        'foreign-owner' { return "$Path is owned by $($Problem.Detail), not by Administrators or SYSTEM, so that account can change its permissions. Check its content, then delete the folder (or take it over: takeown /A /R /F `"$Path`" and $fixAcl) and run WinJoin again." }
        'foreign-ace' { return "$Path grants access to $($Problem.Detail); services running as SYSTEM would run what they placed there. Check its content, then delete the folder (or restrict it: $fixAcl) and run WinJoin again." }
        default { return "$Path inherits permissions from its parent folder, which may let other users write there. Check its content, then delete the folder (or restrict it: $fixAcl) and run WinJoin again." }
    }
}

function Set-WinJoinAdminOnlyDirectoryAcl {
    <# Applies the exact admin-only ACL and makes Administrators the owner; a failure throws (never ignored). #>
    param([Parameter(Mandatory)][string] $Path)
    # By full path: a PATH entry (or the current folder) someone else controls must not supply icacls.
    $windows = $env:SystemRoot
    if (-not $windows) { $windows = 'C:\Windows' }
    $icacls = "$windows\System32\icacls.exe"
    $result = Invoke-WinJoinExe -FilePath $icacls -ArgumentList (Get-WinJoinAdminOnlyIcaclsArguments -Path $Path)
    if ($result.ExitCode -ne 0) { throw "icacls could not restrict ${Path} (exit $($result.ExitCode)): $($result.Output -join ' ')" }
    $result = Invoke-WinJoinExe -FilePath $icacls -ArgumentList @($Path, '/setowner', '*S-1-5-32-544')
    if ($result.ExitCode -ne 0) { throw "icacls could not make Administrators the owner of ${Path} (exit $($result.ExitCode)): $($result.Output -join ' ')" }
}

function Initialize-WinJoinOwnedDirectory {
    <#
    Makes sure $Path is a directory only Administrators and SYSTEM control,
    creating it admin-only when missing; throws with the fix otherwise. Returns
    $true when it created the directory.
    #>
    param([Parameter(Mandatory)][string] $Path)
    # Steps run side by side; one creates the folder while another checks it. Without this lock the
    # second would see the folder before its ACL is set and refuse it as open to users.
    $lock = New-Object System.Threading.Mutex($false, 'Global\WinJoinOwnedDirectory')
    $held = $false
    try {
        try { $held = $lock.WaitOne(120000) } catch [System.Threading.AbandonedMutexException] { $held = $true }
        if (-not $held) { throw "Another process held WinJoin's directory lock for two minutes; close other WinJoin windows and run WinJoin again." }
        return (Initialize-WinJoinOwnedDirectoryLocked -Path $Path)
    }
    finally {
        if ($held) { $lock.ReleaseMutex() }
        $lock.Dispose()
    }
}

function Initialize-WinJoinOwnedDirectoryLocked {
    param([Parameter(Mandatory)][string] $Path)
    if (Test-Path -LiteralPath $Path) {
        $problem = Get-WinJoinOwnedDirectoryProblem -Path $Path
        if ($problem) { throw (Format-WinJoinOwnedDirectoryRefusal -Path $Path -Problem $problem) }
        return $false
    }
    $parent = Split-Path -Parent $Path
    if ($parent -and -not (Test-Path -LiteralPath $parent)) { [void](New-Item -ItemType Directory -Path $parent -Force) }
    [void](New-Item -ItemType Directory -Path $Path)
    Set-WinJoinAdminOnlyDirectoryAcl -Path $Path
    # Between creating and restricting, the parent's inherited ACL applied: whatever appeared in that moment is not ours.
    $problem = Get-WinJoinOwnedDirectoryProblem -Path $Path
    if ($problem) { throw (Format-WinJoinOwnedDirectoryRefusal -Path $Path -Problem $problem) }
    if (@(Get-ChildItem -LiteralPath $Path -Force).Count -gt 0) {
        throw "$Path received files from someone else while WinJoin was creating it. Check them, delete the folder, then run WinJoin again."
    }
    return $true
}

Export-ModuleMember -Function ConvertFrom-WinJoinSddl, Get-WinJoinOwnedDirectoryProblem, Format-WinJoinOwnedDirectoryRefusal,
    Set-WinJoinAdminOnlyDirectoryAcl, Initialize-WinJoinOwnedDirectory, Get-WinJoinAdminOnlyIcaclsArguments
