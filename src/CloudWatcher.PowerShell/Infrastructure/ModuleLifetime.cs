using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CloudWatcher.Lifetime;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Connects the engine's <see cref="ObjectRegistry"/> (objects that outlive a command) to PowerShell's lifetimes:
/// a runspace's objects are flushed and disposed when the module is removed from it or it closes, and every object
/// when the process exits. Flushes are bounded, so closing never hangs on an unreachable service.
/// </summary>
internal static class ModuleLifetime
{
    /// <summary>How long each object may take to flush when its owner goes.</summary>
    public static readonly TimeSpan FlushBound = TimeSpan.FromSeconds(10);

    private static int _processHooked;

    /// <summary>The owner key of objects created in a runspace.</summary>
    public static Guid OwnerOf(Runspace? runspace) => runspace?.InstanceId ?? Guid.Empty;

    public static void Attach(Runspace? runspace)
    {
        if (Interlocked.Exchange(ref _processHooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    CloseAll();
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException)
                {
                    // The module was removed and its engine is gone: nothing of ours can be open.
                }
            };
        }
        if (runspace is not null)
        {
            runspace.StateChanged -= OnStateChanged;
            runspace.StateChanged += OnStateChanged;
        }
    }

    public static void Detach(Runspace? runspace)
    {
        if (runspace is not null)
        {
            runspace.StateChanged -= OnStateChanged;
        }
        Close(OwnerOf(runspace));
    }

    private static void OnStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (sender is Runspace runspace && e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)
        {
            runspace.StateChanged -= OnStateChanged;
            Close(runspace.InstanceId);
        }
    }

    // Kept out of the callers so that the engine assembly is loaded only when there is something to close: a
    // session that only imported the module (or never loaded the engine) closes without loading it at exit.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Close(Guid owner)
    {
        if (!ModuleInitializer.IsEngineLoaded)
        {
            return;
        }
        foreach (var failure in ObjectRegistry.Shared.Close(owner, FlushBound))
        {
            Console.Error.WriteLine("CloudWatcher: " + failure);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CloseAll()
    {
        if (!ModuleInitializer.IsEngineLoaded)
        {
            return;
        }
        foreach (var failure in ObjectRegistry.Shared.Close(null, FlushBound))
        {
            Console.Error.WriteLine("CloudWatcher: " + failure);
        }
    }
}
