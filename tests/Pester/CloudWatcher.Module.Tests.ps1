#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module as a user meets it: manifest, exports, help, formatting. Run with ./build.ps1 -Task Test.

BeforeDiscovery {
    $script:manifestPath = Join-Path $PSScriptRoot '..' '..' 'out' 'CloudWatcher' 'CloudWatcher.psd1'
    Import-Module $script:manifestPath -Force
    $script:cmdlets = @((Get-Module CloudWatcher).ExportedCmdlets.Keys)
}

BeforeAll {
    $manifestPath = Join-Path $PSScriptRoot '..' '..' 'out' 'CloudWatcher' 'CloudWatcher.psd1'
    Import-Module $manifestPath -Force
}

Describe 'CloudWatcher module' {
    It 'has a valid manifest for PowerShell 7.4+ Core' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.Version | Should -Not -Be ([version]'0.0.0')
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
