using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.Loader;

// Usage: CloudWatcher.IsolationProbe <module.psd1> <emulator endpoint> <access key> <secret key>
// Prints "key=value" lines the test asserts on; exit code 0 when every step ran.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: CloudWatcher.IsolationProbe <module.psd1> <endpoint> <access key> <secret key>");
    return 2;
}

// 1. Another AWSSDK.Core (3.7.x) in the default context first, as AWS.Tools would do.
var foreignCore = typeof(Amazon.Runtime.AmazonServiceClient).Assembly;
Console.WriteLine($"foreignCoreVersion={foreignCore.GetName().Version}");
Console.WriteLine($"foreignCoreInDefault={AssemblyLoadContext.GetLoadContext(foreignCore) == AssemblyLoadContext.Default}");

var iss = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
using var ps = PowerShell.Create(runspace);
ps.AddScript(@"
param($ModulePath, $Endpoint, $AccessKey, $SecretKey)
$ErrorActionPreference = 'Stop'
# Removed straight after the import, while the warm-up the import started may still run: Remove-Module waits for it.
Import-Module $ModulePath
Remove-Module CloudWatcher
$initializer = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'CloudWatcher.PowerShell' })[0].GetType('CloudWatcher.PowerShell.Infrastructure.ModuleInitializer')
$warmUp = $initializer.GetField('_warmUp', [System.Reflection.BindingFlags]'NonPublic,Static').GetValue($null)
'warmUpAtRemove=' + $(if ($warmUp) { $warmUp.Status } else { 'NotStarted' })
Import-Module $ModulePath
$metrics = @(Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used -Region us-east-1 -AccessKey $AccessKey -SecretKey $SecretKey -EndpointUrl $Endpoint)
'metricCount=' + $metrics.Count
'metricType=' + $metrics[0].GetType().FullName
'typeLiteral=' + ($metrics[0] -is [CloudWatcher.MetricInfo])
$plot = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'cloudwatcher-probe-' + [guid]::NewGuid() + '.png')
$series = Get-CwMetric -Preset nephele_mem -InstanceId i-0123456789abcdef0 -Hours 1 -Region us-east-1 -AccessKey $AccessKey -SecretKey $SecretKey -EndpointUrl $Endpoint
$file = $series | Export-CwMetricPlot -Path $plot -PassThru
'plotBytes=' + $file.Length
[System.IO.File]::Delete($plot)
$skia = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'SkiaSharp' })[0]
'skiaContext=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($skia).Name
$engine = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'CloudWatcher.Engine' })[0]
'engineContext=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name
$cores = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'AWSSDK.Core' })
[string[]]$names = $cores.ForEach({ [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name })
[Array]::Sort($names)
'coreContexts=' + ($names -join ',')
").AddParameter("ModulePath", args[0]).AddParameter("Endpoint", args[1]).AddParameter("AccessKey", args[2]).AddParameter("SecretKey", args[3]);
try
{
    foreach (var line in ps.Invoke())
    {
        Console.WriteLine(line);
    }
}
catch (Exception ex)
{
    Console.WriteLine($"error={ex.GetType().Name}: {ex.Message}");
    return 1;
}
foreach (var error in ps.Streams.Error)
{
    Console.WriteLine($"error={error}");
}

// 2. Remove-Module unhooks the resolver: the default context no longer finds the engine.
ps.Commands.Clear();
ps.Streams.ClearStreams();
ps.AddScript("Remove-Module CloudWatcher");
ps.Invoke();
try
{
    AssemblyLoadContext.Default.LoadFromAssemblyName(new System.Reflection.AssemblyName("CloudWatcher.Engine"));
    Console.WriteLine("resolvedAfterRemove=True");
}
catch (FileNotFoundException)
{
    Console.WriteLine("resolvedAfterRemove=False");
}
return 0;
