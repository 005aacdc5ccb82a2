# WinJoin rehearsal stand-in for nssm.exe 2.24 (SIMULATED): the services of
# the simulated host, answered the way nssm answers: its console text as
# UTF-16LE, success on stdout, errors on stderr, and the exit code.
Import-Module $env:WINJOIN_REHEARSAL_MODULE -DisableNameChecking
$result = Invoke-SimNssm -ArgumentList $args
$bytes = [Text.Encoding]::Unicode.GetBytes(-join @(@($result.Output) | ForEach-Object { "$_`r`n" }))
$stream = if ($result.ExitCode -eq 0) { [Console]::OpenStandardOutput() } else { [Console]::OpenStandardError() }
$stream.Write($bytes, 0, $bytes.Length)
$stream.Flush()
exit $result.ExitCode
