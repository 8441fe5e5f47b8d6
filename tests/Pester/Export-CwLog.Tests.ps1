#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $group = $DemoLogGroup
    $stream = (Get-CwLogStream -LogGroupName $group | Sort-Object LogStreamName | Select-Object -First 1).LogStreamName
}

Describe 'Export-CwLog' {
    It 'writes exactly what Get-CwLog -AsText | Set-Content writes' {
        $exported = Join-Path $TestDrive 'jobs.log'
        $piped = Join-Path $TestDrive 'piped.log'
        Export-CwLog $group -Path $exported
        Get-CwLog $group -AsText | Set-Content $piped
        [System.IO.File]::ReadAllText($exported) | Should -BeExactly ([System.IO.File]::ReadAllText($piped))
        [System.IO.File]::ReadAllBytes($exported)[0] | Should -Be ([byte][char]'[') # no byte order mark
    }

    It 'writes JSON lines that ConvertFrom-Json reads back as the events' {
        $path = Join-Path $TestDrive 'errors.jsonl'
        Export-CwLog $group -FilterPattern ERROR -Path $path
        $events = Get-CwLog $group -FilterPattern ERROR
        $back = Get-Content $path | ConvertFrom-Json
        $back.Count | Should -Be $events.Count
        $back.message | Should -Be $events.Message
        $back.eventId | Should -Be $events.EventId
        $back[0].PSObject.Properties.Name | Should -Be @('timestamp', 'ingestionTime', 'logGroupName', 'logStreamName', 'eventId', 'message')
    }

    It 'writes CSV that Import-Csv reads back as the events' {
        $path = Join-Path $TestDrive 'stream.csv'
        Get-CwLogStream $group | Where-Object LogStreamName -EQ $stream | Export-CwLog -Path $path
        $events = Get-CwLog $group -LogStreamName $stream
        $rows = Import-Csv $path
        $rows.Count | Should -Be $events.Count
        $rows.message | Should -Be $events.Message
        $rows.logStreamName | Sort-Object -Unique | Should -Be $stream
    }

    It 'returns a summary with -PassThru whose view reads at 80 and 120 columns' {
        $summary = Export-CwLog $group -LogStreamName $stream -Path (Join-Path $TestDrive 'one.txt') -PassThru
        $summary | Should -BeOfType ([CloudWatcher.LogExportSummary])
        $summary.Events | Should -Be (Get-CwLog $group -LogStreamName $stream).Count
        $summary.Bytes | Should -Be (Get-Item (Join-Path $TestDrive 'one.txt')).Length
        $summary.Streams | Should -Be 1
        foreach ($width in 80, 120) {
            $table = $summary | Out-String -Width $width
            $table | Should -Match 'Events\s+Size\s+Streams\s+Elapsed\s+Format\s+Path'
            $table | Should -Match '\sText\s'
            $table -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width }
        }
    }

    It 'keeps an existing file without -Force and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'keep.log'
        'keep' | Set-Content $path
        { Export-CwLog $group -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,*'
        Export-CwLog $group -Path $path -Force -WhatIf
        Get-Content $path | Should -Be 'keep'
        Export-CwLog $group -Path $path -Force
        (Get-Content $path -First 1) | Should -Match '^\[\d\d-\d\d-\d{4} \d\d:\d\d:\d\d UTC\] '
        Get-ChildItem $TestDrive -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'asks for a known extension or -Format' {
        { Export-CwLog $group -Path (Join-Path $TestDrive 'x.xlsx') -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownExportFormat,*'
        { Export-CwLog $group -Path (Join-Path $TestDrive 'no' 'such' 'x.log') -ErrorAction Stop } | Should -Throw -ErrorId 'DirectoryNotFound,*'
        { Export-CwLog /no/such/group -LogStreamName s -Path (Join-Path $TestDrive 'missing.log') -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotFound,*'
        Test-Path (Join-Path $TestDrive 'missing.log') | Should -BeFalse
    }
}
