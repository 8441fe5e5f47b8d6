#Requires -Version 7.4
<#
.SYNOPSIS
    CloudWatcher quick start: explore the demo metrics of the local emulator.
.DESCRIPTION
    Run by ./quickstart.sh, which builds the module, starts the emulator with demo data and points the AWS
    variables at it (AWS_ENDPOINT_URL, AWS_REGION, dummy keys). With pwsh and an emulator already running:
        $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:4566'; $env:AWS_REGION = 'us-east-1'
        $env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'
        pwsh examples/quickstart.ps1
    The script uses only what the bare PowerShell engine has (no Format-Table or Select-Object), so the small
    console host cwhost runs it too.
#>
[CmdletBinding()]
param(
    # The module to import; by default the one the build staged.
    [string] $ModulePath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'CloudWatcher', 'CloudWatcher.psd1'),

    # Where the CSV, JSON and PNG go.
    [string] $OutputDirectory = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'quickstart'),

    # The demo instance.
    [string] $InstanceId = 'i-0123456789abcdef0'
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

if (-not $env:AWS_ENDPOINT_URL) {
    $PSCmdlet.WriteWarning('AWS_ENDPOINT_URL is not set: this talks to real AWS. Use ./quickstart.sh to run against the local emulator.')
}

$Host.UI.WriteLine('== The metrics in the demo namespace (Get-CwMetricList)')
$metrics = @(Get-CwMetricList -Namespace NepheleNamespaceEC2)
$metrics | Out-Host

$names = [System.Collections.Generic.SortedSet[string]]::new([string[]]$metrics.MetricName)
$instances = [System.Collections.Generic.SortedSet[string]]::new([string[]]$metrics.Dimensions.Where({ $_.Name -eq 'InstanceId' }).Value)
$Host.UI.WriteLine("$($metrics.Count) series: $($names.Count) metrics on $($instances.Count) instances ($($instances -join ', '))")

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Which instances report mem_used? (a dimension filter that matches any value)')
Get-CwMetricList -Namespace NepheleNamespaceEC2 -MetricName mem_used -Dimension InstanceId | Out-Host

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Presets (Get-CwPreset): the cloudwatcher ones')
Get-CwPreset nephele_* | Out-Host

$Host.UI.WriteLine("== The last day of every nephele preset for $InstanceId (Get-CwMetric)")
$series = @(Get-CwPreset nephele_* | Get-CwMetric -InstanceId $InstanceId -Days 1)
$series | Out-Host
$series.ForEach({ $Host.UI.WriteLine($_.Summary) })

$null = [System.IO.Directory]::CreateDirectory($OutputDirectory)
$csv = [System.IO.Path]::Combine($OutputDirectory, 'mem_used.csv')
$json = [System.IO.Path]::Combine($OutputDirectory, 'nephele.json')
$png = [System.IO.Path]::Combine($OutputDirectory, 'memory.png')
$memory = $series.Where({ $_.MetricName -in 'mem_used', 'mem_cached', 'swap_used' })
$files = @(
    $series.Where({ $_.MetricName -eq 'mem_used' }) | Export-CwMetric -Path $csv -Force -PassThru
    $series | Export-CwMetric -Path $json -Force -PassThru
    $memory | Export-CwMetricPlot -Path $png -Title "Memory of $InstanceId, last day" -Force -PassThru
)
$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Files written (Export-CwMetric, Export-CwMetricPlot)')
$files.ForEach({ $Host.UI.WriteLine(('{0,-60} {1,10:N0} bytes' -f $_.FullName, $_.Length)) })

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Uptime of the demo instances (Get-CwInstanceUptime)')
Get-CwInstanceUptime -InstanceId $InstanceId, 'i-0fedcba9876543210' | Out-Host

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Log groups and streams (Get-CwLogGroup, Get-CwLogStream)')
Get-CwLogGroup /cloudwatcher/demo/* | Out-Host
$streams = @(Get-CwLogStream -LogGroupName /cloudwatcher/demo/jobs -OrderBy LastEventTime -Descending)
$streams | Out-Host

$latest = $streams[0].LogStreamName
$Host.UI.WriteLine("== The newest job log ($latest), formatted as cloudwatcher did (Get-CwLog -AsText), last 10 lines")
$lines = @(Get-CwLog -LogGroupName /cloudwatcher/demo/jobs -LogStreamName $latest -AsText)
$lines[[Math]::Max(0, $lines.Count - 10)..($lines.Count - 1)].ForEach({ $Host.UI.WriteLine($_) })
$jobLog = [System.IO.Path]::Combine($OutputDirectory, 'job.log')
[System.IO.File]::WriteAllLines($jobLog, [string[]]$lines)
$Host.UI.WriteLine("$($lines.Count) lines written to $jobLog")

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== Errors across all job streams (Get-CwLog -FilterPattern ERROR)')
$errors = @(Get-CwLog -LogGroupName /cloudwatcher/demo/jobs -FilterPattern ERROR)
$Host.UI.WriteLine("$($errors.Count) error lines; the first three:")
$errors[0..2] | Out-Host
