#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# The user's view of Trace-CwCommand in the real pwsh, with the real Write-* cmdlets: what arrives in CloudWatch Logs,
# what the caller still sees, and the ways a runbook ends (exit N in pwsh -File, a terminating error, Ctrl+C).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $script:Spool = Join-Path $TestDrive 'spool'
    function New-GroupName { "/pester/trace-$([guid]::NewGuid().ToString('N').Substring(0, 10))" }
    function Get-TraceEvent([string] $Group, [string] $Stream = 's') {
        Get-CwLog $Group -LogStreamName $Stream | ForEach-Object { $_.Message | ConvertFrom-Json }
    }
    function New-ChildScript([string] $Name, [string] $Body) {
        $path = Join-Path $TestDrive $Name
        Set-Content -Path $path -Value ("Import-Module '$ModuleManifest'`n" + $Body)
        $path
    }
}

Describe 'Trace-CwCommand' {
    It 'sends all six streams with their level and stream, and passes each on to the same stream' {
        $group = New-GroupName
        $out = Trace-CwCommand -LogGroupName $group -LogStreamName s -SpoolPath $Spool -ErrorVariable ev -WarningVariable wv -InformationVariable iv {
            'text out'
            Write-Error 'an error' -ErrorAction Continue
            Write-Warning 'a warning'
            Write-Verbose 'a verbose line' -Verbose
            Write-Debug 'a debug line' -Debug
            Write-Information 'an information' -Tags job
            Write-Host 'from write-host'
        } 2>$null 3>$null 4>$null 5>$null 6>$null
        $out | Should -Be 'text out'
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -Be 'Microsoft.PowerShell.Commands.WriteErrorException' -Because 'the error passes unchanged'
        $wv | Should -Be 'a warning'
        @($iv).Count | Should -Be 2

        $events = Get-TraceEvent $group
        $events.stream | Should -Be 'Output', 'Error', 'Warning', 'Verbose', 'Debug', 'Information', 'Information'
        $events.level | Should -Be 'INFO', 'ERROR', 'WARN', 'VERBOSE', 'DEBUG', 'INFO', 'INFO'
        $events.message | Should -Be 'text out', 'an error', 'a warning', 'a verbose line', 'a debug line', 'an information', 'from write-host'
        $events[1].position | Should -Match ([regex]::Escape($PSCommandPath) + ':\d+')
        $events[5].tags | Should -Be 'job'
    }

    It 'sends a terminating error with its position, then throws it on unchanged' {
        $group = New-GroupName
        $caught = $null
        try {
            Trace-CwCommand -LogGroupName $group -LogStreamName s -SpoolPath $Spool {
                'step 1'
                Get-Item -Path (Join-Path $TestDrive 'missing.txt') -ErrorAction Stop
                'step 2'
            }
        }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand'
        $events = Get-TraceEvent $group
        $events.message[0] | Should -Be 'step 1'
        $events[-1].level | Should -Be 'ERROR'
        $events[-1].terminating | Should -BeTrue
        $events[-1].errorId | Should -Be 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand'
        $events[-1].position | Should -Match ([regex]::Escape($PSCommandPath) + ':\d+:\d+$')
        $events.message | Should -Not -Contain 'step 2'
    }

    It 'keeps exit 3 of a pwsh -File script and has sent the events' {
        $group = New-GroupName
        $script = New-ChildScript 'exit3.ps1' @"
Trace-CwCommand -LogGroupName '$group' -LogStreamName s -SpoolPath '$Spool' {
    'starting'
    Write-Warning 'giving up'
    exit 3
    'never'
}
'after Trace-CwCommand (never)'
"@
        $output = Invoke-Pwsh -ArgumentList '-File', $script
        $LASTEXITCODE | Should -Be 3 -Because ($output -join "`n")
        ($output -join "`n") | Should -Not -Match 'never'
        $events = Get-TraceEvent $group
        $events.message | Should -Be 'starting', 'giving up'
    }

    It 'stops on Ctrl+C at once and flushes what was written' {
        $group = New-GroupName
        $script = New-ChildScript 'ctrlc.ps1' @"
Trace-CwCommand -LogGroupName '$group' -LogStreamName s -SpoolPath '$Spool' -FlushTimeoutSec 2 {
    'started'
    Start-Sleep -Seconds 120
    'never'
}
"@
        $pwsh = Get-PwshCommand
        $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($argument in @($pwsh.Arguments + '-NoProfile', '-NonInteractive', '-File', $script)) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.RedirectStandardInput = $true
        $child = [System.Diagnostics.Process]::Start($info)
        try {
            $child.StandardOutput.ReadLine() | Should -Be 'started'
            Start-Sleep -Milliseconds 300
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            if ($IsWindows) {
                Set-ItResult -Skipped -Because 'a console Ctrl+C cannot be sent to a child without a console on Windows; the hosted-engine test covers Stop'
                return
            }
            & kill -INT $child.Id
            $child.WaitForExit(15000) | Should -BeTrue -Because 'Ctrl+C stops the block'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
            $rest = $child.StandardOutput.ReadToEnd()
            $rest | Should -Match 'Trace-CwCommand stopped: 1 events sent'
            $rest | Should -Not -Match 'never'
        }
        finally {
            if (-not $child.HasExited) { $child.Kill() }
            $child.Dispose()
        }
        (Get-TraceEvent $group).message | Should -Be 'started'
    }

    It 'names the stream after the host and the start time, and -PassThru ends with the summary' {
        $group = New-GroupName
        $before = [datetime]::UtcNow
        $out = Trace-CwCommand -LogGroupName $group -SpoolPath $Spool -PassThru { 1; 2 }
        $out[0..1] | Should -Be 1, 2
        $out[-1].GetType().FullName | Should -Be 'CloudWatcher.LogWriteSummary'
        $out[-1].EventsSent | Should -Be 2
        ($out[-1] | Out-String) | Should -Match $([regex]::Escape($group))
        $stream = (Get-CwLogStream $group).LogStreamName
        $stream | Should -Match ('^' + [regex]::Escape([Environment]::MachineName) + '-\d{8}T\d{6}Z$')
        [datetime]::ParseExact($stream.Substring($stream.Length - 16), "yyyyMMdd'T'HHmmss'Z'", $null) |
            Should -BeGreaterOrEqual $before.AddSeconds(-1).AddTicks(-($before.Ticks % 10000000))
    }

    It 'runs the block in the caller''s scope' {
        $group = New-GroupName
        $value = 'before'
        Trace-CwCommand -LogGroupName $group -LogStreamName s -SpoolPath $Spool { $value = 'set in the block' }
        $value | Should -Be 'set in the block'
    }
}
