#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# The read side as a PowerShell user meets it: time zones, Export-Csv and ConvertTo-Json, views at 80 and 120 columns,
# AWS.Tools' session defaults, and two scheduled runs sharing a checkpoint.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
}

Describe 'Times in zones other than UTC' -ForEach @(
    @{ Zone = 'America/New_York' }
    @{ Zone = 'Europe/Berlin' }
) {
    It 'reads -Since as a TimeSpan, a UTC or local DateTime, or text the same in <Zone>' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:CLOUDWATCHER_TEST_MODULE_PATH
$g = '/cloudwatcher/demo/jobs'
$ref = @(Get-CwLog $g -StartTime ([datetime]::UtcNow.AddHours(-6))).Count
@(
    $ref
    @(Get-CwLog $g -Since ([timespan]'06:00:00')).Count
    @(Get-CwLog $g -Since ([datetime]::UtcNow.AddHours(-6))).Count
    @(Get-CwLog $g -Since ([datetime]::Now.AddHours(-6))).Count
    @(Get-CwLog $g -Since 6h).Count
    [System.TimeZoneInfo]::Local.Id
) -join ','
'@
        $out = @(Invoke-Pwsh -ArgumentList '-Command', $script -Environment @{ TZ = $Zone; CLOUDWATCHER_TEST_MODULE_PATH = $ModuleManifest })
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $counts = $out[-1] -split ','
        $counts[-1] | Should -Be $Zone
        [int]$counts[0] | Should -BeGreaterThan 0
        # Each way of saying "six hours ago" reads the same events (a minute's drift between the calls at most).
        foreach ($n in $counts[1..4]) { [math]::Abs([int]$n - [int]$counts[0]) | Should -BeLessOrEqual 3 }
    }
}

Describe 'Objects that survive Export-Csv and ConvertTo-Json' {
    It 'writes dimensions as Name=Value text in CSV' {
        $path = Join-Path $TestDrive 'metrics.csv'
        Find-CwMetric -Namespace $DemoNamespace -MetricName mem_used | Export-Csv $path
        $row = (Import-Csv $path)[0]
        $row.Dimensions | Should -Match '^InstanceId=i-'
        $row.Dimensions | Should -Not -Match 'System\.Collections'
    }

    It 'writes sources as names in JSON' {
        $uptime = Get-CwInstanceUptime $DemoInstance | ConvertTo-Json | ConvertFrom-Json
        $uptime.Source | Should -Be 'Ec2LaunchTime'
        (Get-CwPreset nephele_mem | ConvertTo-Json | ConvertFrom-Json).Source | Should -Be 'BuiltIn'
        $dims = (Find-CwMetric -Namespace $DemoNamespace -MetricName mem_used)[0] | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $dims.Dimensions[0].Name | Should -Be 'InstanceId'
    }
}

Describe 'Default views read at 80 and 120 columns' -ForEach @(
    @{ Width = 80 }
    @{ Width = 120 }
) {
    It 'shows <Width>-column tables without cutting a cell' {
        $outputs = @(
            Get-CwMetric nephele_mem, nephele_disk_used_percent_nephele_data -InstanceId $DemoInstance, $DemoStoppedInstance -Hours 2 -Statistic Maximum, p99
            Find-CwMetric -Namespace $DemoNamespace -MetricName disk_used_percent
            Get-CwPreset nephele_*
            Get-CwLogGroup /cloudwatcher/demo/*
            Get-CwLogStream $DemoLogGroup
            Get-CwInstanceUptime $DemoInstance, $DemoStoppedInstance
        )
        foreach ($kind in ($outputs | Group-Object { $_.GetType().Name })) {
            $text = $kind.Group | Out-String -Width $Width
            $text | Should -Not -Match '…' -Because "$($kind.Name) at $Width columns"
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $Width }) | Should -BeNullOrEmpty
        }
    }

    It 'tells series of one metric apart at <Width> columns' {
        # Labels wrap rather than being cut, so the whole label of each series is there.
        $text = (Get-CwMetric nephele_disk_used_percent_nephele_data -InstanceId $DemoInstance, $DemoStoppedInstance -Hours 2 | Out-String -Width $Width) -replace '\s+', ''
        $text | Should -Match ([regex]::Escape($DemoInstance))
        $text | Should -Match ([regex]::Escape($DemoStoppedInstance))
    }
}

Describe 'Numbers without a unit' {
    It 'prints large values in plain digits' {
        $series = Get-CwMetric -Namespace $DemoNamespace -MetricName processes_dead -Dimension "InstanceId:$DemoInstance" -Hours 1
        $series.FormatValue(2147483647) | Should -Be '2,147,483,647'
    }
}

Describe 'AWS.Tools session defaults' {
    It 'uses $StoredAWSRegion and $StoredAWSCredentials made by AWS.Tools'' own SDK in the default load context' {
        $script = @'
$ErrorActionPreference = 'Stop'
# What Set-AWSCredential and Set-DefaultAWSRegion leave behind, with AWS.Tools' AWSSDK.Core loaded first.
Add-Type -Path (Join-Path (Split-Path $env:CLOUDWATCHER_TEST_MODULE_PATH) 'Dependencies' 'AWSSDK.Core.dll')
$global:StoredAWSCredentials = [Amazon.Runtime.BasicAWSCredentials]::new('AKIDSTOREDSESSION', 'stored-session-secret-0123456789')
$global:StoredAWSRegion = 'ap-southeast-2'
Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_REGION
Import-Module $env:CLOUDWATCHER_TEST_MODULE_PATH
$verbose = Get-CwLogGroup /cloudwatcher/demo/jobs -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
($verbose.Message -join ' | ')
'@
        $out = @(Invoke-Pwsh -ArgumentList '-Command', $script -Environment @{ CLOUDWATCHER_TEST_MODULE_PATH = $ModuleManifest })
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out[-1] | Should -Match 'region ap-southeast-2'
        $out[-1] | Should -Match 'StoredAWSCredentials'
        $out[-1] | Should -Not -Match 'stored-session-secret'
    }
}

Describe 'Two scheduled runs on one checkpoint' {
    It 'lets the second fail at once with CheckpointInUse while the first runs' {
        $checkpoint = Join-Path $TestDrive 'shared.checkpoint'
        $first = Start-ThreadJob -ScriptBlock {
            param($ModulePath, $Group, $Checkpoint)
            Import-Module $ModulePath
            Watch-CwLog $Group -Follow -Since 3d -CheckpointPath $Checkpoint -PollIntervalSeconds 0.2 | Out-Null
        } -ArgumentList $ModuleManifest, $DemoLogGroup, $checkpoint
        try {
            $deadline = (Get-Date).AddSeconds(20)
            while (-not (Test-Path "$checkpoint.lock") -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 500
            { Watch-CwLog $DemoLogGroup -CheckpointPath $checkpoint -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointInUse,*'
        }
        finally {
            $first | Stop-Job
            $first | Remove-Job -Force
        }
        # Once the first run has ended, the checkpoint is free again.
        { Watch-CwLog $DemoLogGroup -CheckpointPath $checkpoint -ErrorAction Stop | Out-Null } | Should -Not -Throw
    }
}
