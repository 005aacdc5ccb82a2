# WinJoin.Native: the one way WinJoin runs a native program, and the process
# environment the step host starts from. It starts the process itself rather
# than with `& exe 2>&1`, because on Windows PowerShell 5.1 that form turns the
# first stderr line into a terminating error under $ErrorActionPreference
# 'Stop' (kubectl prints NotFound there while a node registers), decodes
# output with the console code page (nssm prints UTF-16LE), and passes an
# argument containing a double quote to the program mangled. Here both streams
# are read at once (a full pipe cannot deadlock the child), each tool's output
# is decoded with the encoding it really writes, and the command line is built
# by CommandLineToArgvW's rules. .NET Framework 4.x APIs only (no
# ProcessStartInfo.ArgumentList, which is .NET Core).

Set-StrictMode -Version Latest

function ConvertTo-WinJoinArgument {
    # Quotes one argument the way CommandLineToArgvW splits it back (Start-Process and nssm take one string).
    param([AllowEmptyString()][string] $Value)
    if ($Value -ne '' -and $Value -notmatch '[\s"]') { return $Value }
    $escaped = [regex]::Replace($Value, '(\\*)"', { param($m) ($m.Groups[1].Value * 2) + '\"' })
    $escaped = [regex]::Replace($escaped, '(\\+)$', { param($m) $m.Groups[1].Value * 2 })
    return '"' + $escaped + '"'
}

function ConvertTo-WinJoinCommandLine {
    <#
    One command-line string for ProcessStartInfo.Arguments. An argument with a
    double quote is refused: callers are written never to need one (kubectl
    output is read as -o json), so the same script behaves alike wherever a
    5.1 would have mangled it.
    #>
    param([AllowEmptyCollection()][AllowNull()][string[]] $ArgumentList = @())
    $parts = foreach ($argument in @($ArgumentList)) {
        $text = [string]$argument
        if ($text.Contains('"')) {
            throw "a native-command argument contains a double quote, which Windows PowerShell 5.1 does not pass intact; write the call without one: $text"
        }
        ConvertTo-WinJoinArgument $text
    }
    return (@($parts) -join ' ')
}

function Get-WinJoinToolEncoding {
    <#
    The encoding a tool writes when its output is redirected: nssm writes
    UTF-16LE; the Windows console tools (ping, ipconfig, route, sc) and a
    child powershell.exe write the OEM code page; the Go tools (kubectl,
    docker, kubelet) write UTF-8.
    #>
    param([Parameter(Mandatory)][string] $FilePath)
    # Split on both separators: a Windows path handed to a rehearsal on Linux still names its tool.
    $name = (($FilePath -split '[\\/]')[-1] -replace '(?i)\.exe$', '').ToLowerInvariant()
    if ($name -eq 'nssm') { return New-Object System.Text.UnicodeEncoding($false, $false) }
    if (@('ping', 'ipconfig', 'route', 'sc', 'powershell', 'netsh') -contains $name) {
        try { return [System.Text.Encoding]::GetEncoding([System.Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage) }
        catch { return New-Object System.Text.UTF8Encoding($false) } # no OEM code pages off Windows (.NET Core without the provider)
    }
    return New-Object System.Text.UTF8Encoding($false)
}

function Split-WinJoinOutputLines([AllowEmptyString()][string] $Text) {
    if (-not $Text) { return , [string[]]@() }
    $lines = $Text -split "\r?\n"
    if ($lines[-1] -eq '') { $lines = $lines[0..($lines.Count - 2)] }
    return , [string[]]@($lines | ForEach-Object { $_.TrimEnd([char]0) })
}

function Invoke-WinJoinProcess {
    <#
    Runs $FilePath with $ArgumentList and waits for it. Returns
    @{ ExitCode; StdOut = [string[]]; StdErr = [string[]]; Output = stdout then stderr lines }.
    Never throws for what the program prints or its exit code, whatever the
    caller's $ErrorActionPreference; throws only when it cannot be started or
    an argument holds a double quote.
    #>
    param(
        [Parameter(Mandatory)][string] $FilePath,
        [AllowEmptyCollection()][string[]] $ArgumentList = @(),
        [System.Text.Encoding] $Encoding = $null,
        [string] $WorkingDirectory = ''
    )
    $ErrorActionPreference = 'Stop'
    if (-not $Encoding) { $Encoding = Get-WinJoinToolEncoding $FilePath }
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = $FilePath
    $info.Arguments = ConvertTo-WinJoinCommandLine $ArgumentList
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.StandardOutputEncoding = $Encoding
    $info.StandardErrorEncoding = $Encoding
    if ($WorkingDirectory) { $info.WorkingDirectory = $WorkingDirectory }
    $process = New-Object System.Diagnostics.Process
    $process.StartInfo = $info
    try { [void]$process.Start() }
    catch {
        $reason = $_.Exception
        while ($reason.InnerException) { $reason = $reason.InnerException }
        throw "The term '$FilePath' could not be started: $($reason.Message)"
    }
    try {
        # No input: a tool that asks a question gets end-of-file instead of waiting forever.
        $process.StandardInput.Close()
        # stderr is drained on the thread pool while this thread drains stdout, so
        # neither pipe fills up and blocks the child.
        $stderrTask = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $stderr = $stderrTask.GetAwaiter().GetResult()
        $process.WaitForExit()
        $code = $process.ExitCode
    }
    finally { $process.Dispose() }
    $out = Split-WinJoinOutputLines $stdout
    $err = Split-WinJoinOutputLines $stderr
    return @{ ExitCode = [int]$code; StdOut = $out; StdErr = $err; Output = [string[]](@($out) + @($err)) }
}

function Join-WinJoinProcessPath {
    <# The PATH a freshly started process gets on Windows: the machine entries, then the user's. #>
    param([AllowNull()][AllowEmptyString()][string] $MachinePath, [AllowNull()][AllowEmptyString()][string] $UserPath)
    return (@(@($MachinePath, $UserPath) | Where-Object { $_ }) -join ';')
}

function Update-WinJoinProcessPath {
    <#
    A PATH change (the Docker install adds its directory) reaches only processes
    started after it, not the engine that starts the steps; so every step
    starts from the machine and user PATH as they are now. Off Windows there is
    no machine scope (both read empty) and PATH is left alone.
    #>
    $fresh = Join-WinJoinProcessPath ([Environment]::GetEnvironmentVariable('Path', 'Machine')) ([Environment]::GetEnvironmentVariable('Path', 'User'))
    if ($fresh) { $env:Path = $fresh }
}

function Remove-WinJoinPwshModulePath {
    <#
    Started from a PowerShell 7 console, Windows PowerShell 5.1 inherits
    PSModulePath entries of PowerShell 7 (...\PowerShell\Modules,
    ...\PowerShell\7\Modules) and can then load 7-only module versions.
    Returns the list without them; WindowsPowerShell entries stay.
    #>
    param([AllowNull()][AllowEmptyString()][string] $ModulePath)
    if (-not $ModulePath) { return $ModulePath }
    return (@($ModulePath.Split(';') | Where-Object { $_ -and $_ -notmatch '(?i)[\\/]PowerShell([\\/]\d+)?[\\/]Modules[\\/]?$' }) -join ';')
}

Export-ModuleMember -Function ConvertTo-WinJoinArgument, ConvertTo-WinJoinCommandLine, Get-WinJoinToolEncoding, Invoke-WinJoinProcess,
    Join-WinJoinProcessPath, Update-WinJoinProcessPath, Remove-WinJoinPwshModulePath
