#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester 5 suite (the user's view of CloudWatcher) in this pwsh against one emulator with demo data.
.DESCRIPTION
    Imports Pester by path from out/tools/Pester/<version>/ (restored from NuGet by tools/TestTools, pinned there),
    starts the emulator (scripts/DevTools.psm1), points the AWS variables at it, runs the files, writes an NUnit XML
    report to out/test-results/pester.xml and prints "Pester: N passed, N failed, N skipped" last. The exit code is
    the number of failed tests (0 = all passed). build.ps1 -Task Test runs it in a child pwsh.
.EXAMPLE
    dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1
.EXAMPLE
    dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1 -Path tests/Pester/Get-CwLog.Tests.ps1 -Output Detailed
#>
[CmdletBinding()]
param(
    [string[]] $Path = @($PSScriptRoot),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal',
    [string[]] $Tag,
    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
# pwsh -File passes "a,b" as one string.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
$pester = Get-ChildItem (Join-Path $root 'out' 'tools' 'Pester' '*' 'Pester.psd1') -ErrorAction SilentlyContinue |
    Sort-Object { [version]$_.Directory.Name } -Descending | Select-Object -First 1
if (-not $pester) {
    throw "Pester is not restored into out/tools/Pester/. Build first (dotnet pwsh ./build.ps1, or dotnet build tools/TestTools)."
}
Import-Module $pester.FullName -Force
Import-Module (Join-Path $root 'scripts' 'DevTools.psm1') -Force

$emulator = Start-Emulator -Seed demo -Configuration $Configuration
$saved = Set-EmulatorEnvironment -Endpoint $emulator.Endpoint
$env:CLOUDWATCHER_TEST_ENDPOINT = $emulator.Endpoint
$env:CLOUDWATCHER_CONFIGURATION = $Configuration
# Write-CwLog's spool (tests and help examples) goes to a folder of this run, never the user's local application data.
$savedSpool = $env:CLOUDWATCHER_SPOOL_PATH
$env:CLOUDWATCHER_SPOOL_PATH = Join-Path ([System.IO.Path]::GetTempPath()) "cloudwatcher-pester-spool-$PID"

try {
    $resultDirectory = Join-Path $root 'out' 'test-results'
    $null = New-Item -ItemType Directory -Path $resultDirectory -Force
    $config = New-PesterConfiguration
    $config.Run.Path = $Path
    $config.Run.PassThru = $true
    $config.Output.Verbosity = $Output
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $resultDirectory 'pester.xml'
    if ($Tag) { $config.Filter.Tag = $Tag }
    if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
    $result = Invoke-Pester -Configuration $config
}
catch {
    Write-Host "Pester could not run: $_"
    Write-Host 'Pester: 0 passed, 1 failed, 0 skipped'
    exit 1
}
finally {
    Stop-Emulator -Emulator $emulator
    Restore-EmulatorEnvironment -Saved $saved
    Remove-Item env:CLOUDWATCHER_TEST_ENDPOINT -ErrorAction SilentlyContinue
    Remove-Item $env:CLOUDWATCHER_SPOOL_PATH -Recurse -Force -ErrorAction SilentlyContinue
    $env:CLOUDWATCHER_SPOOL_PATH = $savedSpool
}

# Containers that failed to run (a broken BeforeAll, a parse error) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "Pester: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
exit $failed
