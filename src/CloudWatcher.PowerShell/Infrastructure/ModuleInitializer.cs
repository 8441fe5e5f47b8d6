using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Hooks the default context so that it finds our two assemblies: the engine (CloudWatcher.Engine) through
/// <see cref="DependencyLoadContext"/>, where everything the engine needs then resolves, and the public types
/// (CloudWatcher.Model) from the module folder into the default context, so PowerShell can name them.
/// Objects that outlive a command (writers, reporters: <see cref="ModuleLifetime"/>) are flushed and disposed when
/// the module is removed, the runspace closes or the process exits. Removing the module unhooks the resolver.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = "CloudWatcher.Engine";
    internal const string ModelAssemblyName = "CloudWatcher.Model";

    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

    private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");

    private static readonly Lazy<DependencyLoadContext> LoadContext = new(() => new DependencyLoadContext(DependencyDirectory));

    private static int _hooked;

    /// <summary>True while the resolver is attached (for tests and diagnostics).</summary>
    public static bool IsResolverHooked => Volatile.Read(ref _hooked) == 1;

    /// <summary>
    /// True once the engine assembly is loaded (by our context or, in tests, any other): until then nothing can be
    /// registered for closing, so closing a runspace or the process need not load it.
    /// </summary>
    internal static bool IsEngineLoaded =>
        LoadContext.IsValueCreated
        || AssemblyLoadContext.Default.Assemblies.Any(a => string.Equals(a.GetName().Name, EngineAssemblyName, StringComparison.Ordinal));

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
        // Load the public types now, so type names such as [CloudWatcher.TimedMetric] work straight after Import-Module.
        _ = typeof(Dimension).Assembly;
        ModuleLifetime.Attach(Runspace.DefaultRunspace);
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        ModuleLifetime.Detach(Runspace.DefaultRunspace);
        if (Interlocked.Exchange(ref _hooked, 0) == 1)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        if (string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal))
        {
            return LoadContext.Value.LoadFromAssemblyName(name);
        }
        if (string.Equals(name.Name, ModelAssemblyName, StringComparison.Ordinal))
        {
            return context.LoadFromAssemblyPath(Path.Combine(ModuleDirectory, ModelAssemblyName + ".dll"));
        }
        return null;
    }
}
