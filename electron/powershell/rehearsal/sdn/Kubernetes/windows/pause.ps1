while($true)
{
    Start-Sleep -Seconds 60
}
