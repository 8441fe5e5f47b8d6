#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $root = '/pester/new-group-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

Describe 'New-CwLogGroup' {
    It 'creates a group and returns it as described, with retention, class and tags' {
        $group = New-CwLogGroup "$root/orders" -RetentionInDays 30 -Tag @{ team = 'orders'; env = 'dev' } -LogGroupClass InfrequentAccess
        $group | Should -BeOfType ([CloudWatcher.LogGroup])
        $group.RetentionInDays | Should -Be 30
        $group.LogGroupClass | Should -Be 'InfrequentAccess'
        $group.Tags['team'] | Should -Be 'orders'
        (Get-CwLogGroup "$root/orders").RetentionInDays | Should -Be 30
    }

    It 'takes names from the pipeline, reporting an existing one and creating the others' {
        $created = "$root/a", "$root/orders", "$root/b" | New-CwLogGroup -ErrorVariable failed -ErrorAction SilentlyContinue
        $created.LogGroupName | Should -Be "$root/a", "$root/b"
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ResourceAlreadyExists,CloudWatcher.PowerShell.Commands.NewCwLogGroupCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failed[0].TargetObject | Should -Be "$root/orders"
    }

    It 'refuses a retention CloudWatch Logs does not accept, listing the allowed values' {
        { New-CwLogGroup "$root/bad" -RetentionInDays 45 } | Should -Throw -ErrorId 'InvalidRetention,*' -ExpectedMessage '*1, 3, 5, 7, 14, 30, 60, 90*3653*'
        Get-CwLogGroup "$root/bad" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'creates nothing with -WhatIf' {
        New-CwLogGroup "$root/preview" -WhatIf
        Get-CwLogGroup "$root/preview" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'shows retention and class in the table at 80 and 120 columns' {
        $text80 = Get-CwLogGroup "$root/orders" | Out-String -Width 80
        $text80 | Should -Match 'Retention\s+Stored\s+Class\s+Created \(UTC\)\s+LogGroupName'
        $text80 | Should -Match '30 days\s+0 B\s+Infrequent\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+/pester/'
        ($text80 -split "`n" | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        (Get-CwLogGroup "$root/orders" | Out-String -Width 120) | Should -Match "Infrequent\s+\S+ \S+\s+$([regex]::Escape("$root/orders"))"
    }

    It 'keeps tags readable in CSV and JSON' {
        $csv = New-CwLogGroup "$root/csv" -Tag @{ b = '2'; a = '1' } | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Tags | Should -Be 'a=1; b=2'
        $json = Get-CwLogGroup "$root/orders" | Set-CwLogGroup -Tag @{ x = 'y' } -PassThru | ConvertTo-Json | ConvertFrom-Json
        $json.Tags.x | Should -Be 'y'
        $json.Tags.team | Should -Be 'orders'
    }

    It 'completes retention values with what they amount to' {
        $line = "New-CwLogGroup $root/x -RetentionInDays 36"
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $matches.CompletionText | Should -Be '365', '3653'
        $matches[0].ToolTip | Should -Be '1 year'
    }
}

AfterAll {
    Remove-CwLogGroup "$root/*" -Confirm:$false
}
