using System.Reflection;
using System.Runtime.Loader;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Objects that outlive a command (writers, reporters) are flushed and disposed when their runspace loses the module:
/// Remove-Module, or the runspace closing. They register in the module's own registry (in its load context).
/// </summary>
public sealed class ModuleLifetimeTests
{
    [Fact]
    public void RemoveModuleFlushesThenDisposesTheRunspacesObjects()
    {
        using var ps = new HostedPowerShell(null);
        var log = new List<string>();
        Register(ps, "writer", log);
        ps.Run("Remove-Module CloudWatcher");
        Assert.Equal(new[] { "flush writer", "dispose writer" }, log);
    }

    [Fact]
    public void ClosingTheRunspaceFlushesThenDisposesItsObjects()
    {
        var log = new List<string>();
        var ps = new HostedPowerShell(null);
        Register(ps, "reporter", log);
        ps.Dispose();
        Assert.Equal(new[] { "flush reporter", "dispose reporter" }, log);
    }

    /// <summary>Registers an object for the runspace in the registry of the engine the module's cmdlets bind to.</summary>
    private static void Register(HostedPowerShell ps, string name, List<string> log)
    {
        var cmdlets = ps.Run("(Get-Module CloudWatcher).ImplementingAssembly").Objects<Assembly>().Single();
        var engine = AssemblyLoadContext.GetLoadContext(cmdlets)!.LoadFromAssemblyName(new AssemblyName("CloudWatcher.Engine"));
        var registryType = engine.GetType("CloudWatcher.Lifetime.ObjectRegistry", throwOnError: true)!;
        var registry = registryType.GetProperty("Shared", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        Func<CancellationToken, Task> flush = _ =>
        {
            lock (log) log.Add("flush " + name);
            return Task.CompletedTask;
        };
        Action dispose = () =>
        {
            lock (log) log.Add("dispose " + name);
        };
        registryType.GetMethod("Register")!.Invoke(registry, new object[] { ps.Runspace.InstanceId, name, flush, dispose });
    }
}
