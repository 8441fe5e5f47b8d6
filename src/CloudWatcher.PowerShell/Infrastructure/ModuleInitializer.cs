using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Hooks the default context so that it finds only our engine assembly (CloudWatcher.Engine), and
/// finds it through <see cref="DependencyLoadContext"/>; everything the engine needs then resolves there.
/// Removing the module unhooks the resolver.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = "CloudWatcher.Engine";

    private static readonly string DependencyDirectory =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");

    private static readonly Lazy<DependencyLoadContext> LoadContext = new(() => new DependencyLoadContext(DependencyDirectory));

    private static int _hooked;

    /// <summary>True while the resolver is attached (for tests and diagnostics).</summary>
    public static bool IsResolverHooked => Volatile.Read(ref _hooked) == 1;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Interlocked.Exchange(ref _hooked, 0) == 1)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal))
        {
            return null;
        }
        return LoadContext.Value.LoadFromAssemblyName(name);
    }
}
