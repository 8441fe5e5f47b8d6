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
    [string] $ModulePath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'CloudWatcher', 'CloudWatcher.psd1')
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
