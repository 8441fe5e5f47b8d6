@{
    RootModule           = 'CloudWatcher.PowerShell.dll'
    # The build replaces this with the version in Directory.Build.props (CloudWatcherVersion).
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0f6f0e-4c1d-4d8e-9a51-6a2c1f0c3e77'
    Author               = 'CloudWatcher contributors'
    CompanyName          = 'CloudWatcher contributors'
    Copyright            = '(c) 2026 CloudWatcher contributors. Licensed under the Apache License 2.0.'
    Description          = 'AWS CloudWatch metrics and logs for PowerShell 7.4+: typed objects that compose with the pipeline, metric presets compatible with Python cloudwatcher, CSV/JSON/PNG exports, log reading and tailing with checkpoints, and a local CloudWatch + Logs emulator for offline runbook tests. Works beside AWS.Tools: no command names are shared.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('CloudWatcher.Format.ps1xml', 'CloudWatcher.Logs.Format.ps1xml')
    CmdletsToExport      = @(
        'ConvertTo-CwLogLine'
        'Export-CwLog'
        'Export-CwMetric'
        'Export-CwMetricPlot'
        'Find-CwMetric'
        'Get-CwInstanceUptime'
        'Get-CwLog'
        'Get-CwLogGroup'
        'Get-CwLogSpool'
        'Get-CwLogStream'
        'Get-CwMetric'
        'Get-CwMetricReporter'
        'Get-CwPreset'
        'Measure-CwCommand'
        'New-CwLogGroup'
        'New-CwLogStream'
        'Remove-CwLogGroup'
        'Remove-CwLogStream'
        'Send-CwLogSpool'
        'Set-CwLogGroup'
        'Start-CwMetricReporter'
        'Stop-CwMetricReporter'
        'Trace-CwCommand'
        'Watch-CwLog'
        'Write-CwLog'
        'Write-CwMetric'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FileList             = @('LICENSE')
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'CloudWatch', 'CloudWatchLogs', 'Logs', 'Metrics', 'Monitoring', 'Observability', 'Emulator',
                'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/cloudwatcher-ps/CloudWatcher'
            LicenseUri   = 'https://github.com/cloudwatcher-ps/CloudWatcher/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- Find-CwMetric (was Get-CwMetricList, renamed so that it no longer shadows AWS.Tools' Get-CWMetricList).
- Metrics read side: presets, Get-CwMetric, Export-CwMetric (CSV, JSON, raw response), Export-CwMetricPlot, Get-CwInstanceUptime.
- Logs read side: Get-CwLogGroup, Get-CwLogStream, Get-CwLog, Watch-CwLog (follow, merge, checkpoints), ConvertTo-CwLogLine.
- Logs write side: Write-CwLog (pipeline-first, batched on every PutLogEvents limit, objects as one-line JSON, a local
  write-ahead spool so nothing taken is lost; at-least-once delivery), Send-CwLogSpool and Get-CwLogSpool.
- Get-CwLog -ExpandJson keeps JSON integers as [long], as ConvertFrom-Json does.
- Log group lifecycle: New-CwLogGroup (retention, tags, class, KMS key), Set-CwLogGroup (retention, tags),
  Remove-CwLogGroup, New-CwLogStream, Remove-CwLogStream; -WhatIf/-Confirm, wildcards confirmed by name.
- LogGroup objects carry LogGroupClass, KmsKeyId and Tags; the default table shows the class.
- Trace-CwCommand: runs a script block and sends every record of its six streams to a log stream as it is written
  (one-line JSON with level, stream, time, error position), passing each on unchanged; flushed on end, error, exit, Ctrl+C.
- Write-CwMetric (values, objects, TimedMetric copies; Values/StatisticSet/None aggregation; -WhatIf lists new metrics and their estimated cost) and Measure-CwCommand (duration and outcome of a script block).
- Metric reporters: Start-CwMetricReporter, Stop-CwMetricReporter, Get-CwMetricReporter (background flush, meta and process
  metrics, flushed on module removal and pwsh exit); Write-CwMetric -As Emf (Embedded Metric Format to the pipeline or a log group).
- PutMetricData bodies of 10 KiB and more are sent gzip-compressed.
- Export-CwLog: the events Get-CwLog selects, written by the engine straight to a file (cloudwatcher's text, JSON
  lines or CSV; atomic, -Force/-WhatIf/-PassThru), with no PowerShell object per event.
- A faster first call: the module's assemblies and AWSSDK.Core are ReadyToRun-compiled, and Import-Module warms the
  first call up in the background (CLOUDWATCHER_WARMUP=0 turns it off).
- Get-CwLog/Watch-CwLog over several streams end where their scan ends (without -Follow); long reads keep memory flat.
- A local CloudWatch + CloudWatch Logs emulator for offline tests (see about_CloudWatcher).
'@
        }
    }
}
