#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages and documents CloudWatcher.
.DESCRIPTION
    One entry point for pwsh users. Each task is a plain dotnet command underneath, so machines without pwsh
    run the same steps (see README.md and .ci/run).
      Build    dotnet build: stages the importable module into out/CloudWatcher/ (help generated from docs/help).
      Test     xUnit (engine, wire, hosted-engine cmdlet tests), then Pester 5 tests in tests/Pester when Pester is
               installed, then the AWS CLI v2 check of the emulator when /usr/bin/aws is AWS CLI v2.
      Package  a versioned copy of the staged module in out/package/CloudWatcher/<version>/ and a zip beside it.
      Docs     adds skeleton help pages / parameter sections for undocumented cmdlets and parameters (docs/help).
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Build, Test -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Docs')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$staged = Join-Path $root 'out' 'CloudWatcher'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    Write-Verbose "$File $($Arguments -join ' ')"
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'CloudWatcher.slnx'), '-c', $Configuration, '-nologo')
}

function Invoke-Test {
    Invoke-Native dotnet @('test', (Join-Path $root 'CloudWatcher.slnx'), '-c', $Configuration, '-nologo')

    $pester = Get-Module -ListAvailable Pester | Where-Object Version -GE '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
    if ($pester) {
        Import-Module $pester
        $config = New-PesterConfiguration
        $config.Run.Path = Join-Path $root 'tests' 'Pester'
        $config.Run.Throw = $true
        $config.Output.Verbosity = 'Detailed'
        $env:CLOUDWATCHER_CONFIGURATION = $Configuration
        Invoke-Pester -Configuration $config
    }
    else {
        Write-Warning 'Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser); skipping tests/Pester.'
    }

    if ((Test-Path /usr/bin/aws) -and ((& /usr/bin/aws --version 2>&1) -match '^aws-cli/2\.')) {
        $dll = Join-Path $root 'src' 'CloudWatcher.Emulator' 'bin' $Configuration 'net10.0' 'CloudWatcher.Emulator.dll'
        Invoke-Native bash @((Join-Path $root 'tests' 'awscli' 'run.sh'), $dll)
    }
    else {
        Write-Warning 'AWS CLI v2 (/usr/bin/aws) not found; skipping the emulator fidelity check (tests/awscli/run.sh).'
    }
}

function Invoke-Package {
    $manifest = Import-PowerShellDataFile (Join-Path $staged 'CloudWatcher.psd1')
    $target = Join-Path $root 'out' 'package' 'CloudWatcher' $manifest.ModuleVersion
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Copy-Item -Path (Join-Path $staged '*') -Destination $target -Recurse
    $zip = Join-Path $root 'out' "CloudWatcher-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path (Join-Path $root 'out' 'package' 'CloudWatcher') -DestinationPath $zip -Force
    Write-Host "Packaged $target and $zip"
}

function Invoke-Docs {
    $helpGen = Join-Path $root 'tools' 'HelpGen' 'bin' $Configuration 'net10.0' 'HelpGen.dll'
    & dotnet $helpGen --module (Join-Path $staged 'CloudWatcher.psd1') --docs (Join-Path $root 'docs' 'help') `
        --out (Join-Path $staged 'en-US' 'CloudWatcher.dll-Help.xml') --update
    if ($LASTEXITCODE -ne 0) { Write-Warning 'Help pages need text: fill in the {{ Fill in }} placeholders in docs/help, then build again.' }
}

foreach ($name in $Task) {
    if ($name -ne 'Build' -and -not (Test-Path (Join-Path $staged 'CloudWatcher.psd1'))) { Invoke-Build }
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$name"
}
