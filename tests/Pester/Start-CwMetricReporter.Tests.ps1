#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# Start-CwMetricReporter, Get-CwMetricReporter and Stop-CwMetricReporter as a user runs them, with Write-CwMetric and
# Measure-CwCommand -Reporter: the interval flush, the stop flush, the flush when pwsh exits, failures, EMF.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $now = [DateTime]::UtcNow.AddMinutes(-10)
    $minute = [DateTime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc)
    function New-Namespace([string] $Prefix) { 'PesterRep' + $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 8) }
    function Read-Minute([string] $Namespace, [string] $MetricName, [string[]] $Statistic, $Dimension = @()) {
        $series = Get-CwMetric -Namespace $Namespace -MetricName $MetricName -Dimension $Dimension -Statistic $Statistic -StartTime $minute -EndTime $minute.AddMinutes(1)
        foreach ($stat in $Statistic) { ($series | Where-Object Statistic -EQ $stat).Values }
    }
    function Wait-Until([scriptblock] $Condition, [int] $Seconds = 15) {
        $until = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $until) { throw "Waited $Seconds s for: $Condition" }
            Start-Sleep -Milliseconds 100
        }
    }
}

Describe 'Start-CwMetricReporter' {
    It 'returns a running reporter whose background flush sends what was recorded, read back exactly' {
        $ns = New-Namespace 'Interval'
        $reporter = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 1 -NoHostDimension
        try {
            $reporter | Should -BeOfType ([CloudWatcher.MetricReporter])
            $reporter.State | Should -Be Running
            1..200 | Write-CwMetric -Reporter $reporter -MetricName Latency -Unit Milliseconds -Timestamp $minute
            $reporter.Recorded | Should -Be 200
            Wait-Until { $reporter.Sent -eq 200 }
            $reporter.Pending | Should -Be 0
            Read-Minute $ns Latency SampleCount, Sum, Minimum, Maximum | Should -Be @(200, 20100, 1, 200)
        }
        finally { Stop-CwMetricReporter $reporter }
    }

    It 'sends on Stop-CwMetricReporter what no interval has sent yet, and then takes no more values' {
        $ns = New-Namespace 'Stop'
        $reporter = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 3600 -NoHostDimension
        Write-CwMetric -Reporter $reporter -MetricName Jobs -Value 2, 4, 4 -Timestamp $minute
        $final = Stop-CwMetricReporter $reporter -PassThru
        $final.State | Should -Be Stopped
        $final.Sent | Should -Be 3
        Read-Minute $ns Jobs SampleCount, Sum, Minimum, Maximum | Should -Be @(3, 10, 2, 4)
        { Write-CwMetric -Reporter $reporter -MetricName Jobs -Value 1 -ErrorAction Stop } | Should -Throw -ErrorId 'MetricReporterStopped*'
    }

    It 'puts metric dimensions over reporter dimensions over CLOUDWATCHER_DIMENSIONS' {
        $ns = New-Namespace 'Dims'
        $saved = $env:CLOUDWATCHER_DIMENSIONS
        try {
            $env:CLOUDWATCHER_DIMENSIONS = 'Stage=global,Service=api'
            $reporter = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 3600 -NoHostDimension -Dimension 'Stage:reporter'
            Write-CwMetric -Reporter $reporter -MetricName Hits -Value 1 -Timestamp $minute
            Write-CwMetric -Reporter $reporter -MetricName Hits -Value 5 -Dimension 'Stage:metric' -Timestamp $minute
            Stop-CwMetricReporter $reporter
        }
        finally { $env:CLOUDWATCHER_DIMENSIONS = $saved }
        Read-Minute $ns Hits Sum -Dimension 'Service:api', 'Stage:reporter' | Should -Be 1
        Read-Minute $ns Hits Sum -Dimension 'Service:api', 'Stage:metric' | Should -Be 5
    }

    It 'records Measure-CwCommand runs into the reporter' {
        $ns = New-Namespace 'Measure'
        $reporter = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 3600 -NoHostDimension
        $out = foreach ($i in 1..3) { Measure-CwCommand -Reporter $reporter -MetricName Step { $i * 2 } }
        $out | Should -Be @(2, 4, 6)
        (Stop-CwMetricReporter $reporter -PassThru).Sent | Should -Be 9
        (Find-CwMetric -Namespace $ns).MetricName | Sort-Object | Should -Be @('Step', 'Step.Failure', 'Step.Success')
    }

    It 'flushes when pwsh exits without stopping the reporter' {
        $ns = New-Namespace 'Exit'
        $script = @"
Import-Module '$ModuleManifest'
`$r = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 3600 -NoHostDimension
1..30 | Write-CwMetric -Reporter `$r -MetricName Work -Timestamp '$($minute.ToString('o'))'
'pending ' + `$r.Pending
"@
        $path = Join-Path $TestDrive 'exit.ps1'
        Set-Content -Path $path -Value $script
        $output = Invoke-Pwsh -ArgumentList '-File', $path | ForEach-Object { "$_" }
        $output | Should -Contain 'pending 30'
        Read-Minute $ns Work SampleCount, Sum, Minimum, Maximum | Should -Be @(30, 465, 1, 30)
    }

    It 'counts failed sends, keeps their values and warns on the next command that touches the reporter' {
        # Nothing listens on port 9 of the loopback: every call fails at once.
        $ns = New-Namespace 'Fail'
        $reporter = Start-CwMetricReporter -Namespace $ns -IntervalSeconds 1 -NoHostDimension -EndpointUrl 'http://127.0.0.1:9/' -TimeoutSec 2
        try {
            1..5 | Write-CwMetric -Reporter $reporter -MetricName Lost
            Wait-Until { $reporter.Failed -ge 5 } -Seconds 60
            $reporter.Sent | Should -Be 0
            $reporter.Pending | Should -Be 5
            $reporter.LastError | Should -Not -BeNullOrEmpty
            $null = Get-CwMetricReporter -Id $reporter.Id -WarningVariable warnings -WarningAction SilentlyContinue
            ($warnings -join "`n") | Should -Match 'kept for the next flush'
        }
        finally {
            Stop-CwMetricReporter $reporter -FlushTimeoutSec 1 -ErrorVariable lost -ErrorAction SilentlyContinue
        }
        $lost[0].FullyQualifiedErrorId | Should -BeLike 'MetricReporterDataLost*'
        $reporter.Dropped | Should -Be 5
        $reporter.Recorded | Should -Be ($reporter.Sent + $reporter.Pending + $reporter.Refused + $reporter.Dropped)
    }

    It 'writes Embedded Metric Format to a log group, from which the metrics are extracted' {
        $ns = New-Namespace 'Emf'
        $group = "/pester/emf/$ns"
        $reporter = Start-CwMetricReporter -Namespace $ns -As Emf -LogGroupName $group -LogStreamName s1 -SpoolPath (Join-Path $TestDrive 'spool') -IntervalSeconds 3600 -NoHostDimension
        1..120 | Write-CwMetric -Reporter $reporter -MetricName Size -Unit Bytes -Timestamp $minute
        (Stop-CwMetricReporter $reporter -PassThru).Sent | Should -Be 120
        Read-Minute $ns Size SampleCount, Sum, Minimum, Maximum | Should -Be @(120, 7260, 1, 120)
        @(Get-CwLog -LogGroupName $group -Since 1h).Count | Should -Be 2
    }
}

Describe 'Get-CwMetricReporter' {
    It 'lists running reporters by name and id, and not stopped ones' {
        $ns = New-Namespace 'Get'
        $reporter = Start-CwMetricReporter -Namespace $ns -Name "get-$ns" -NoHostDimension
        (Get-CwMetricReporter -Name "get-$ns").Id | Should -Be $reporter.Id
        (Get-CwMetricReporter -Name 'get-*').Name | Should -Contain "get-$ns"
        (Get-CwMetricReporter -Id $reporter.Id).Name | Should -Be "get-$ns"
        Stop-CwMetricReporter -Name "get-$ns"
        Get-CwMetricReporter -Name "get-$ns" -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MetricReporterNotFound*'
    }

    It 'has a default table view that fits 80 columns' {
        $ns = New-Namespace 'View'
        $reporter = Start-CwMetricReporter -Namespace $ns -NoHostDimension
        try {
            $text = $reporter | Out-String -Width 80
            $text | Should -Match 'Recorded'
            $text | Should -Match 'Next'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        }
        finally { Stop-CwMetricReporter $reporter }
    }

    It 'shows a name of 20 characters whole at 80 columns' {
        $name = 'Jobs/' + [guid]::NewGuid().ToString('N').Substring(0, 15)
        $reporter = Start-CwMetricReporter -Namespace (New-Namespace 'View20') -Name $name -NoHostDimension
        try {
            $text = $reporter | Out-String -Width 80
            $text | Should -Match ([regex]::Escape($name))
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        }
        finally { Stop-CwMetricReporter $reporter }
    }
}

Describe 'Write-CwMetric -As Emf' {
    It 'writes 250 metrics as three EMF lines of at most 100 metrics each' {
        $lines = 1..250 | ForEach-Object { [pscustomobject]@{ MetricName = "Q$_"; Value = $_ } } | Write-CwMetric -Namespace (New-Namespace 'EmfPipe') -As Emf -NoHostDimension
        $lines.Count | Should -Be 3
        $lines | ForEach-Object { ($_ | ConvertFrom-Json)._aws.CloudWatchMetrics[0].Metrics.Count } | Should -Be @(100, 100, 50)
    }

    It 'writes a reporter''s EMF to standard output when no log group is given' {
        $ns = New-Namespace 'EmfOut'
        $script = @"
Import-Module '$ModuleManifest'
`$r = Start-CwMetricReporter -Namespace $ns -As Emf -IntervalSeconds 3600 -NoHostDimension
Write-CwMetric -Reporter `$r -MetricName Ticks -Value 1, 2
Stop-CwMetricReporter `$r
"@
        $path = Join-Path $TestDrive 'emf-stdout.ps1'
        Set-Content -Path $path -Value $script
        $output = Invoke-Pwsh -ArgumentList '-File', $path | ForEach-Object { "$_" }
        $event = $output | Where-Object { $_ -like '{"_aws"*' } | ConvertFrom-Json
        $event._aws.CloudWatchMetrics[0].Namespace | Should -Be $ns
        $event.Ticks | Should -Be @(1, 2)
    }
}
