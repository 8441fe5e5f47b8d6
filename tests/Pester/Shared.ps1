# The one setup every Pester file shares; dot-source it in BeforeAll (and BeforeDiscovery where names are needed):
#     BeforeAll { . (Join-Path $PSScriptRoot 'Shared.ps1') }
# It imports the module exactly as a user would (the staged out/CloudWatcher, or CLOUDWATCHER_TEST_MODULE), and the
# emulator with the demo data is the one Invoke-PesterSuite.ps1 started for the whole run (AWS_ENDPOINT_URL & co.).

$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
$ModuleManifest = if ($env:CLOUDWATCHER_TEST_MODULE) { $env:CLOUDWATCHER_TEST_MODULE } else { Join-Path $RepoRoot 'out' 'CloudWatcher' 'CloudWatcher.psd1' }
if (-not (Test-Path $ModuleManifest)) { throw "The module is not built: $ModuleManifest was not found. Run: dotnet pwsh ./build.ps1" }
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'scripts' 'DevTools.psm1') -Force

if (-not $env:CLOUDWATCHER_TEST_ENDPOINT -or $env:AWS_ENDPOINT_URL -ne $env:CLOUDWATCHER_TEST_ENDPOINT) {
    throw 'These tests need the emulator that tests/Pester/Invoke-PesterSuite.ps1 starts; run the suite (or one file) through it: dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1 -Path <file>'
}

# The emulator's demo data (src/CloudWatcher.Emulator/Seed/DemoSeed.cs).
$DemoInstance = 'i-0123456789abcdef0'
$DemoStoppedInstance = 'i-0fedcba9876543210'
$DemoNamespace = 'NepheleNamespaceEC2'
$DemoLogGroup = '/cloudwatcher/demo/jobs'
