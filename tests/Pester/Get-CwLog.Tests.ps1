#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $group = '/cloudwatcher/demo/jobs'
    $stream = (Get-CwLogStream -LogGroupName $group | Sort-Object LogStreamName | Select-Object -First 1).LogStreamName
}

Describe 'Get-CwLog' {
    It 'reads one stream completely, in order, as LogEvent objects' {
        $events = Get-CwLog -LogGroupName $group -LogStreamName $stream
        $events[0] | Should -BeOfType ([CloudWatcher.LogEvent])
        $events.Count | Should -BeGreaterThan 100
        ($events.Timestamp | Sort-Object) | Should -Be $events.Timestamp
    }

    It 'interleaves a group and filters with a pattern' {
        $errors = Get-CwLog $group -FilterPattern ERROR
        $errors.LogStreamName | Sort-Object -Unique | Should -HaveCount 3
        $errors.Message | ForEach-Object { $_ | Should -Match 'ERROR' }
    }

    It 'takes group names from Get-CwLogGroup' {
        (Get-CwLogGroup /cloudwatcher/demo/jobs | Get-CwLog -Since 2h) | Should -Not -BeNullOrEmpty
    }

    It 'writes cloudwatcher lines with -AsText and ConvertTo-CwLogLine alike' {
        $text = Get-CwLog $group -LogStreamName $stream -AsText
        $text[0] | Should -Match '^\[\d\d-\d\d-\d{4} \d\d:\d\d:\d\d UTC\] '
        (Get-CwLog $group -LogStreamName $stream | ConvertTo-CwLogLine) | Should -Be $text
    }

    It 'expands JSON messages for Where-Object' {
        $json = Get-CwLog $group -FilterPattern '{ $.level = "ERROR" }' -ExpandJson | Where-Object level -EQ 'ERROR'
        $json | Should -Not -BeNullOrEmpty
        $json[0].step | Should -BeOfType ([long])
    }

    It 'continues from -NextTokenVariable with -StartToken' {
        $first = Get-CwLog $group -LogStreamName $stream -Limit 50 -NextTokenVariable next
        $rest = Get-CwLog $group -LogStreamName $stream -StartToken $next
        ($first.Count + $rest.Count) | Should -Be (Get-CwLog $group -LogStreamName $stream).Count
    }

    It 'reports a missing group as ResourceNotFound' {
        { Get-CwLog /no/such/group -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotFound,*'
    }

    It 'reports a bad filter pattern' {
        { Get-CwLog $group -FilterPattern '{ $.level = ' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,*'
    }

    It 'refuses a start after the end' {
        { Get-CwLog $group -StartTime (Get-Date) -EndTime (Get-Date).AddHours(-1) } | Should -Throw -ErrorId 'InvalidTimeRange,*'
    }
}

Describe 'Watch-CwLog' {
    It 'reads to the end without -Follow' {
        (Watch-CwLog $group -LogStreamName $stream).Count | Should -Be (Get-CwLog $group -LogStreamName $stream).Count
    }

    It 'continues where the previous run stopped with -CheckpointPath' {
        $checkpoint = Join-Path $TestDrive 'jobs.checkpoint'
        $first = Watch-CwLog $group -CheckpointPath $checkpoint
        $first | Should -Not -BeNullOrEmpty
        Watch-CwLog $group -CheckpointPath $checkpoint | Should -BeNullOrEmpty
    }

    It 'refuses a corrupt checkpoint and leaves it alone' {
        $checkpoint = Join-Path $TestDrive 'corrupt.checkpoint'
        '{ broken' | Set-Content $checkpoint
        { Watch-CwLog $group -CheckpointPath $checkpoint } | Should -Throw -ErrorId 'CheckpointUnusable,*'
        Get-Content $checkpoint | Should -Be '{ broken'
    }

    It 'follows until stopped' {
        $job = Start-ThreadJob -ScriptBlock {
            param($ModulePath, $Group)
            Import-Module $ModulePath
            Watch-CwLog $Group -Follow -Since 3d -PollIntervalSeconds 0.2
        } -ArgumentList $ModuleManifest, $group
        Start-Sleep -Seconds 3
        $started = Get-Date
        $job | Stop-Job
        ((Get-Date) - $started).TotalSeconds | Should -BeLessThan 2
        ($job | Receive-Job).Count | Should -BeGreaterThan 100
    }
}
