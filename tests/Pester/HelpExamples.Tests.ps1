#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# Every example in every command's help runs as written against the emulator's demo data: in a fresh runspace with the
# module imported, the AWS variables the suite set (so the emulator), $ErrorActionPreference = 'Stop' and a fresh empty
# current folder. It passes when it ends without an error (terminating or not) within the time limit. An example that
# follows a log forever (its code has -Follow) is stopped after a few seconds, and passes if nothing failed until then.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $script:examples = foreach ($command in Get-Command -Module CloudWatcher | Sort-Object Name) {
        $number = 0
        foreach ($example in @((Get-Help $command.Name -Full).examples.example)) {
            $number++
            @{
                Command = $command.Name
                Number  = $number
                Title   = ($example.title -replace '^-+\s*|\s*-+$', '')
                Code    = [string]$example.code
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')

    $script:TimeLimit = [timespan]::FromSeconds(20)
    $script:FollowLimit = [timespan]::FromSeconds(5)

    function Invoke-HelpExample {
        <#
        Runs $Code in a new runspace of this process (the module imported from $ModuleManifest, the current location
        $Folder, $ErrorActionPreference = 'Stop'); stops it after $Limit. Returns Output, Errors (text), TimedOut.
        Environment variables an example sets are put back afterwards (they are shared with the rest of the suite).
        #>
        param([string] $Code, [string] $Folder, [timespan] $Limit)

        $environment = [Environment]::GetEnvironmentVariables()
        $runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $ps = [powershell]::Create()
        $errors = [System.Collections.Generic.List[string]]::new()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $timedOut = $false
        try {
            $runspace.Open()
            $ps.Runspace = $runspace
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddParameter('ErrorAction', 'Stop').Invoke()
            $ps.Commands.Clear()
            $runspace.SessionStateProxy.Path.SetLocation([System.Management.Automation.WildcardPattern]::Escape($Folder)) | Out-Null
            $runspace.SessionStateProxy.SetVariable('ErrorActionPreference', [System.Management.Automation.ActionPreference]::Stop)

            $null = $ps.AddScript($Code)
            $inputData = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $inputData.Complete()
            $async = $ps.BeginInvoke($inputData, $output)
            if (-not $async.AsyncWaitHandle.WaitOne($Limit)) {
                $timedOut = $true
                $stop = $ps.BeginStop($null, $null)
                if (-not $stop.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10))) {
                    $errors.Add('did not stop within 10 s of being asked to (Ctrl+C)')
                }
            }
            try {
                $ps.EndInvoke($async) | Out-Null
            }
            catch {
                $exception = $_.Exception
                while ($exception -is [System.Management.Automation.MethodInvocationException] -and $exception.InnerException) {
                    $exception = $exception.InnerException
                }
                if (-not ($timedOut -and $exception -is [System.Management.Automation.PipelineStoppedException])) {
                    $record = if ($exception -is [System.Management.Automation.IContainsErrorRecord]) { $exception.ErrorRecord }
                    $errors.Add(('terminating: {0} ({1})' -f $exception.Message, $record.FullyQualifiedErrorId))
                }
            }
            foreach ($record in $ps.Streams.Error) {
                $errors.Add(('error: {0} ({1})' -f $record, $record.FullyQualifiedErrorId))
            }
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
            $now = [Environment]::GetEnvironmentVariables()
            foreach ($name in @($now.Keys)) {
                if (-not $environment.Contains($name)) { [Environment]::SetEnvironmentVariable($name, $null) }
            }
            foreach ($name in @($environment.Keys)) {
                if ($now[$name] -ne $environment[$name]) { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
            }
        }
        [pscustomobject]@{ Output = @($output); Errors = @($errors); TimedOut = $timedOut }
    }
}

Describe 'Help examples run as written against the demo data' {
    It '<Command> example <Number>' -ForEach $examples {
        $follows = $Code -match '(?i)-Follow\b'
        $folder = Join-Path $TestDrive "$Command-$Number"
        $null = New-Item -ItemType Directory -Path $folder
        $result = Invoke-HelpExample -Code $Code -Folder $folder -Limit ($follows ? $FollowLimit : $TimeLimit)

        $result.Errors | Should -BeNullOrEmpty -Because "'$Title' must run as written:`n$Code`n"
        if (-not $follows) {
            $result.TimedOut | Should -BeFalse -Because "'$Title' must finish within $($TimeLimit.TotalSeconds) s:`n$Code`n"
        }
    }
}
