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

    It 'refuses a malformed id' {
        { Get-CwInstanceUptime not-an-id } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
