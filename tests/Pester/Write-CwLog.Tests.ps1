#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# The user's view of Write-CwLog, Get-CwLogSpool and Send-CwLogSpool in the real pwsh.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $script:Spool = Join-Path $TestDrive 'spool'
    function New-GroupName { "/pester/write-$([guid]::NewGuid().ToString('N').Substring(0, 10))" }
}

Describe 'Write-CwLog' {
    It 'sends the lines of a file from Get-Content, in order' {
        $group = New-GroupName
        $file = Join-Path $TestDrive 'app.log'
        1..1500 | ForEach-Object { "line $_ of the app log" } | Set-Content $file
        Get-Content $file | Write-CwLog -LogGroupName $group -LogStreamName web-1 -SpoolPath $Spool
        $read = Get-CwLog $group -LogStreamName web-1
        $read.Count | Should -Be 1500
        $read[0].Message | Should -Be 'line 1 of the app log'
        $read[-1].Message | Should -Be 'line 1500 of the app log'
        Get-ChildItem $Spool -Recurse -Filter *.cwspool | Should -BeNullOrEmpty -Because 'every event was acknowledged'
    }

    It 'sends objects as one line of JSON that ConvertFrom-Json reads back' {
        $group = New-GroupName
        $at = [datetime]::new(2026, 11, 30, 8, 15, 0, [DateTimeKind]::Utc)
        $objects = 1..3 | ForEach-Object {
            [pscustomobject]@{ Timestamp = [datetime]::UtcNow.AddMinutes(-$_); level = 'INFO'; step = $_; at = $at; tags = 'a', 'b'; color = [ConsoleColor]::Red }
        }
        $objects | Write-CwLog $group s -SpoolPath $Spool
        $read = Get-CwLog $group -LogStreamName s
        $read.Count | Should -Be 3
        $read[0].Message | Should -Not -Match "`n"
        $json = $read | ForEach-Object { $_.Message | ConvertFrom-Json }
        $json.step | Should -Be 3, 2, 1 -Because 'each event has its Timestamp, so they are stored oldest first'
        $json[0].level | Should -Be 'INFO'
        $json[0].tags | Should -Be 'a', 'b'
        $json[0].color | Should -Be 'Red'
        $read[0].Message | Should -Match '"at":"2026-11-30T08:15:00Z"'
        [math]::Abs(($read[0].Timestamp - $objects[2].Timestamp).TotalMilliseconds) | Should -BeLessThan 1
    }

    It 'takes the message from -Property and the time from -TimestampProperty' {
        $group = New-GroupName
        $when = [datetimeoffset]::UtcNow.AddHours(-1).ToUnixTimeMilliseconds()
        @{ text = 'from a hashtable'; epoch = $when } | Write-CwLog $group s -Property text -TimestampProperty epoch -SpoolPath $Spool
        $event = Get-CwLog $group -LogStreamName s
        $event.Message | Should -Be 'from a hashtable'
        ([datetimeoffset]$event.Timestamp).ToUnixTimeMilliseconds() | Should -Be $when
    }

    It 'says with -WhatIf how many events, bytes and calls it would send, and sends nothing' {
        $group = New-GroupName
        $script = "Import-Module '$ModuleManifest'; 1..10001 | ForEach-Object { 'event ' + `$_ } | Write-CwLog '$group' s -WhatIf"
        $text = (Invoke-Pwsh -ArgumentList '-Command', $script) -join "`n"
        $text | Should -Match ([regex]::Escape("What if: Performing the operation ""Write 10,001 log events (")) -Because $text
        $text | Should -Match ([regex]::Escape("in 2 PutLogEvents calls"" on target ""$group / s"""))
        Get-CwLogGroup $group -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'writes a summary with -PassThru that reads at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $group = New-GroupName
        $summary = 1..25000 | ForEach-Object { "event $_" } | Write-CwLog $group 'a-longer-stream-name-for-the-view' -PassThru -SpoolPath $Spool
        $summary | Should -BeOfType ([CloudWatcher.LogWriteSummary])
        $summary.EventsSent | Should -Be 25000
        $summary.Calls | Should -Be 3 -Because 'three calls of up to 10,000 events are needed'
        $summary.Spooled | Should -Be 0
        $text = $summary | Out-String -Width $Width
        $text | Should -Match 'Sent\s+Calls\s+Size\s+Failed\s+Spooled\s+Resent\s+Duration'
        $text | Should -Match '25,000'
        $text | Should -Not -Match '…'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $Width }) | Should -BeNullOrEmpty
        $summary | ConvertTo-Json | ConvertFrom-Json | Select-Object -ExpandProperty EventsSent | Should -Be 25000
    }

    It 'reports an oversize event as a LogEventTooLarge error and sends the rest' {
        $group = New-GroupName
        $result = ('x' * 1100000), 'small one' | Write-CwLog $group s -SpoolPath $Spool -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'LogEventTooLarge,CloudWatcher.PowerShell.Commands.WriteCwLogCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-Truncate'
        $result.Oversize | Should -Be 1
        (Get-CwLog $group -LogStreamName s).Message | Should -Be 'small one'
    }

    It 'sends an oversize event cut with a marker under -Truncate, with a warning' {
        $group = New-GroupName
        'y' * 1100000 | Write-CwLog $group s -Truncate -SpoolPath $Spool -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'truncated by CloudWatcher'
        (Get-CwLog $group -LogStreamName s).Message | Should -Match '…\[truncated by CloudWatcher: \d+ bytes\]$'
    }

    It 'names events CloudWatch Logs rejects as too old, and stops on them with -ErrorAction Stop' {
        $group = New-GroupName
        $old = [pscustomobject]@{ Timestamp = (Get-Date).AddDays(-20); msg = 'from long ago' }
        $old, [pscustomobject]@{ Timestamp = (Get-Date); msg = 'today' } | Write-CwLog $group s -SpoolPath $Spool -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'LogEventRejectedTooOld,*'
        "$($failures[0])" | Should -Match 'from long ago'
        (Get-CwLog $group -LogStreamName s).Message | Should -Match 'today'
        { $old | Write-CwLog $group s -SpoolPath $Spool -ErrorAction Stop } | Should -Throw -ErrorId 'LogEventRejectedTooOld*'
    }

    It 'ends with LogEventsSpooled when the endpoint cannot be reached, and Get-CwLogSpool shows what waits' {
        $group = New-GroupName
        $down = Join-Path $TestDrive 'down-spool'
        $env:AWS_MAX_ATTEMPTS = '1'
        try {
            { 'a', 'b', 'c' | Write-CwLog $group s -SpoolPath $down -EndpointUrl 'http://127.0.0.1:9' -ErrorAction Stop -WarningAction SilentlyContinue } |
                Should -Throw -ErrorId 'LogEventsSpooled*' -ExpectedMessage '*3 events are kept in the spool folder*'
        }
        finally { Remove-Item env:AWS_MAX_ATTEMPTS }
        $entry = Get-CwLogSpool -SpoolPath $down
        $entry | Should -BeOfType ([CloudWatcher.LogSpoolEntry])
        $entry.LogGroupName | Should -Be $group
        $entry.Events | Should -Be 3
        $entry.Endpoint | Should -Be 'http://127.0.0.1:9'
        foreach ($width in 80, 120) {
            $text = $entry | Out-String -Width $width
            $text | Should -Match 'Events\s+InDoubt\s+OldestEvent \(UTC\)\s+Files\s+InUse\s+LogStreamName'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty
        }
        Send-CwLogSpool -SpoolPath $down -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $warnings | Should -Match 'another region or endpoint'
        (Get-CwLogSpool -SpoolPath $down).Events | Should -Be 3 -Because 'nothing is sent to another endpoint'
    }
}
