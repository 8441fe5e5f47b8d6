#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'CloudWatcher' 'CloudWatcher.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEmulator.psm1') -Force
    $emulator = Start-TestEmulator -Seed demo
    Set-TestAwsEnvironment -Endpoint $emulator.Endpoint
}

AfterAll {
    Clear-TestAwsEnvironment
    if ($emulator) { Stop-TestEmulator -Emulator $emulator }
}

Describe 'Get-CwMetricList' {
    It 'lists the metrics of a namespace as MetricInfo objects' {
        $metrics = Get-CwMetricList -Namespace NepheleNamespaceEC2
        $metrics | Should -Not -BeNullOrEmpty
        $metrics | ForEach-Object { $_ | Should -BeOfType ([CloudWatcher.MetricInfo]) }
        $metrics.MetricName | Should -Contain 'mem_used'
    }

    It 'filters by a wildcard metric name' {
        $names = Get-CwMetricList NepheleNamespaceEC2 'swap_*' | ForEach-Object MetricName | Sort-Object -Unique
        $names | Should -Be @('swap_used', 'swap_used_percent')
    }

    It 'filters by dimension given as <Kind>' -ForEach @(
        @{ Kind = 'Name:Value'; Dimension = 'path:/nephele_data' }
        @{ Kind = 'hashtable'; Dimension = @{ path = '/nephele_data' } }
    ) {
        $metrics = Get-CwMetricList -Namespace NepheleNamespaceEC2 -Dimension $Dimension
        $metrics | Should -Not -BeNullOrEmpty
        foreach ($metric in $metrics) { ($metric.Dimensions | Where-Object Name -EQ 'path').Value | Should -Be '/nephele_data' }
    }

    It 'composes with Where-Object, Export-Csv and ConvertTo-Json' {
        $metrics = Get-CwMetricList -Namespace NepheleNamespaceEC2 | Where-Object MetricName -EQ 'mem_used'
        $csv = Join-Path $TestDrive 'metrics.csv'
        $metrics | Select-Object Namespace, MetricName, @{ n = 'Dimensions'; e = { $_.Dimensions -join ';' } } | Export-Csv $csv
        (Import-Csv $csv).Count | Should -Be @($metrics).Count
        ($metrics | ConvertTo-Json -Depth 4 | ConvertFrom-Json)[0].Dimensions[0].Name | Should -Be 'InstanceId'
    }

    It 'takes its own output from the pipeline' {
        $again = Get-CwMetricList -Namespace NepheleNamespaceEC2 -MetricName mem_used | Get-CwMetricList
        $again.MetricName | Sort-Object -Unique | Should -Be 'mem_used'
    }

    It 'renders a table by default' {
        $text = Get-CwMetricList -Namespace NepheleNamespaceEC2 -MetricName mem_used | Out-String
        $text | Should -Match 'Namespace\s+MetricName\s+Dimensions'
    }

    It 'stops with RegionNotSet and a hint when no region is known' {
        $region = $env:AWS_REGION
        Remove-Item env:AWS_REGION
        try {
            { Get-CwMetricList -Namespace X -ErrorAction Stop } | Should -Throw -ErrorId 'RegionNotSet,CloudWatcher.PowerShell.Commands.GetCwMetricListCommand'
        }
        finally { $env:AWS_REGION = $region }
    }

    It 'refuses a dimension without a name' {
        { Get-CwMetricList -Namespace X -Dimension ':value' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'keeps the secret key out of verbose output' {
        $verbose = Get-CwMetricList -Namespace NepheleNamespaceEC2 -AccessKey pester -SecretKey 'Do-Not-Print-Me' -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose | Out-String) | Should -Not -Match 'Do-Not-Print-Me'
    }
}
