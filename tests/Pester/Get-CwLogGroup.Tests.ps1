#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $jobs = '/cloudwatcher/demo/jobs'
}

Describe 'Get-CwLogGroup' {
    It 'lists the demo log groups as LogGroup objects' {
        $groups = Get-CwLogGroup
        $groups | ForEach-Object { $_ | Should -BeOfType ([CloudWatcher.LogGroup]) }
        $groups.LogGroupName | Should -Contain $jobs
        $groups.LogGroupName | Should -Contain '/cloudwatcher/demo/empty'
    }

    It 'matches a wildcard name' {
        (Get-CwLogGroup '/cloudwatcher/demo/j*').LogGroupName | Should -Be $jobs
    }

    It 'lists by name prefix' {
        (Get-CwLogGroup -NamePrefix '/cloudwatcher/demo/').Count | Should -Be 2
    }

    It 'reports a missing exact name as a non-terminating LogGroupNotFound error' {
        $found = Get-CwLogGroup $jobs, '/cloudwatcher/demo/missing' -ErrorVariable errors -ErrorAction SilentlyContinue
        $found.LogGroupName | Should -Be $jobs
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'LogGroupNotFound,CloudWatcher.PowerShell.Commands.GetCwLogGroupCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'stops on a missing name with -ErrorAction Stop' {
        { Get-CwLogGroup '/cloudwatcher/demo/missing' -ErrorAction Stop } | Should -Throw -ErrorId 'LogGroupNotFound*'
    }

    It 'renders a table with human-readable stored bytes' {
        $text = Get-CwLogGroup $jobs | Out-String
        $text | Should -Match 'Retention\s+Stored\s+Class\s+Created \(UTC\)\s+LogGroupName'
        $text | Should -Match '(KiB|MiB)'
    }

    It 'completes log group names' {
        $line = 'Get-CwLogGroup /cloudwatcher/demo/j'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Be $jobs
    }
}

Describe 'Get-CwLogStream' {
    It 'lists the streams of a group' {
        $streams = Get-CwLogStream $jobs
        $streams.Count | Should -Be 3
        $streams | ForEach-Object { $_ | Should -BeOfType ([CloudWatcher.LogStream]) }
        $streams.LogGroupName | Sort-Object -Unique | Should -Be $jobs
    }

    It 'takes groups from Get-CwLogGroup' {
        $streams = Get-CwLogGroup '/cloudwatcher/demo/*' | Get-CwLogStream
        $streams.Count | Should -Be 3
    }

    It 'orders by last event time, newest first' {
        $streams = Get-CwLogStream $jobs -OrderBy LastEventTime -Descending
        $times = $streams.LastEventTime
        $times | Should -Be ($times | Sort-Object -Descending)
        (Get-CwLogStream $jobs -OrderBy LastEventTime -Descending -First 1).LogStreamName | Should -Be $streams[0].LogStreamName
    }

    It 'reports an unknown group as ResourceNotFound and goes on with the next' {
        $streams = '/cloudwatcher/demo/missing', $jobs | Get-CwLogStream -ErrorVariable errors -ErrorAction SilentlyContinue
        $streams.Count | Should -Be 3
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be '/cloudwatcher/demo/missing'
    }

    It 'refuses -NamePrefix with -OrderBy LastEventTime' {
        { Get-CwLogStream $jobs -NamePrefix job- -OrderBy LastEventTime } | Should -Throw -ErrorId 'InvalidStreamOrder,*'
    }

    It 'exports to CSV and JSON' {
        $csv = Join-Path $TestDrive 'streams.csv'
        Get-CwLogStream $jobs | Export-Csv $csv
        (Import-Csv $csv).Count | Should -Be 3
        (Get-CwLogStream $jobs | ConvertTo-Json | ConvertFrom-Json)[0].LogGroupName | Should -Be $jobs
    }
}
