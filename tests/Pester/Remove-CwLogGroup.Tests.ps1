#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $root = '/pester/remove-group-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
}

Describe 'Remove-CwLogGroup' {
    It 'deletes a group piped from New-CwLogGroup' {
        New-CwLogGroup "$root/once" | Remove-CwLogGroup -Confirm:$false
        Get-CwLogGroup "$root/once" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'names every group a wildcard matches for -WhatIf and deletes none' {
        New-CwLogGroup "$root/tmp-1", "$root/tmp-2", "$root/keep" | Out-Null
        # "What if" lines go to the host, not to a stream: a transcript keeps them.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
        try { Remove-CwLogGroup "$root/tmp-*" -WhatIf } finally { Stop-Transcript | Out-Null }
        $whatIf = Get-Content $transcript -Raw
        $whatIf | Should -Match ([regex]::Escape("on target `"$root/tmp-1`""))
        $whatIf | Should -Match ([regex]::Escape("on target `"$root/tmp-2`""))
        $whatIf | Should -Not -Match ([regex]::Escape("$root/keep"))
        (Get-CwLogGroup "$root/*").Count | Should -Be 3
    }

    It 'deletes what a wildcard matches and writes the names with -PassThru' {
        Remove-CwLogGroup "$root/tmp-*" -Confirm:$false -PassThru | Should -Be "$root/tmp-1", "$root/tmp-2"
        (Get-CwLogGroup "$root/*").LogGroupName | Should -Be "$root/keep"
    }

    It 'reports a missing exact name as ResourceNotFound and deletes the others' {
        Remove-CwLogGroup "$root/missing", "$root/keep" -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        Get-CwLogGroup "$root/*" | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ResourceNotFound,CloudWatcher.PowerShell.Commands.RemoveCwLogGroupCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be "$root/missing"
    }

    It 'asks before deleting (ConfirmImpact High)' {
        (Get-Command Remove-CwLogGroup).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }
}
