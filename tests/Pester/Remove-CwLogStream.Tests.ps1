#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $group = '/pester/remove-stream-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-CwLogGroup $group | New-CwLogStream -LogStreamName run-1, run-2, keep, other | Out-Null
}

Describe 'Remove-CwLogStream' {
    It 'previews a wildcard with -WhatIf and deletes nothing' {
        Remove-CwLogStream $group 'run-*' -WhatIf
        (Get-CwLogStream $group).Count | Should -Be 4
    }

    It 'deletes what a wildcard matches and writes the names with -PassThru' {
        Remove-CwLogStream $group 'run-*' -Confirm:$false -PassThru | Should -Be 'run-1', 'run-2'
        (Get-CwLogStream $group).LogStreamName | Should -Be 'keep', 'other'
    }

    It 'takes streams from Get-CwLogStream' {
        Get-CwLogStream $group -Name other | Remove-CwLogStream -Confirm:$false
        (Get-CwLogStream $group).LogStreamName | Should -Be 'keep'
    }

    It 'reports a missing stream as ResourceNotFound' {
        Remove-CwLogStream $group missing -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'ResourceNotFound,CloudWatcher.PowerShell.Commands.RemoveCwLogStreamCommand'
        $failed[0].TargetObject | Should -Be 'missing'
        { Remove-CwLogStream $group missing -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotFound,*'
    }

    It 'completes stream names of the group' {
        $line = "Remove-CwLogStream $group k"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'keep'
    }
}

AfterAll {
    Remove-CwLogGroup $group -Confirm:$false
}
