# Starts the CloudWatcher emulator for Pester tests and points the AWS variables at it.
function Start-TestEmulator {
    [CmdletBinding()]
    param([string] $Seed = 'demo')
    $configuration = if ($env:CLOUDWATCHER_CONFIGURATION) { $env:CLOUDWATCHER_CONFIGURATION } else { 'Release' }
    $dll = Join-Path $PSScriptRoot '..' '..' 'src' 'CloudWatcher.Emulator' 'bin' $configuration 'net10.0' 'CloudWatcher.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "Build first (./build.ps1): $dll was not found." }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--port', '0', '--quiet', '--seed', $Seed)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://127\.0\.0\.1:\d+)/') { $process.Kill(); throw "Emulator did not start: $line" }
    [pscustomobject]@{ Process = $process; Endpoint = $Matches[1] }
}

function Stop-TestEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) { $Emulator.Process.Kill(); $Emulator.Process.WaitForExit() }
}

function Set-TestAwsEnvironment {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Endpoint)
    $env:AWS_ENDPOINT_URL = $Endpoint
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_ACCESS_KEY_ID = 'pester'
    $env:AWS_SECRET_ACCESS_KEY = 'pester'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
}

function Clear-TestAwsEnvironment {
    [CmdletBinding()]
    param()
    foreach ($name in 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') {
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Start-TestEmulator, Stop-TestEmulator, Set-TestAwsEnvironment, Clear-TestAwsEnvironment
