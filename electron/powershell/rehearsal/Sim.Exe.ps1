# Invoke-WinJoinExe, the steps' only way to start an executable: Windows
# tools are answered in-process by name; files on the simulated machine
# (kubectl.exe, kubelet.exe, ...) really run through the product's own
# runner, so they need the execute bit the product sets when it places them
# (see docs/rehearsal.md) and answer with the real tools' manners (kubectl
# errors on stderr, a strict jsonpath parser).

function ConvertTo-SimExeResult([hashtable] $Result) {
    <# An in-process answer in the runner's shape: like the real tools, a failure's text is on stderr. #>
    $lines = [string[]]@($Result.Output | ForEach-Object { [string]$_ })
    if ($Result.ExitCode -eq 0) { return @{ ExitCode = 0; StdOut = $lines; StdErr = [string[]]@(); Output = $lines } }
    return @{ ExitCode = [int]$Result.ExitCode; StdOut = [string[]]@(); StdErr = $lines; Output = $lines }
}

function ConvertTo-SimUtf16Answer([hashtable] $Result, [Text.Encoding] $Decoder) {
    <# nssm's console text as the bytes it writes (UTF-16LE, CRLF), read back with the runner's decoder. #>
    $bytes = [Text.Encoding]::Unicode.GetBytes(-join @(@($Result.Output) | ForEach-Object { "$_`r`n" }))
    $text = $Decoder.GetString($bytes)
    $lines = [string[]]@($text -split "`r?`n" | Where-Object { $_ -ne '' })
    return @{ ExitCode = [int]$Result.ExitCode; Output = $lines }
}

function Invoke-WinJoinExe {
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    $result = Invoke-SimExe $FilePath $ArgumentList
    if ($result.ContainsKey('StdOut')) { return $result }
    return ConvertTo-SimExeResult $result
}

# What C:\Windows\System32 holds: on every PATH, found by bare name in any process.
$script:SimSystemTools = @('powershell', 'ping', 'ipconfig', 'route', 'sc', 'icacls', 'netsh', 'hostname')

# The PATH this process runs with, fixed when it starts: Windows hands a process its environment
# once, so what a step installs and adds to the machine PATH is not found by bare name until the
# next process (the step host takes the machine PATH as it is at its start, Update-WinJoinProcessPath).
$script:SimProcessPath = $null
function Get-SimProcessPath {
    if ($null -eq $script:SimProcessPath) {
        $machine = Get-SimMachine
        $key = Find-SimKey $machine.machineEnv 'Path'
        $script:SimProcessPath = if ($null -ne $key) { [string]$machine.machineEnv[$key] } else { '' }
    }
    return $script:SimProcessPath
}

function Assert-SimOnProcessPath([string] $FilePath, [string] $Name) {
    <# A bare name runs only if an entry of this process's PATH holds <name>.exe on the simulated machine, as on Windows. #>
    if ($FilePath -match '[\\/]' -or $script:SimSystemTools -contains $Name) { return }
    foreach ($entry in (Get-SimProcessPath) -split ';') {
        if ($entry -match '^[A-Za-z]:[\\/]' -and [IO.File]::Exists((Join-Path (ConvertTo-SimLocalPath $entry.TrimEnd('\', '/')) "$Name.exe"))) { return }
    }
    throw "The term '$FilePath' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
}

function Invoke-SimExe([string] $FilePath, [string[]] $ArgumentList) {
    # Both separators: the steps hand Windows paths (C:\Windows\...\powershell.exe) to a host on Linux.
    $name = ((Split-Path -Leaf ($FilePath -replace '\\', '/')) -replace '(?i)\.exe$', '').ToLowerInvariant()
    Assert-SimOnProcessPath $FilePath $name
    $global:LASTEXITCODE = 0
    switch ($name) {
        'docker' {
            if ($FilePath -match '[\\/]' -and -not [IO.File]::Exists($FilePath)) { throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program." }
            return Invoke-SimDocker -ArgumentList $ArgumentList
        }
        'nssm' {
            if (-not [IO.File]::Exists($FilePath)) { throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program." }
            # WINJOIN_REHEARSAL_REAL_NSSM=1: the nssm.exe file placed on the machine runs as a real
            # process and writes UTF-16LE, read by the product's runner. Otherwise answered in-process
            # (a pwsh per nssm call, about ten per service, costs minutes on a busy 2-core machine),
            # but still as UTF-16LE bytes decoded with the encoding the runner picks for nssm, so a
            # runner that read nssm as UTF-8 garbles here as it would on Windows.
            if ($env:WINJOIN_REHEARSAL_REAL_NSSM -eq '1') { return Invoke-WinJoinProcess -FilePath $FilePath -ArgumentList $ArgumentList }
            return ConvertTo-SimUtf16Answer (Invoke-SimNssm -ArgumentList $ArgumentList) (Get-WinJoinToolEncoding $FilePath)
        }
        { $_ -in 'containerd', 'ctr', 'crictl' } {
            # Answered in-process like docker (a pwsh per ctr poll would cost seconds), by the release the file on the machine belongs to.
            if (-not [IO.File]::Exists($FilePath)) { throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program." }
            return Invoke-SimContainerdTool -Tool $name -Version (Get-SimContainerdToolVersion $FilePath) -Path $FilePath -ArgumentList $ArgumentList
        }
        'powershell' { return Invoke-SimPowerShellExe $ArgumentList }
        'ping' { return Invoke-SimPing $ArgumentList }
        'ipconfig' { return @{ ExitCode = 0; Output = @(Get-SimIpconfig) } }
        'route' { return @{ ExitCode = 0; Output = @(Get-SimRoutePrint) } }
        'sc' { return Invoke-SimSc $ArgumentList }
        'icacls' { return Invoke-SimIcacls $ArgumentList }
    }
    if (-not [IO.Path]::IsPathRooted($FilePath) -or -not $FilePath.StartsWith((Get-SimMachineRoot))) {
        throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program. (rehearsal: only files on the simulated machine run)"
    }
    if (-not [IO.File]::Exists($FilePath)) { throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program." }
    # A real process through the product's own runner: streams apart, quoting refused as on 5.1.
    return Invoke-WinJoinProcess -FilePath $FilePath -ArgumentList $ArgumentList
}

function Invoke-SimIcacls([string[]] $Arguments) {
    # Simulated icacls: the admin-only ACL WinJoin.SecureDirectory sets, and /setowner; anything else is refused like a bad argument.
    $path = $Arguments[0]
    if (-not [IO.Directory]::Exists($path) -and -not [IO.File]::Exists($path)) { return @{ ExitCode = 2; Output = @("${path}: The system cannot find the file specified.") } }
    $rest = @($Arguments | Select-Object -Skip 1) -join ' '
    if ($rest -eq '/inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F /grant:r *S-1-5-18:(OI)(CI)F') {
        Use-SimMachine { param($m) $m.acls[$path] = 'Administrators,SYSTEM' } | Out-Null
    } elseif ($rest -ne '/setowner *S-1-5-32-544') {
        return @{ ExitCode = 87; Output = @("Invalid parameter `"$rest`"") }
    }
    return @{ ExitCode = 0; Output = @("processed file: $path", 'Successfully processed 1 files; Failed processing 0 files') }
}

function Invoke-SimPowerShellExe([string[]] $Arguments) {
    # A child powershell.exe (AddRoutes.ps1) runs as a real pwsh process and is waited for, like the real call.
    return Invoke-WinJoinProcess -FilePath (Get-SimPwsh) -ArgumentList @($Arguments | Where-Object { $_ -ne '-NoExit' })
}

function Invoke-SimPing([string[]] $Arguments) {
    $target = @($Arguments | Where-Object { $_ -notmatch '^[-/]' -and $_ -notmatch '^\d+$' }) | Select-Object -Last 1
    if (-not $target) { $target = $Arguments[-1] }
    if (Test-SimAddressAnswers $target) {
        return @{ ExitCode = 0; Output = @("Pinging $target with 32 bytes of data:", "Reply from ${target}: bytes=32 time<1ms TTL=64", "Reply from ${target}: bytes=32 time<1ms TTL=64") }
    }
    return @{ ExitCode = 1; Output = @("Pinging $target with 32 bytes of data:", 'Request timed out.', 'Request timed out.') }
}

function Get-SimIpconfig {
    'Windows IP Configuration'
    ''
    "   Host Name . . . . . . . . . . . . : $((Get-SimMachine).hostName)"
    foreach ($adapter in (Get-SimMachine).adapters) {
        ''
        "Ethernet adapter $($adapter.name):"
        "   Description . . . . . . . . . . . : $($adapter.interfaceDescription)"
        "   Physical Address. . . . . . . . . : $($adapter.macAddress)"
        if ($adapter.ipv4) { "   IPv4 Address. . . . . . . . . . . : $($adapter.ipv4)(Preferred)" }
    }
}

function Get-SimRoutePrint {
    'IPv4 Route Table'
    '==========================================================================='
    'Network Destination        Netmask          Gateway       Interface'
    foreach ($route in (Get-SimMachine).routes) { '{0,-26} {1,-16} {2}' -f $route.destinationPrefix, $route.nextHop, $route.interfaceAlias }
}

function Invoke-SimSc([string[]] $Arguments) {
    if ($Arguments[0] -eq 'delete' -and $Arguments.Count -ge 2) {
        Use-SimMachine { param($m) $key = Find-SimKey $m.services $Arguments[1]; if ($null -ne $key) { $m.services.Remove($key) } } | Out-Null
        return @{ ExitCode = 0; Output = @('[SC] DeleteService SUCCESS') }
    }
    return @{ ExitCode = 1; Output = @("[SC] rehearsal: sc $($Arguments -join ' ') is not simulated") }
}

function Invoke-SimNssm {
    <# nssm 2.24: install/set/get/remove/start/stop of a service wrapping an application. #>
    param([string[]] $ArgumentList = @())
    $verb, $service, $rest = $ArgumentList
    $rest = @($rest)
    switch ($verb) {
        'install' {
            return Use-SimMachine {
                param($m)
                if ($null -ne (Find-SimKey $m.services $service)) { return @{ ExitCode = 5; Output = @("Error creating service `"$service`"!", 'CreateService(): The specified service already exists.') } }
                $m.services[$service] = @{ name = $service; displayName = $service; status = 'Stopped'; startType = 'Automatic'; kind = 'nssm'; application = $rest[0]; parameters = @{}; pid = 0 }
                return @{ ExitCode = 0; Output = @("Service `"$service`" installed successfully!") }
            }
        }
        'set' {
            return Use-SimMachine {
                param($m)
                $key = Find-SimKey $m.services $service
                if ($null -eq $key) { return @{ ExitCode = 3; Output = @("Can't open service!", 'OpenService(): The specified service does not exist as an installed service.') } }
                $setting = $rest[0]
                $values = @($rest | Select-Object -Skip 1)
                switch ($setting) {
                    'Start' { $m.services[$key].startType = $(if ($values[0] -eq 'SERVICE_AUTO_START') { 'Automatic' } else { 'Manual' }) }
                    'AppEnvironmentExtra' { $m.services[$key].parameters[$setting] = $values }
                    default { $m.services[$key].parameters[$setting] = ($values -join ' ') }
                }
                return @{ ExitCode = 0; Output = @("Set parameter `"$setting`" for service `"$service`".") }
            }
        }
        'get' {
            $entry = (Get-SimMachine).services[$service]
            if (-not $entry) { return @{ ExitCode = 3; Output = @("Can't open service!") } }
            return @{ ExitCode = 0; Output = @([string]$entry.parameters[$rest[0]]) }
        }
        'remove' {
            Use-SimMachine { param($m) $key = Find-SimKey $m.services $service; if ($null -ne $key) { Stop-SimService $m $m.services[$key]; $m.services.Remove($key) } } | Out-Null
            return @{ ExitCode = 0; Output = @("Service `"$service`" removed successfully!") }
        }
        'start' { Start-Service -Name $service; return @{ ExitCode = 0; Output = @("${service}: START: The operation completed successfully.") } }
        'stop' { Stop-Service -Name $service; return @{ ExitCode = 0; Output = @("${service}: STOP: The operation completed successfully.") } }
        default { return @{ ExitCode = 1; Output = @("rehearsal: nssm $verb is not simulated") } }
    }
}
