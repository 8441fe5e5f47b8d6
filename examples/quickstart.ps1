#Requires -Version 7.4
<#
.SYNOPSIS
    CloudWatcher quick start: explore the demo metrics of the local emulator.
.DESCRIPTION
    Run by ./quickstart.sh (dotnet pwsh ./build.ps1 -Task QuickStart), which builds the module, starts the emulator
    with demo data, points the AWS variables at it (AWS_ENDPOINT_URL, AWS_REGION, dummy keys) and runs this script
    in pwsh. With an emulator already running:
        $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:4566'; $env:AWS_REGION = 'us-east-1'
        $env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'
        pwsh examples/quickstart.ps1
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
    Write-Warning 'AWS_ENDPOINT_URL is not set: this talks to real AWS. Use ./quickstart.sh to run against the local emulator.'
}

Write-Host '== The metrics in the demo namespace (Find-CwMetric)'
$metrics = @(Find-CwMetric -Namespace NepheleNamespaceEC2)
$metrics | Out-Host

$names = $metrics.MetricName | Sort-Object -Unique
$instances = $metrics.Dimensions | Where-Object Name -EQ 'InstanceId' | ForEach-Object Value | Sort-Object -Unique
Write-Host "$($metrics.Count) series: $(@($names).Count) metrics on $(@($instances).Count) instances ($($instances -join ', '))"

Write-Host ''
Write-Host '== Which instances report mem_used? (a dimension filter that matches any value)'
Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used -Dimension InstanceId | Out-Host

Write-Host ''
Write-Host '== Presets (Get-CwPreset): the cloudwatcher ones'
Get-CwPreset nephele_* | Out-Host

Write-Host "== The last day of every nephele preset for $InstanceId (Get-CwMetric)"
$series = @(Get-CwPreset nephele_* | Get-CwMetric -InstanceId $InstanceId -Days 1)
$series | Out-Host
$series.Summary | Out-Host

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
Write-Host ''
Write-Host '== Files written (Export-CwMetric, Export-CwMetricPlot)'
$files | Format-Table Name, Length, FullName -AutoSize | Out-Host

Write-Host ''
Write-Host '== Uptime of the demo instances (Get-CwInstanceUptime)'
$uptimes = Get-CwInstanceUptime -InstanceId $InstanceId, 'i-0fedcba9876543210'
$uptimes | Out-Host
$uptimes | ForEach-Object { Write-Host "$($_.InstanceId) ($($_.Source)): $($_.Detail)" }

Write-Host ''
Write-Host '== Log groups and streams (Get-CwLogGroup, Get-CwLogStream)'
Get-CwLogGroup /cloudwatcher/demo/* | Out-Host
$streams = @(Get-CwLogStream -LogGroupName /cloudwatcher/demo/jobs -OrderBy LastEventTime -Descending)
$streams | Out-Host

$latest = $streams[0].LogStreamName
Write-Host "== The newest job log ($latest), formatted as cloudwatcher did (Get-CwLog -AsText), last 10 lines"
$lines = @(Get-CwLog -LogGroupName /cloudwatcher/demo/jobs -LogStreamName $latest -AsText)
$lines | Select-Object -Last 10 | Out-Host
$jobLog = [System.IO.Path]::Combine($OutputDirectory, 'job.log')
$lines | Set-Content -Path $jobLog
Write-Host "$($lines.Count) lines written to $jobLog"

Write-Host ''
Write-Host '== Errors across all job streams (Get-CwLog -FilterPattern ERROR)'
$errors = @(Get-CwLog -LogGroupName /cloudwatcher/demo/jobs -FilterPattern ERROR)
Write-Host "$($errors.Count) error lines; the first three:"
$errors | Select-Object -First 3 | Out-Host

Write-Host ''
Write-Host '== Writing log lines (Write-CwLog) and reading them back (Get-CwLog)'
# Group and stream are created when missing; each line is spooled until the service has it (nothing lost).
$logGroup = '/cloudwatcher/quickstart'
$logStream = 'run-' + [DateTime]::UtcNow.ToString('yyyyMMddTHHmmss', [cultureinfo]::InvariantCulture)
$sent = @(
    'nightly job started'
    'processed 42 orders'
    'WARN order 17 has no delivery address'
    [pscustomobject]@{ level = 'INFO'; message = 'nightly job done'; orders = 42; seconds = 3.2 }  # an object: one line of JSON
) | Write-CwLog -LogGroupName $logGroup -LogStreamName $logStream -RetentionInDays 7 -PassThru
$sent | Out-Host
Get-CwLog -LogGroupName $logGroup -LogStreamName $logStream | Out-Host

Write-Host '== Publishing metrics (Write-CwMetric, Measure-CwCommand), reading them back (Get-CwMetric) and plotting them'
$metricNamespace = 'CloudWatcher/QuickStart'
$from = [DateTime]::UtcNow.AddMinutes(-30)
# A queue depth sampled every 10 s over the last 30 minutes, as objects bound by property name (MetricName, Value, Timestamp).
0..179 | ForEach-Object { [pscustomobject]@{ MetricName = 'QueueDepth'; Value = [math]::Round(20 + 10 * [math]::Sin($_ / 24)) + ($_ * 7 % 9); Timestamp = $from.AddSeconds(10 * $_) } } |
    Write-CwMetric -Namespace $metricNamespace -Dimension 'Queue:orders' -Unit Count -NoHostDimension -PassThru | Out-Host
# Time a script block: its output passes through; its duration and a success count are published.
Measure-CwCommand -Namespace $metricNamespace -MetricName ReportJob -NoHostDimension { Start-Sleep -Milliseconds 150; 'report written' } | Out-Host
$queue = Get-CwMetric -Namespace $metricNamespace -MetricName QueueDepth -Dimension 'Queue:orders' -Statistic Average, Maximum -Minutes 40
$queue | Out-Host
Get-CwMetric -Namespace $metricNamespace -MetricName ReportJob -Statistic SampleCount, Maximum -Minutes 10 | Out-Host
$queuePng = [System.IO.Path]::Combine($OutputDirectory, 'queue-depth.png')
$queue | Export-CwMetricPlot -Path $queuePng -Title 'Queue depth, last 30 minutes' -Force -PassThru | Format-Table Name, Length, FullName -AutoSize | Out-Host

Write-Host '== A script block traced to CloudWatch Logs as it runs (Trace-CwCommand), read back with Get-CwLog'
$traceStream = "quickstart-$([datetime]::UtcNow.ToString('yyyyMMddTHHmmssZ'))"
$traceSpool = [System.IO.Path]::Combine($OutputDirectory, 'spool')
Trace-CwCommand -LogGroupName /cloudwatcher/quickstart/trace -LogStreamName $traceStream -SpoolPath $traceSpool {
    Write-Host 'checking the demo instance'
    Get-CwInstanceUptime -InstanceId $InstanceId | Select-Object InstanceId, Source
    Write-Warning 'this is only a demo'
} | Out-Host
Get-CwLog -LogGroupName /cloudwatcher/quickstart/trace -LogStreamName $traceStream | Select-Object -ExpandProperty Message | Out-Host

Write-Host ''
Write-Host '== A background metric reporter for a few seconds (Start-CwMetricReporter, Write-CwMetric -Reporter)'
$reporter = Start-CwMetricReporter -Namespace QuickStart/Reporter -IntervalSeconds 2 -NoHostDimension -IncludeMetaMetrics
foreach ($i in 1..5) {
    Get-Random -Count 20 -Minimum 10 -Maximum 200 | Write-CwMetric -Reporter $reporter -MetricName Latency -Unit Milliseconds
    Measure-CwCommand -Reporter $reporter -MetricName Step { Start-Sleep -Milliseconds 100 } | Out-Null
    Start-Sleep -Milliseconds 600
}
Get-CwMetricReporter -Name QuickStart/Reporter | Out-Host
$final = Stop-CwMetricReporter $reporter -PassThru
Write-Host "Recorded $($final.Recorded), sent $($final.Sent) in $($final.Calls) PutMetricData call(s), $($final.Flushes) flush(es)"
$latency = Get-CwMetric -Namespace QuickStart/Reporter -MetricName Latency -Statistic SampleCount, Average, p90 -Minutes 5 -Period 60
$latency | Out-Host
$reporterPng = [System.IO.Path]::Combine($OutputDirectory, 'reporter-latency.png')
$latency | Where-Object Statistic -NE SampleCount | Export-CwMetricPlot -Path $reporterPng -Title 'Latency recorded by the reporter' -Force -PassThru | Format-Table Name, Length, FullName -AutoSize | Out-Host
