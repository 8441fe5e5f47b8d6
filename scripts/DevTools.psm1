# Helpers for the repository's own scripts (build.ps1, the Pester suite, bench): start and stop the CloudWatcher
# emulator and point this process's AWS variables at it, and run a clean child pwsh exactly like the current one.
# bash scripts use scripts/emulator.sh for the emulator.

function Set-ProcessVariable([string] $Name, $Value) {
    # PowerShell turns $null into '' for a [string] argument, and an empty AWS_* variable is not an absent one.
    if ($null -eq $Value) { Remove-Item "env:$Name" -ErrorAction SilentlyContinue }
    else { Set-Item "env:$Name" $Value }
}

function Get-EmulatorPath {
    [CmdletBinding()]
    param([string] $Configuration = 'Release')
    $dll = Join-Path $PSScriptRoot '..' 'src' 'CloudWatcher.Emulator' 'bin' $Configuration 'net10.0' 'CloudWatcher.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "The emulator is not built: $dll was not found. Build first: dotnet pwsh ./build.ps1" }
    (Resolve-Path $dll).ProviderPath
}

function Start-Emulator {
    <# Starts the emulator on a free 127.0.0.1 port; returns an object with Process and Endpoint. #>
    [CmdletBinding()]
    param(
        [string] $Seed = 'demo',
        [string] $Configuration = 'Release',
        [string[]] $ArgumentList = @()
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @((Get-EmulatorPath -Configuration $Configuration), '--port', '0', '--quiet', '--seed', $Seed) + $ArgumentList) {
        $info.ArgumentList.Add($argument)
    }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch 'listening on (http://127\.0\.0\.1:\d+)/') {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The emulator did not start (it printed: '$line')."
    }
    [pscustomobject]@{ Process = $process; Endpoint = $Matches[1] }
}

function Stop-Emulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit()
    }
}

$script:AwsVariables = 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED',
    'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS'

function Set-EmulatorEnvironment {
    <# Points this process's AWS variables at the emulator; returns the previous values for Restore-EmulatorEnvironment. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Endpoint)
    $saved = @{}
    foreach ($name in $script:AwsVariables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    foreach ($name in 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS') {
        Set-ProcessVariable $name $null
    }
    $env:AWS_ENDPOINT_URL = $Endpoint
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_ACCESS_KEY_ID = 'emulator'
    $env:AWS_SECRET_ACCESS_KEY = 'emulator'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $saved
}

function Restore-EmulatorEnvironment {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [hashtable] $Saved)
    foreach ($name in $Saved.Keys) { Set-ProcessVariable $name $Saved[$name] }
}

function Get-PwshCommand {
    <#
    The command line that starts another pwsh like this one: 'dotnet <PSHOME>/pwsh.dll' under the dotnet tool
    (dotnet pwsh), else the pwsh executable itself. Returns @{ FilePath; Arguments }.
    #>
    [CmdletBinding()]
    param()
    $process = [Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        @{ FilePath = $process; Arguments = @(Join-Path $PSHOME 'pwsh.dll') }
    }
    else {
        @{ FilePath = $process; Arguments = @() }
    }
}

function Invoke-Pwsh {
    <#
    Runs a child pwsh -NoProfile -NonInteractive with the given arguments (e.g. -File x.ps1, or -Command '...'), with
    extra environment variables; returns its output lines and sets $LASTEXITCODE.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string[]] $ArgumentList,
        [hashtable] $Environment = @{}
    )
    $pwsh = Get-PwshCommand
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        Set-ProcessVariable $name $Environment[$name]
    }
    try {
        & $pwsh.FilePath @($pwsh.Arguments + @('-NoProfile', '-NonInteractive') + $ArgumentList) 2>&1
    }
    finally {
        foreach ($name in $saved.Keys) { Set-ProcessVariable $name $saved[$name] }
    }
}

Export-ModuleMember -Function Get-EmulatorPath, Start-Emulator, Stop-Emulator, Set-EmulatorEnvironment, Restore-EmulatorEnvironment,
    Get-PwshCommand, Invoke-Pwsh
