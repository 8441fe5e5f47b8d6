#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $root = '/pester/set-group-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-CwLogGroup "$root/a", "$root/b" | Out-Null
}

Describe 'Set-CwLogGroup' {
    It 'sets the retention of groups piped from Get-CwLogGroup' {
        $changed = Get-CwLogGroup "$root/*" | Set-CwLogGroup -RetentionInDays 14 -PassThru
        $changed.LogGroupName | Should -Be "$root/a", "$root/b"
        $changed.RetentionInDays | Should -Be 14, 14
        (Get-CwLogGroup "$root/a").RetentionInDays | Should -Be 14
    }

    It 'removes the retention and adds tags' {
        $group = Set-CwLogGroup "$root/a" -RemoveRetention -Tag @{ owner = 'finance' } -PassThru
        $group.RetentionInDays | Should -BeNullOrEmpty
        $group.Tags['owner'] | Should -Be 'finance'
    }

    It 'only adds tags when given only -Tag, keeping the others' {
        Set-CwLogGroup "$root/a" -Tag @{ team = 'a' } | Should -BeNullOrEmpty
        (Set-CwLogGroup "$root/a" -Tag @{ owner = 'ops' } -PassThru).Tags.ToString() | Should -Be 'owner=ops; team=a'
    }

    It 'reports a missing group and changes the others' {
        Set-CwLogGroup "$root/missing", "$root/b" -RetentionInDays 60 -ErrorVariable failed -ErrorAction SilentlyContinue
        (Get-CwLogGroup "$root/b").RetentionInDays | Should -Be 60
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ResourceNotFound,CloudWatcher.PowerShell.Commands.SetCwLogGroupCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($failed[0])" | Should -BeLike "*'$root/missing'*"
    }

    It 'refuses a retention CloudWatch Logs does not accept' {
        { Set-CwLogGroup "$root/b" -RetentionInDays 100 } | Should -Throw -ErrorId 'InvalidRetention,*'
        (Get-CwLogGroup "$root/b").RetentionInDays | Should -Be 60
    }

    It 'changes nothing with -WhatIf' {
        Set-CwLogGroup "$root/b" -RetentionInDays 1 -WhatIf
        (Get-CwLogGroup "$root/b").RetentionInDays | Should -Be 60
    }

    It 'completes log group names' {
        $line = "Set-CwLogGroup $root/"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "$root/a", "$root/b"
    }
}

AfterAll {
    Remove-CwLogGroup "$root/*" -Confirm:$false
}
