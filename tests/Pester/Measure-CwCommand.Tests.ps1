#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    function New-Namespace([string] $Prefix) { $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 8) }
    function Read-Run([string] $Namespace, [string] $MetricName) {
        [pscustomobject]@{
            Runs     = (Get-CwMetric -Namespace $Namespace -MetricName $MetricName -Statistic SampleCount -Period 300 -Minutes 15).Sum
            Longest  = (Get-CwMetric -Namespace $Namespace -MetricName $MetricName -Statistic Maximum -Period 300 -Minutes 15).Maximum
            Success  = (Get-CwMetric -Namespace $Namespace -MetricName "$MetricName.Success" -Statistic Sum -Period 300 -Minutes 15).Sum
            Failure  = (Get-CwMetric -Namespace $Namespace -MetricName "$MetricName.Failure" -Statistic Sum -Period 300 -Minutes 15).Sum
        }
    }
}

Describe 'Measure-CwCommand' {
    It 'passes the output through and publishes the duration and a success' {
        $ns = New-Namespace 'Measure'
        $out = Measure-CwCommand -Namespace $ns -MetricName Job -NoHostDimension { Start-Sleep -Milliseconds 150; 'done'; Get-Date }
        $out[0] | Should -Be 'done'
        $out[1] | Should -BeOfType ([datetime])
        $run = Read-Run $ns Job
        $run.Runs | Should -Be 1
        $run.Longest | Should -BeGreaterOrEqual 140
        $run.Success | Should -Be 1
        $run.Failure | Should -Be 0
    }

    It 'counts a failure, then throws the error on as it was thrown' {
        $ns = New-Namespace 'Failure'
        $wrapped = try { Measure-CwCommand -Namespace $ns -MetricName Job -NoHostDimension { Get-Item /no/such/path -ErrorAction Stop } } catch { $_ }
        $bare = try { Get-Item /no/such/path -ErrorAction Stop } catch { $_ }
        $wrapped.FullyQualifiedErrorId | Should -Be $bare.FullyQualifiedErrorId
        $wrapped.Exception.GetType() | Should -Be $bare.Exception.GetType()
        $wrapped.CategoryInfo.Category | Should -Be $bare.CategoryInfo.Category
        (Read-Run $ns Job).Failure | Should -Be 1
    }

    It 'passes errors, warnings and information on to the same streams, redirections included' {
        $ns = New-Namespace 'Streams'
        $ErrorActionPreference = 'Continue'
        $all = Measure-CwCommand -Namespace $ns -MetricName Job -NoHostDimension {
            Write-Warning 'careful'; Write-Information 'note'; Write-Error 'soft' -ErrorId Soft; 'value'
        } 2>&1 3>&1 6>&1
        $all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | Should -HaveCount 1
        $all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | Should -HaveCount 1
        ($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).FullyQualifiedErrorId | Should -Be 'Soft'
        $all | Where-Object { $_ -is [string] } | Should -Be 'value'
        (Read-Run $ns Job).Success | Should -Be 1
    }

    It 'runs the block in the caller''s scope' {
        $before = 'outer'
        Measure-CwCommand -Namespace (New-Namespace 'Scope') -MetricName Job -NoHostDimension { $inner = "$before seen" } | Out-Null
        $inner | Should -Be 'outer seen'
    }

    It 'ends the block at a written error under $ErrorActionPreference = ''Stop'', as without it' {
        $ns = New-Namespace 'EAStop'
        $ErrorActionPreference = 'Stop'
        $reached = $false
        { Measure-CwCommand -Namespace $ns -MetricName Job -NoHostDimension { Write-Error 'hard'; $reached = $true } } |
            Should -Throw -ErrorId 'Microsoft.PowerShell.Commands.WriteErrorException'
        $reached | Should -BeFalse
        (Read-Run $ns Job).Failure | Should -Be 1
    }
}
