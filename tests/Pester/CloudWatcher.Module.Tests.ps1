#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# The module as a user meets it: manifest, exports, help, formatting.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $script:cmdlets = @((Get-Module CloudWatcher).ExportedCmdlets.Keys)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $manifestPath = $ModuleManifest
}

Describe 'CloudWatcher module' {
    It 'has a valid manifest for PowerShell 7.4+ Core' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.Version | Should -Not -Be ([version]'0.0.0')
    }

    It 'carries what the PowerShell Gallery shows' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        foreach ($field in 'Author', 'CompanyName', 'Copyright', 'Description', 'ProjectUri', 'LicenseUri', 'ReleaseNotes') {
            "$($manifest.$field)" | Should -Not -BeNullOrEmpty -Because "the Gallery shows $field"
        }
        $manifest.Tags | Should -Contain 'CloudWatch'
        $manifest.Tags | Should -Contain 'PSEdition_Core'
        Join-Path $manifest.ModuleBase 'LICENSE' | Should -Exist
        (Get-Help about_CloudWatcher | Out-String) | Should -Match 'THE EMULATOR'
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $module = Get-Module CloudWatcher
        $defined = $module.ImplementingAssembly.GetTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($defined)
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($name in $cmdlets) { $approved | Should -Contain ($name -split '-')[0] }
    }
}

Describe '<_> help' -ForEach $cmdlets {
    BeforeAll { $help = Get-Help $_ -Full }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$_*"
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples with code' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) { $example.code | Should -Not -BeNullOrEmpty }
    }

    It 'documents every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $parameters = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($parameter in $parameters) {
            ((Get-Help $_ -Parameter $parameter).description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
        }
    }

    It 'declares its output type' {
        (Get-Command $_).OutputType | Should -Not -BeNullOrEmpty
    }
}

Describe 'Living beside AWS.Tools' {
    It 'shares no command or alias name with AWS.Tools.CloudWatch, AWS.Tools.CloudWatchLogs or AWS.Tools.Common' {
        $theirs = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
        Get-Content (Join-Path $RepoRoot 'tests' 'data' 'aws-tools-command-names.txt') |
            Where-Object { $_ -and -not $_.StartsWith('#') } | ForEach-Object { $null = $theirs.Add($_.Trim()) }
        $theirs.Count | Should -BeGreaterThan 200
        $ours = @(Get-Command -Module CloudWatcher) + @(Get-Alias | Where-Object Source -EQ 'CloudWatcher')
        $ours | Should -Not -BeNullOrEmpty
        @($ours.Name | Where-Object { $theirs.Contains($_) }) | Should -BeNullOrEmpty
    }
}
