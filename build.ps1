#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages and documents CloudWatcher; runs the quick start.
.DESCRIPTION
    The one entry point. On a fresh clone: `dotnet tool restore` (pwsh 7.6.9 from the tool manifest), then
    `dotnet pwsh ./build.ps1 -Task <task>`. ./test.sh and ./quickstart.sh do exactly that.
      Build       dotnet build: stages the importable module into out/CloudWatcher/ (help generated from docs/help)
                  and restores Pester (tools/TestTools) into out/tools/Pester/.
      Test        Build, Package, then every suite, each counted: xUnit (dotnet test), Pester 5 in a child pwsh
                  against the emulator (tests/Pester/Invoke-PesterSuite.ps1; includes installing the package), the
                  AWS CLIs (v2 awsQuery, v1.45 JSON) against the emulator (tests/awscli/run.sh), the benchmark smoke run, the quick start.
                  Prints "total: N passed, N failed" last and fails when anything failed.
      Package     Build, then out/package/CloudWatcher.<version>.nupkg (Compress-PSResource), installable with
                  Install-PSResource from a repository registered on out/package.
      Docs        Adds skeleton help pages / parameter sections for undocumented cmdlets and parameters (docs/help).
      QuickStart  Build, start the emulator with demo data, run examples/quickstart.ps1 in a child pwsh.
.EXAMPLE
    dotnet pwsh ./build.ps1
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Docs', 'QuickStart')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$staged = Join-Path $root 'out' 'CloudWatcher'
$packageDirectory = Join-Path $root 'out' 'package'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
Import-Module (Join-Path $root 'scripts' 'DevTools.psm1') -Force
$script:Built = $false

function Invoke-Native([string] $File, [string[]] $Arguments) {
    Write-Verbose "$File $($Arguments -join ' ')"
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Shown([scriptblock] $Command) {
    # Runs a native command, showing its output as it comes and returning the lines; $LASTEXITCODE stays its code.
    & $Command 2>&1 | ForEach-Object { $line = "$_"; Write-Host $line; $line }
}

function Invoke-Build {
    if ($script:Built) { return }
    # To the host: callers such as Invoke-QuickStart return objects, which the build's lines must not join.
    Invoke-Native dotnet @('build', (Join-Path $root 'CloudWatcher.slnx'), '-c', $Configuration, '-nologo', '-clp:ErrorsOnly') | Out-Host
    $script:Built = $true
}

function Invoke-Package {
    # Always from a build of this run: a package is never made from a stale out/CloudWatcher.
    Invoke-Build
    $version = (Import-PowerShellDataFile (Join-Path $staged 'CloudWatcher.psd1')).ModuleVersion
    $null = New-Item -ItemType Directory -Path $packageDirectory -Force
    Get-ChildItem $packageDirectory -Filter 'CloudWatcher.*.nupkg' | Remove-Item -Force
    Compress-PSResource -Path $staged -DestinationPath $packageDirectory
    $nupkg = Join-Path $packageDirectory "CloudWatcher.$version.nupkg"
    if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not produce $nupkg." }
    Write-Host "Packaged $nupkg"
}

function Invoke-Docs {
    Invoke-Build
    $helpGen = Join-Path $root 'tools' 'HelpGen' 'bin' $Configuration 'net10.0' 'HelpGen.dll'
    & dotnet $helpGen --module (Join-Path $staged 'CloudWatcher.psd1') --docs (Join-Path $root 'docs' 'help') `
        --out (Join-Path $staged 'en-US' 'CloudWatcher.PowerShell.dll-Help.xml') --update
    if ($LASTEXITCODE -ne 0) { Write-Warning 'Help pages need text: fill in the {{ Fill in }} placeholders in docs/help, then build again.' }
}

function Invoke-QuickStart {
    # Returns the quick start's output lines (also shown), and whether it succeeded.
    Invoke-Build
    $emulator = Start-Emulator -Seed demo -Configuration $Configuration
    $saved = Set-EmulatorEnvironment -Endpoint $emulator.Endpoint
    try {
        Write-Host "Emulator with demo data on $($emulator.Endpoint)"
        $lines = Invoke-Shown { Invoke-Pwsh -ArgumentList @('-File', (Join-Path $root 'examples' 'quickstart.ps1')) }
        [pscustomobject]@{ Succeeded = $LASTEXITCODE -eq 0; Lines = @($lines) }
    }
    finally {
        Stop-Emulator -Emulator $emulator
        Restore-EmulatorEnvironment -Saved $saved
    }
}

# --- Test: every suite, counted -------------------------------------------------------------------------------

function Get-Count([string[]] $Lines, [string] $Pattern) {
    $sum = 0
    foreach ($line in $Lines) { foreach ($m in [regex]::Matches($line, $Pattern)) { $sum += [int]$m.Groups[1].Value } }
    $sum
}

function Test-XUnit {
    $lines = Invoke-Shown { dotnet test (Join-Path $root 'CloudWatcher.slnx') -c $Configuration --no-build -nologo }
    $status = $LASTEXITCODE
    $passed = Get-Count $lines 'Passed: +(\d+)'
    $failed = Get-Count $lines 'Failed: +(\d+)'
    if ($status -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Suite = 'xUnit'; Passed = $passed; Failed = $failed }
}

function Test-Pester {
    $lines = Invoke-Shown { Invoke-Pwsh -ArgumentList @('-File', (Join-Path $root 'tests' 'Pester' 'Invoke-PesterSuite.ps1'), '-Configuration', $Configuration) }
    $status = $LASTEXITCODE
    $summary = $lines | Where-Object { $_ -match '^Pester: (\d+) passed, (\d+) failed' } | Select-Object -Last 1
    if ($summary -match '^Pester: (\d+) passed, (\d+) failed') { $passed = [int]$Matches[1]; $failed = [int]$Matches[2] }
    else { $passed = 0; $failed = 1 }
    if ($status -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Suite = 'Pester'; Passed = $passed; Failed = $failed }
}

function Test-AwsCli {
    $aws = '/usr/bin/aws'
    if (-not ((Test-Path $aws) -and ((& $aws --version 2>&1) -match '^aws-cli/2\.'))) {
        Write-Warning 'The AWS CLI v2 (/usr/bin/aws, Debian package awscli) is missing: the emulator fidelity check counts as failed. ./test.sh installs it (and the AWS CLI v1 the check also runs).'
        return [pscustomobject]@{ Suite = 'AWS CLI'; Passed = 0; Failed = 1 }
    }
    $dll = Get-EmulatorPath -Configuration $Configuration
    $lines = Invoke-Shown { bash (Join-Path $root 'tests' 'awscli' 'run.sh') $dll }
    $status = $LASTEXITCODE
    $summary = $lines | Where-Object { $_ -match '^(\d+) passed, (\d+) failed$' } | Select-Object -Last 1
    if ($summary -match '^(\d+) passed, (\d+) failed$') { $passed = [int]$Matches[1]; $failed = [int]$Matches[2] }
    else { $passed = 0; $failed = 1 }
    if ($status -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Suite = 'AWS CLI'; Passed = $passed; Failed = $failed }
}

function Test-Bench {
    $lines = & dotnet run -c $Configuration --no-build --project (Join-Path $root 'bench' 'CloudWatcher.Bench') -- --quick 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -eq 0) {
        $lines | Where-Object { $_ -like '|*' } | Out-Host
        Write-Host 'bench harness ran (quick sizes; goals are not enforced here)'
        return [pscustomobject]@{ Suite = 'bench'; Passed = 1; Failed = 0 }
    }
    $lines | Out-Host
    Write-Host 'bench harness FAILED'
    [pscustomobject]@{ Suite = 'bench'; Passed = 0; Failed = 1 }
}

function Test-QuickStart {
    $run = Invoke-QuickStart
    $text = $run.Lines -join "`n"
    $out = Join-Path $root 'out' 'quickstart'
    $checks = [ordered]@{
        'the script ended without an error'               = $run.Succeeded
        'the demo metrics are listed'                     = $text -match '16 series: 7 metrics on 2 instances'
        'cloudwatcher summaries are printed'              = $text -match "Max 'mem_used' is [0-9.]+ GiB over"
        'the uptime comes from EC2'                       = $text -match 'Ec2LaunchTime'
        'log lines are formatted as cloudwatcher did'     = $text -match '(?m)^\[\d{2}-\d{2}-\d{4} [0-9:]{8} UTC\] '
        'CSV, JSON, PNG and job.log are written'          = @('mem_used.csv', 'nephele.json', 'memory.png', 'job.log').Where({
            $file = Join-Path $out $_; -not ((Test-Path $file) -and (Get-Item $file).Length -gt 0) }).Count -eq 0
        'log lines are written and read back'             = $text -match 'processed 42 orders'
        'metrics are published, read back and plotted'    = ($text -match 'QueueDepth Average') -and ($text -match 'ReportJob Maximum') -and
            (Test-Path (Join-Path $out 'queue-depth.png'))
    }
    $failed = @($checks.GetEnumerator() | Where-Object { -not $_.Value })
    foreach ($check in $failed) { Write-Host "quick start FAILED: $($check.Key)" }
    if (-not $failed) { Write-Host 'quick start ran: demo metrics listed and summarised, CSV, JSON, PNG and job.log written, uptime shown' }
    [pscustomobject]@{ Suite = 'quick start'; Passed = [int](-not $failed); Failed = [int][bool]$failed }
}

function Invoke-Test {
    Invoke-Build
    Invoke-Package
    $results = foreach ($suite in 'XUnit', 'Pester', 'AwsCli', 'Bench', 'QuickStart') {
        Write-Host "== $suite" -ForegroundColor Cyan
        $started = [System.Diagnostics.Stopwatch]::StartNew()
        $result = & "Test-$suite"
        $result | Add-Member -NotePropertyName Seconds -NotePropertyValue ([math]::Round($started.Elapsed.TotalSeconds))
        $result
    }
    Write-Host ''
    Write-Host (($results | ForEach-Object { "$($_.Suite): $($_.Passed) passed, $($_.Failed) failed ($($_.Seconds) s)" }) -join '; ')
    $passed = ($results | Measure-Object Passed -Sum).Sum
    $failed = ($results | Measure-Object Failed -Sum).Sum
    Write-Host "total: $passed passed, $failed failed"
    if ($failed -gt 0) { throw "$failed test(s) failed." }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    switch ($name) {
        'QuickStart' { if (-not (Invoke-QuickStart).Succeeded) { throw 'The quick start failed.' } }
        default { & "Invoke-$name" }
    }
}
