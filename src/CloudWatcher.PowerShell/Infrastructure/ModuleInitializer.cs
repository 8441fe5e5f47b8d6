using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Hooks the default context so that it finds our two assemblies: the engine (CloudWatcher.Engine) through
/// <see cref="DependencyLoadContext"/>, where everything the engine needs then resolves, and the public types
/// (CloudWatcher.Model) from the module folder into the default context, so PowerShell can name them.
/// Objects that outlive a command (writers, reporters: <see cref="ModuleLifetime"/>) are flushed and disposed when
/// the module is removed, the runspace closes or the process exits. Removing the module unhooks the resolver.
/// The first import in a process starts the engine's warm-up (<see cref="EngineWarmUp"/>) on the thread pool.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string EngineAssemblyName = "CloudWatcher.Engine";
    internal const string ModelAssemblyName = "CloudWatcher.Model";

    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

    private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");

    private static readonly Lazy<DependencyLoadContext> LoadContext = new(() => new DependencyLoadContext(DependencyDirectory));

    /// <summary>How long Remove-Module waits for a warm-up still running (it takes a fraction of a second).</summary>
    private static readonly TimeSpan WarmUpBound = TimeSpan.FromSeconds(5);

    private static int _hooked;

    private static Task? _warmUp;

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
        StartWarmUp();
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The warm-up loads the engine through the resolver: let it finish before the resolver goes.
        Volatile.Read(ref _warmUp)?.Wait(WarmUpBound);
        ModuleLifetime.Detach(Runspace.DefaultRunspace);
        if (Interlocked.Exchange(ref _hooked, 0) == 1)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        }
    }

    /// <summary>
    /// True unless CLOUDWATCHER_WARMUP is 0, false or off, or the process has one processor (where work in the
    /// background can only take time from the foreground).
    /// </summary>
    internal static bool IsWarmUpWanted() =>
        Environment.ProcessorCount > 1
        && Environment.GetEnvironmentVariable(EngineWarmUp.Variable)?.Trim().ToLowerInvariant() is not ("0" or "false" or "off");

    /// <summary>Once per process; the import itself only queues it (the engine loads on a pool thread).</summary>
    private static void StartWarmUp()
    {
        if (Volatile.Read(ref _warmUp) is null && IsWarmUpWanted())
        {
            Interlocked.CompareExchange(ref _warmUp, Task.Run(WarmUpEngine), null);
        }
    }

    private static Task WarmUpEngine()
    {
        try
        {
            return StartEngineWarmUp();
        }
        catch (Exception)
        {
            // The engine cannot load here (or the warm-up cannot start): the first call will say why. Never a faulted
            // task, which Remove-Module would throw from its wait.
            return Task.CompletedTask;
        }
    }

    // Kept out of WarmUpEngine so that compiling it does not load the engine, and a failure to load is caught there.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task StartEngineWarmUp() => EngineWarmUp.Start();

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
