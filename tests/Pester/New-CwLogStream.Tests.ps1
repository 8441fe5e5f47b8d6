#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $group = '/pester/new-stream-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-CwLogGroup $group | Out-Null
}

Describe 'New-CwLogStream' {
    It 'creates streams and returns them as LogStream objects' {
        $streams = New-CwLogStream $group -LogStreamName web-1, web-2
        $streams | ForEach-Object { $_ | Should -BeOfType ([CloudWatcher.LogStream]) }
        $streams.LogStreamName | Should -Be 'web-1', 'web-2'
        (Get-CwLogStream $group).LogStreamName | Should -Be 'web-1', 'web-2'
    }

    It 'takes the group from New-CwLogGroup and stream names from the pipeline' {
        $other = "$group-2"
        (New-CwLogGroup $other | New-CwLogStream -LogStreamName s).LogGroupName | Should -Be $other
        ('a', 'b' | New-CwLogStream -LogGroupName $other).LogStreamName | Should -Be 'a', 'b'
        Remove-CwLogGroup $other -Confirm:$false
    }

    It 'reports an existing stream and a missing group per name' {
        New-CwLogStream $group web-1 -ErrorVariable exists -ErrorAction SilentlyContinue
        $exists[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        New-CwLogStream "$group-missing" s -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'creates nothing with -WhatIf' {
        New-CwLogStream $group preview -WhatIf
        (Get-CwLogStream $group).LogStreamName | Should -Not -Contain 'preview'
    }

    It 'shows the stream table' {
        (Get-CwLogStream $group | Out-String -Width 80) | Should -Match 'LastEvent \(UTC\)\s+FirstEvent \(UTC\)\s+LogStreamName'
    }
}

AfterAll {
    Remove-CwLogGroup $group -Confirm:$false
}
