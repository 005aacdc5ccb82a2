# Invoke-WinJoinExe, the steps' only way to start an executable: Windows
# tools are answered in-process by name; files on the simulated machine
# (kubectl.exe, kubelet.exe, ...) really run, so they need the execute bit
# the product sets when it places them (see docs/rehearsal.md).

function Invoke-WinJoinExe {
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    # Windows paths (C:\Windows\System32\icacls.exe) as well as paths on the simulated machine.
    $name = (($FilePath -replace '^.*[\\/]', '') -replace '(?i)\.exe$', '').ToLowerInvariant()
    $global:LASTEXITCODE = 0
    switch ($name) {
        'docker' { return Invoke-SimDocker -ArgumentList $ArgumentList }
        'nssm' {
            if (-not [IO.File]::Exists($FilePath)) { throw "The term '$FilePath' is not recognized as a name of a cmdlet, function, script file, or executable program." }
            return Invoke-SimNssm -ArgumentList $ArgumentList
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
    $output = & $FilePath @ArgumentList 2>&1
    $code = $global:LASTEXITCODE
    return @{ ExitCode = [int]$code; Output = [string[]]@($output | ForEach-Object { [string]$_ }) }
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
    # A child powershell.exe (AddRoutes.ps1) runs as pwsh and waits, like the real call.
    $output = & (Get-SimPwsh) @($Arguments | Where-Object { $_ -ne '-NoExit' }) 2>&1
    return @{ ExitCode = [int]$global:LASTEXITCODE; Output = [string[]]@($output | ForEach-Object { [string]$_ }) }
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
