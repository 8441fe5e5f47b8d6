@{
    RootModule           = 'CloudWatcher.dll'
    # The build replaces this with the version in Directory.Build.props (CloudWatcherVersion).
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0f6f0e-4c1d-4d8e-9a51-6a2c1f0c3e77'
    Author               = 'CloudWatcher contributors'
    CompanyName          = 'CloudWatcher'
    Copyright            = '(c) CloudWatcher contributors. Apache-2.0.'
    Description          = 'AWS CloudWatch metrics and logs for PowerShell: typed objects, presets, exports, plots, log tailing, and a local emulator for offline runbook tests.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('CloudWatcher.Format.ps1xml', 'CloudWatcher.Logs.Format.ps1xml')
    CmdletsToExport      = @(
        'ConvertTo-CwLogLine'
        'Export-CwMetric'
        'Export-CwMetricPlot'
        'Get-CwInstanceUptime'
        'Get-CwLog'
        'Get-CwLogGroup'
        'Get-CwLogStream'
        'Get-CwMetric'
        'Get-CwMetricList'
        'Get-CwPreset'
        'Watch-CwLog'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('AWS', 'CloudWatch', 'Logs', 'Metrics', 'Monitoring', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri = 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }
}
