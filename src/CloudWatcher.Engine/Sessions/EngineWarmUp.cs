using CloudWatcher.Aws;

namespace CloudWatcher.Sessions;

/// <summary>
/// Gets a fresh process ready for its first call, off the caller's thread: the module starts it at import, and it runs
/// the code of a first Get-CwLog (connect, plan, GetLogEvents through the SDK's pipeline and HttpClient, parse) against
/// an answer held in memory, so the JIT compiles and the runtime loads now what the user's first call would wait for.
/// It sends nothing (no socket, no name lookup), asks no credential chain, profile or instance metadata, keeps no state
/// the real calls use (AWSSDK.Core's process-wide settings are read again at the first real connection), and never
/// fails visibly. Once per process; CLOUDWATCHER_WARMUP=0 turns it off.
/// </summary>
public static class EngineWarmUp
{
    /// <summary>0, false or off: the module does not start the warm-up (read by the module, before the engine loads).</summary>
    public const string Variable = "CLOUDWATCHER_WARMUP";

    private static readonly object Gate = new();

    private static Task? _task;

    /// <summary>Starts the warm-up on the thread pool, once per process (later calls return the same task). The task never faults.</summary>
    public static Task Start()
    {
        lock (Gate)
        {
            return _task ??= Task.Run(RunQuietlyAsync);
        }
    }

    private static async Task RunQuietlyAsync()
    {
        try
        {
            await AwsWarmUp.RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: whatever goes wrong here, the real first call does (and reports) on its own.
        }
    }
}
