#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
}

Describe 'Get-CwPreset' {
    It 'lists the eight cloudwatcher presets and the AWS ones' {
        $names = (Get-CwPreset).Name
        foreach ($name in 'nephele_mem', 'nephele_mem_cached', 'nephele_cpu_usage_user', 'nephele_disk_used_percent',
            'nephele_disk_used_percent_nephele_data', 'nephele_processes_dead', 'nephele_swap_used', 'nephele_swap_used_percent',
            'aws_ec2_cpu_utilization', 'aws_lambda_errors') {
            $names | Should -Contain $name
        }
    }

    It 'returns Preset objects with cloudwatcher fields' {
        $preset = Get-CwPreset nephele_disk_used_percent
        $preset | Should -BeOfType ([CloudWatcher.Preset])
        $preset.Namespace | Should -Be 'NepheleNamespaceEC2'
        $preset.Id | Should -Be 'root'
        $preset.Dimensions.Name | Should -Be @('InstanceId', 'path', 'fstype', 'device')
    }

    It 'lets a preset in -Path override a built-in one, with a warning' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'presets')
        '{"namespace":"Mine","metric_name":"mem_used"}' | Set-Content (Join-Path $dir 'nephele_mem.json')
        $preset = Get-CwPreset nephele_mem -Path $dir -WarningVariable warnings 3>$null
        $preset.Namespace | Should -Be 'Mine'
        $preset.Source | Should -Be 'Path'
        $warnings | Should -Match 'overrides'
    }

    It 'reads folders from CLOUDWATCHER_PRESET_PATH' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'env-presets')
        '{"namespace":"Mine","metric_name":"queue_depth"}' | Set-Content (Join-Path $dir 'queue.json')
        $env:CLOUDWATCHER_PRESET_PATH = $dir.FullName
        try { (Get-CwPreset queue).Source | Should -Be 'Environment' }
        finally { Remove-Item env:CLOUDWATCHER_PRESET_PATH }
    }

    It 'reports a malformed file with its position and still lists the rest' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bad')
        "{`n  `"namespace`": `"X`",`n  `"metric_name`": `n}" | Set-Content (Join-Path $dir 'broken.json')
        $presets = Get-CwPreset -Path $dir -ErrorVariable problems -ErrorAction SilentlyContinue
        $presets.Name | Should -Contain 'nephele_mem'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PresetInvalid,*'
        $problems[0].Exception.Message | Should -Match 'broken\.json:\d+:\d+'
    }

    It 'reports an unknown name as PresetNotFound' {
        { Get-CwPreset no_such_preset -ErrorAction Stop } | Should -Throw -ErrorId 'PresetNotFound,CloudWatcher.PowerShell.Commands.GetCwPresetCommand'
    }

    It 'completes preset names' {
        $line = 'Get-CwMetric -Preset nephele_sw'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('nephele_swap_used', 'nephele_swap_used_percent')
    }
}
