#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $instance = 'i-0123456789abcdef0'
}

Describe 'Get-CwMetric' {
    It 'reads a preset for an instance as a TimedMetric' {
        $series = Get-CwMetric nephele_mem -InstanceId $instance -Hours 2
        $series | Should -BeOfType ([CloudWatcher.TimedMetric])
        $series.Count | Should -BeGreaterThan 100
        $series.Unit | Should -Be 'Bytes'
        $series.Summary | Should -Match "^Max 'mem_used' is [\d.]+ GiB over"
    }

    It 'reads presets from the pipeline for several instances and statistics' {
        $series = Get-CwPreset nephele_mem, nephele_swap_used |
            Get-CwMetric -InstanceId $instance, 'i-0fedcba9876543210' -Statistic Maximum, Average -Hours 1
        $series.Count | Should -Be 8
        ($series.Label | Sort-Object -Unique).Count | Should -Be 8
    }

    It 'reads metrics piped from Find-CwMetric' {
        (Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Get-CwMetric -Hours 1).Count | Should -Be 2
    }

    It 'writes datapoints for Where-Object and Export-Csv with -AsDatapoint' {
        $points = Get-CwMetric nephele_cpu_usage_user -InstanceId $instance -Hours 1 -AsDatapoint
        $points[0] | Should -BeOfType ([CloudWatcher.MetricDatapoint])
        $csv = Join-Path $TestDrive 'points.csv'
        $points | Where-Object Value -GT 0 | Export-Csv $csv
        (Import-Csv $csv)[0].PSObject.Properties.Name | Should -Contain 'Timestamp'
    }

    It 'refuses a period CloudWatch does not take' {
        { Get-CwMetric nephele_mem -InstanceId $instance -Period 61 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'refuses a start after the end' {
        { Get-CwMetric nephele_mem -InstanceId $instance -StartTime (Get-Date) -EndTime (Get-Date).AddHours(-1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTimeRange,CloudWatcher.PowerShell.Commands.GetCwMetricCommand'
    }

    It 'refuses an unknown preset' {
        { Get-CwMetric no_such_preset -InstanceId $instance -ErrorAction Stop } | Should -Throw -ErrorId 'PresetNotFound,*'
    }

    It 'refuses a bad dimension' {
        { Get-CwMetric -Namespace N -MetricName M -Dimension ':x' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'returns an empty series when there is no data' {
        (Get-CwMetric -Namespace Nothing/Here -MetricName none -Hours 1).Count | Should -Be 0
    }

    It 'warns which period has data when the range is older than the period is kept' {
        $null = Get-CwMetric nephele_mem -InstanceId $instance -Days 20 -WarningVariable warnings 3>$null
        $warnings | Should -Match '-Period 300'
    }
}
