#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
}

Describe 'Find-CwMetric' {
    It 'lists the metrics of a namespace as MetricInfo objects' {
        $metrics = Find-CwMetric -Namespace NepheleNamespaceEC2
        $metrics | Should -Not -BeNullOrEmpty
        $metrics | ForEach-Object { $_ | Should -BeOfType ([CloudWatcher.MetricInfo]) }
        $metrics.MetricName | Should -Contain 'mem_used'
    }

    It 'filters by a wildcard metric name' {
        $names = Find-CwMetric NepheleNamespaceEC2 'swap_*' | ForEach-Object MetricName | Sort-Object -Unique
        $names | Should -Be @('swap_used', 'swap_used_percent')
    }

    It 'filters by dimension given as <Kind>' -ForEach @(
        @{ Kind = 'Name:Value'; Dimension = 'path:/nephele_data' }
        @{ Kind = 'hashtable'; Dimension = @{ path = '/nephele_data' } }
    ) {
        $metrics = Find-CwMetric -Namespace NepheleNamespaceEC2 -Dimension $Dimension
        $metrics | Should -Not -BeNullOrEmpty
        foreach ($metric in $metrics) { ($metric.Dimensions | Where-Object Name -EQ 'path').Value | Should -Be '/nephele_data' }
    }

    It 'composes with Where-Object, Export-Csv and ConvertTo-Json' {
        $metrics = Find-CwMetric -Namespace NepheleNamespaceEC2 | Where-Object MetricName -EQ 'mem_used'
        $csv = Join-Path $TestDrive 'metrics.csv'
        $metrics | Select-Object Namespace, MetricName, @{ n = 'Dimensions'; e = { $_.Dimensions -join ';' } } | Export-Csv $csv
        (Import-Csv $csv).Count | Should -Be @($metrics).Count
        ($metrics | ConvertTo-Json -Depth 4 | ConvertFrom-Json)[0].Dimensions[0].Name | Should -Be 'InstanceId'
    }

    It 'takes its own output from the pipeline' {
        $again = Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Find-CwMetric
        $again.MetricName | Sort-Object -Unique | Should -Be 'mem_used'
    }

    It 'renders a table by default' {
        $text = Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used | Out-String
        $text | Should -Match 'Namespace\s+MetricName\s+Dimensions'
    }

    It 'stops with RegionNotSet and a hint when no region is known' {
        $region = $env:AWS_REGION
        Remove-Item env:AWS_REGION
        try {
            { Find-CwMetric -Namespace X -ErrorAction Stop } | Should -Throw -ErrorId 'RegionNotSet,CloudWatcher.PowerShell.Commands.FindCwMetricCommand'
        }
        finally { $env:AWS_REGION = $region }
    }

    It 'refuses a dimension without a name' {
        { Find-CwMetric -Namespace X -Dimension ':value' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'keeps the secret key out of verbose output' {
        $verbose = Find-CwMetric -Namespace NepheleNamespaceEC2 -AccessKey pester -SecretKey 'Do-Not-Print-Me' -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose | Out-String) | Should -Not -Match 'Do-Not-Print-Me'
    }
}
