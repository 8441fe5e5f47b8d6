#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $series = Get-CwMetric nephele_mem -InstanceId i-0123456789abcdef0 -Hours 1 -IncludeRawResponse
}

Describe 'Export-CwMetric' {
    It 'writes cloudwatcher''s time,value CSV' {
        $file = $series | Export-CwMetric (Join-Path $TestDrive 'mem.csv') -PassThru
        $rows = Import-Csv $file
        $rows[0].PSObject.Properties.Name | Should -Be @('time', 'value')
        $rows.Count | Should -Be $series.Count
    }

    It 'writes JSON with Label, Timestamps and Values' {
        $path = Join-Path $TestDrive 'mem.json'
        $series | Export-CwMetric $path
        $json = Get-Content $path -Raw | ConvertFrom-Json
        $json.Label | Should -Be 'mem_used'
        $json.Values.Count | Should -Be $json.Timestamps.Count
    }

    It 'writes the raw response' {
        $path = Join-Path $TestDrive 'response.json'
        $series | Export-CwMetric $path -Format Response
        (Get-Content $path -Raw | ConvertFrom-Json).MetricDataResults[0].StatusCode | Should -Be 'Complete'
    }

    It 'does not replace a file without -Force and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'keep.csv'
        'keep' | Set-Content $path
        { $series | Export-CwMetric $path -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,*'
        $series | Export-CwMetric $path -Force -WhatIf
        Get-Content $path | Should -Be 'keep'
    }

    It 'reports a missing folder' {
        { $series | Export-CwMetric (Join-Path $TestDrive 'no' 'such' 'x.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'DirectoryNotFound,*'
    }
}

Describe 'Export-CwMetricPlot' {
    It 'draws a PNG' {
        $file = $series | Export-CwMetricPlot (Join-Path $TestDrive 'mem.png') -PassThru
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
        $file.Length | Should -BeGreaterThan 10kb
    }

    It 'draws an SVG with the title' {
        $path = Join-Path $TestDrive 'mem.svg'
        $series | Export-CwMetricPlot $path -Title 'Memory today'
        Get-Content $path -Raw | Should -Match 'Memory today'
    }

    It 'refuses other image formats' {
        { $series | Export-CwMetricPlot (Join-Path $TestDrive 'mem.gif') } | Should -Throw -ErrorId 'UnsupportedImageFormat,*'
    }
}
