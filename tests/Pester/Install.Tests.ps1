#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run through tests/Pester/Invoke-PesterSuite.ps1 (it starts the emulator); Shared.ps1 is the common setup.
# The package that build.ps1 -Task Package makes installs like any module: a local PSResourceGet repository,
# Install-PSResource, then Import-Module by name in a clean pwsh (its own HOME, no inherited module path).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $packageDirectory = Join-Path $RepoRoot 'out' 'package'
    $version = (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
    $nupkg = Join-Path $packageDirectory "CloudWatcher.$version.nupkg"
    $cleanHome = Join-Path $TestDrive 'home'
    $null = New-Item -ItemType Directory -Path $cleanHome
    # A pwsh that knows nothing of this session: its own HOME (so its own PSResourceGet settings and user module
    # folder), no PSModulePath or XDG folders inherited; the AWS variables still point at the emulator.
    $cleanEnvironment = @{ HOME = $cleanHome; PSModulePath = $null; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null }
}

Describe 'The CloudWatcher package' {
    It 'was made by build.ps1 -Task Package from the staged module, never a stale build' {
        Test-Path $nupkg | Should -BeTrue -Because "build.ps1 -Task Package (run by -Task Test) writes $nupkg"
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entry = $zip.GetEntry('CloudWatcher.PowerShell.dll')
            $entry | Should -Not -BeNullOrEmpty
            $stream = $entry.Open()
            try { $packaged = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($stream)) } finally { $stream.Dispose() }
            $built = (Get-FileHash (Join-Path (Split-Path $ModuleManifest) 'CloudWatcher.PowerShell.dll') -Algorithm SHA256).Hash
            $packaged | Should -Be $built
            $zip.Entries.FullName | Should -Contain 'LICENSE'
            $zip.Entries.FullName | Should -Contain 'en-US/about_CloudWatcher.help.txt'
        }
        finally { $zip.Dispose() }
    }

    It 'carries the first-call assemblies as ReadyToRun images (a Release build crossgens them)' -Skip:($env:CLOUDWATCHER_CONFIGURATION -eq 'Debug') {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            foreach ($name in 'CloudWatcher.PowerShell.dll', 'CloudWatcher.Model.dll', 'Dependencies/CloudWatcher.Engine.dll', 'Dependencies/AWSSDK.Core.dll') {
                $entry = $zip.GetEntry($name)
                $entry | Should -Not -BeNullOrEmpty -Because "the package holds $name"
                $buffer = [System.IO.MemoryStream]::new()
                $stream = $entry.Open()
                try { $stream.CopyTo($buffer) } finally { $stream.Dispose() }
                $buffer.Position = 0
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($buffer)
                try { $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size | Should -BeGreaterThan 0 -Because "$name should be ReadyToRun (StageModule.targets, StageReadyToRun)" }
                finally { $pe.Dispose() }
            }
        }
        finally { $zip.Dispose() }
    }

    It 'installs with Install-PSResource from a local repository and imports by name in a clean pwsh' {
        $install = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name CloudWatcherLocal -Uri '$packageDirectory' -Trusted
Install-PSResource -Name CloudWatcher -Repository CloudWatcherLocal -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource -Name CloudWatcher).Version.ToString()
"@
        $installed = @(Invoke-Pwsh -ArgumentList '-Command', $install -Environment $cleanEnvironment)
        $LASTEXITCODE | Should -Be 0 -Because ($installed -join "`n")
        $installed[-1] | Should -Be $version

        $use = @"
`$ErrorActionPreference = 'Stop'
Import-Module CloudWatcher
(Get-Module CloudWatcher).ModuleBase
@(Find-CwMetric -Namespace $DemoNamespace).Count
(Get-Help about_CloudWatcher | Out-String) -match 'WORKING BESIDE AWS.TOOLS'
"@
        $output = @(Invoke-Pwsh -ArgumentList '-Command', $use -Environment $cleanEnvironment)
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output[0] | Should -BeLike "$cleanHome*"
        [int]$output[1] | Should -BeGreaterThan 0
        $output[2] | Should -Be 'True'
    }
}
