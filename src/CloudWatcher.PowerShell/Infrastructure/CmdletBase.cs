using System.Management.Automation;
using CloudWatcher.Diagnostics;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of every CloudWatcher cmdlet: cancellation wired to Ctrl+C (StopProcessing), engine calls awaited on the
/// pipeline thread while what the engine says (warnings, verbose, progress: <see cref="Sink"/>) is written as it
/// comes, and engine failures turned into ErrorRecords in one place.
/// </summary>
public abstract class CmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private CmdletSink? _sink;

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Where engine services report; written out on the pipeline thread by <see cref="Wait{T}"/>, <see cref="Enumerate{T}"/> and <see cref="Flush"/>.</summary>
    protected IEngineSink Sink => _sink ??= new CmdletSink();

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Writes out what the engine has said so far (on the pipeline thread).</summary>
    protected void Flush() => _sink?.Drain(this);

    /// <summary>True for the failures the engine reports to users (as opposed to bugs).</summary>
    protected static bool IsEngineFailure(Exception exception) =>
        exception is CloudWatcherException or IOException or UnauthorizedAccessException;

    /// <summary>Waits for an engine task on the pipeline thread; Ctrl+C stops the pipeline promptly.</summary>
    protected T Wait<T>(Task<T> task)
    {
        WaitOrStop(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            Flush();
        }
    }

    /// <summary>Waits for an engine task that returns nothing.</summary>
    protected void Wait(Task task) => Wait(task.ContinueWith(static t =>
    {
        t.GetAwaiter().GetResult();
        return true;
    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));

    /// <summary>
    /// Blocks until the task completes or Ctrl+C, writing out engine messages as they arrive. The stop does not wait
    /// for the task to observe its cancellation: that needs a thread-pool thread, and when the pool is busy, waiting
    /// for one can take a second or more.
    /// </summary>
    private void WaitOrStop(Task task)
    {
        while (!task.IsCompleted)
        {
            var handles = _sink is null
                ? new[] { ((IAsyncResult)task).AsyncWaitHandle, _cancellation.Token.WaitHandle }
                : new[] { ((IAsyncResult)task).AsyncWaitHandle, _cancellation.Token.WaitHandle, _sink.Signal };
            var signalled = WaitHandle.WaitAny(handles);
            if (signalled == 1 && !task.IsCompleted)
            {
                // Let the abandoned task finish in the background without an unobserved exception.
                _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                throw new PipelineStoppedException();
            }
            if (signalled == 2)
            {
                Flush();
            }
        }
    }

    /// <summary>Enumerates an async sequence on the pipeline thread, so Write* calls stay on it.</summary>
    protected IEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        IAsyncEnumerator<T>? enumerator = source.GetAsyncEnumerator(CancellationToken);
        try
        {
            while (true)
            {
                bool moved;
                var next = enumerator.MoveNextAsync().AsTask();
                try
                {
                    WaitOrStop(next);
                    moved = next.GetAwaiter().GetResult();
                }
                catch (PipelineStoppedException) when (!next.IsCompleted)
                {
                    // The iterator is still running; dispose it once it has seen the cancellation.
                    var pending = enumerator;
                    enumerator = null;
                    _ = next.ContinueWith(_ => pending.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap()
                        .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                    throw;
                }
                catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                finally
                {
                    Flush();
                }
                if (!moved)
                {
                    yield break;
                }
                yield return enumerator.Current;
            }
        }
        finally
        {
            if (enumerator is not null)
            {
                var disposing = enumerator.DisposeAsync().AsTask();
                if (!disposing.IsCompleted)
                {
                    WaitHandle.WaitAny(new[] { ((IAsyncResult)disposing).AsyncWaitHandle }, TimeSpan.FromSeconds(5));
                }
                Flush();
            }
        }
    }

    /// <summary>
    /// A path the file system understands, resolved against PowerShell's current location. A path of another provider
    /// (variable:, env:, HKLM:) ends the command with InvalidPath rather than writing into the working directory.
    /// </summary>
    protected string ResolveFileSystemPath(string path, string parameterName)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception ex) when (ex is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or PSArgumentException or ArgumentException)
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidPath", ErrorKind.InvalidInput,
                $"-{parameterName} '{path}' is not a file system path ({ex.Message.TrimEnd('.')}). Give a path such as ./out/file.csv.", path));
            throw; // unreachable
        }
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidPath", ErrorKind.InvalidInput,
                $"-{parameterName} '{path}' is a path of the {provider.Name} provider, not a file system path. Give a path such as ./out/file.csv.", path));
        }
        return resolved;
    }

    /// <summary>Reports a failure of one item and goes on (non-terminating).</summary>
    protected void WriteFailure(Exception exception, object? target) => WriteError(ErrorRecords.From(exception, target));

    /// <summary>Ends the command with a failure.</summary>
    protected void ThrowFailure(Exception exception, object? target)
    {
        Flush();
        ThrowTerminatingError(ErrorRecords.From(exception, target));
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
            _sink?.Dispose();
        }
    }
}
