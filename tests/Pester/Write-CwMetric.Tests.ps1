#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    # A whole minute ten minutes ago, so every value of a test falls in one minute.
    $now = [DateTime]::UtcNow.AddMinutes(-10)
    $minute = [DateTime]::new($now.Year, $now.Month, $now.Day, $now.Hour, $now.Minute, 0, [DateTimeKind]::Utc)
    function New-Namespace([string] $Prefix) { $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 8) }
    function Read-Minute([string] $Namespace, [string] $MetricName, [string[]] $Statistic, $Dimension = @()) {
        $series = Get-CwMetric -Namespace $Namespace -MetricName $MetricName -Dimension $Dimension -Statistic $Statistic -StartTime $minute -EndTime $minute.AddMinutes(1)
        foreach ($stat in $Statistic) { ($series | Where-Object Statistic -EQ $stat).Values }
    }
}

Describe 'Write-CwMetric' {
    It 'publishes a thousand piped values that read back with the count, sum, minimum, maximum and p99 written (<Aggregate>)' -ForEach @(
        @{ Aggregate = 'Values'; Datums = 7 }
        @{ Aggregate = 'StatisticSet'; Datums = 1 }
        @{ Aggregate = 'None'; Datums = 1000 }
    ) {
        $ns = New-Namespace 'Pester'
        $summary = 1..1000 | Write-CwMetric -Namespace $ns -MetricName Latency -Unit Milliseconds -Aggregate $Aggregate -Timestamp $minute -NoHostDimension -PassThru
        $summary | Should -BeOfType ([CloudWatcher.MetricWriteSummary])
        $summary.Datums | Should -Be $Datums
        $summary.Calls | Should -Be 1
        $summary.Rejected | Should -Be 0
        Read-Minute $ns Latency SampleCount, Sum, Minimum, Maximum | Should -Be @(1000, 500500, 1, 1000)
        if ($Aggregate -ne 'StatisticSet') { Read-Minute $ns Latency p99 | Should -Be 990 }
    }

    It 'takes objects by property name, Get-CwMetric datapoints among them' {
        $ns = New-Namespace 'Objects'
        [pscustomobject]@{ MetricName = 'QueueDepth'; Value = 42; Unit = 'Count'; Dimensions = 'Queue:orders'; Timestamp = $minute },
        [pscustomobject]@{ MetricName = 'QueueDepth'; Values = 1, 2, 3; Unit = 'Count'; Dimensions = @{ Queue = 'refunds' }; Timestamp = $minute } |
            Write-CwMetric -Namespace $ns -NoHostDimension
        Read-Minute $ns QueueDepth Sum -Dimension 'Queue:orders' | Should -Be 42
        Read-Minute $ns QueueDepth SampleCount -Dimension 'Queue:refunds' | Should -Be 3
    }

    It 'copies a series into another namespace from Get-CwMetric' {
        $ns = New-Namespace 'Copy'
        $source = Get-CwMetric nephele_mem -InstanceId $DemoInstance -Hours 2 -Statistic Average
        $summary = $source | Write-CwMetric -Namespace $ns -PassThru
        $summary.Values | Should -Be $source.Count
        $copy = Get-CwMetric -Namespace $ns -MetricName mem_used -Dimension "InstanceId:$DemoInstance" -Hours 2 -Statistic Average
        $copy.Values | Should -Be $source.Values
        $copy.Timestamps | Should -Be $source.Timestamps
    }

    It 'reports each value it cannot send as an error naming it, and sends the rest' {
        $ns = New-Namespace 'Errors'
        $summary = 1, [double]::NaN, 1e109, 3 | Write-CwMetric -Namespace $ns -MetricName M -Timestamp $minute -NoHostDimension -PassThru -ErrorVariable rejected -ErrorAction SilentlyContinue
        $rejected.Count | Should -Be 2
        $rejected[0].FullyQualifiedErrorId | Should -Be 'MetricValueInvalid,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand'
        [double]::IsNaN($rejected[0].TargetObject.Value) | Should -BeTrue
        $rejected[1].TargetObject.Value | Should -Be 1e109
        $rejected[1].ErrorDetails.RecommendedAction | Should -Match '2\^360'
        $summary.Rejected | Should -Be 2
        Read-Minute $ns M SampleCount | Should -Be 2
    }

    It 'lists the new series and their cost under -WhatIf, and sends nothing' {
        $ns = New-Namespace 'WhatIf'
        $script = @"
Import-Module '$ModuleManifest'
1..3 | ForEach-Object { [pscustomobject]@{ MetricName = 'Requests'; Value = 1; Dimensions = "Customer:c`$_" } } | Write-CwMetric -Namespace $ns -NoHostDimension -WhatIf
"@
        $out = @(Invoke-Pwsh -ArgumentList '-Command', $script) -join "`n"
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match 'What if: Publish to .+: 3 values as 3 datums in 3 series, 1 PutMetricData call\.'
        $out | Should -Match 'New metrics \(not listed by ListMetrics\): 3, an estimated 0\.90 USD a month'
        $out | Should -Match ([regex]::Escape("$ns/Requests [Customer=c2]"))
        Find-CwMetric -Namespace $ns | Should -BeNullOrEmpty
    }

    It 'returns the plan with -WhatIf -PassThru' {
        $ns = New-Namespace 'Plan'
        $plan = 1..10 | Write-CwMetric -Namespace $ns -MetricName M -WhatIf -PassThru
        $plan.WhatIf | Should -BeTrue
        $plan.NewSeries.Count | Should -Be 1
        $plan.NewSeries[0].Dimensions.Name | Should -Be 'Host'
        $plan.EstimatedMonthlyCostUsd | Should -Be 0.30
    }

    It 'writes a summary that survives Export-Csv and ConvertTo-Json' {
        $summary = 1..5 | Write-CwMetric -Namespace (New-Namespace 'Csv') -MetricName M -WhatIf -PassThru
        $csv = Join-Path $TestDrive 'summary.csv'
        $summary | Export-Csv $csv
        $row = Import-Csv $csv
        $row.Values | Should -Be 5
        $row.NewSeries | Should -Match '/M \[Host='
        ($summary | ConvertTo-Json -Depth 4 | ConvertFrom-Json).NewSeries[0].MetricName | Should -Be 'M'
    }

    It 'renders the summary in <Width> columns without cutting a cell' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $summaries = @(
            1..1000 | Write-CwMetric -Namespace (New-Namespace 'ViewNamespaceOfSomeLength') -MetricName M -NoHostDimension -PassThru
            1..10 | Write-CwMetric -Namespace (New-Namespace 'View') -MetricName M -WhatIf -PassThru
        )
        $text = $summaries | Out-String -Width $Width
        $text | Should -Match 'Values\s+Series\s+Datums\s+Calls\s+Rejected\s+Unsent\s+New\s+USD/month\s+Namespace'
        $text | Should -Not -Match '…'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $Width }) | Should -BeNullOrEmpty
        $text | Should -Match '\s1\s+0\.30\s'
    }

    It 'stops before sending anything when the namespace is reserved' {
        { 1 | Write-CwMetric -Namespace AWS/EC2 -MetricName M -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidNamespace,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand'
    }

    It 'completes unit names' {
        $completion = TabExpansion2 -inputScript 'Write-CwMetric -Unit Bytes/' -cursorColumn 'Write-CwMetric -Unit Bytes/'.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'Bytes/Second'
    }
}
