#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
}

Describe 'Get-CwInstanceUptime' {
    It 'takes the uptime of a running instance from EC2' {
        $uptime = Get-CwInstanceUptime i-0123456789abcdef0
        $uptime.Source | Should -Be 'Ec2LaunchTime'
        $uptime.Uptime.TotalHours | Should -BeGreaterThan 76
    }

    It 'estimates a stopped instance from metric data and says so' {
        $uptime = 'i-0fedcba9876543210' | Get-CwInstanceUptime
        $uptime.Source | Should -Be 'MetricEstimate'
        $uptime.IsRunning | Should -BeFalse
        $uptime.Detail | Should -Match 'estimated'
    }

    It 'reports an instance without data' {
        { Get-CwInstanceUptime i-0aaaaaaaaaaaaaaa1 -ErrorAction Stop } | Should -Throw -ErrorId 'UptimeUnknown,*'
    }

    It 'reads whole at 80 columns: no truncated cell' {
        $text = Get-CwInstanceUptime $DemoInstance, $DemoStoppedInstance | Out-String -Width 80
        $text | Should -Not -Match '…'
        $text | Should -Match 'running .* EC2'
        $text | Should -Match 'stopped .* estimate'
    }

    It 'takes any InstanceId value CloudWatch takes, and warns when it does not look like EC2''s' {
        { Get-CwInstanceUptime not-an-id -WarningAction SilentlyContinue -ErrorAction Stop } | Should -Throw -ErrorId 'UptimeUnknown,*'
        $warnings = Get-CwInstanceUptime not-an-id -ErrorAction SilentlyContinue 3>&1
        "$warnings" | Should -Match 'does not look like an EC2 instance id'
    }
}
