using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of every CloudWatcher cmdlet: cancellation wired to Ctrl+C (StopProcessing), engine calls awaited on the
/// pipeline thread, and failures turned into ErrorRecords.
/// </summary>
public abstract class CmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

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
    }

    /// <summary>
    /// Blocks until the task completes or Ctrl+C. The stop does not wait for the task to observe its cancellation:
    /// that needs a thread-pool thread, and when the pool is busy, waiting for one can take a second or more.
    /// </summary>
    private void WaitOrStop(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }
        var signalled = WaitHandle.WaitAny(new[] { ((IAsyncResult)task).AsyncWaitHandle, _cancellation.Token.WaitHandle });
        if (signalled == 1 && !task.IsCompleted)
        {
            // Let the abandoned task finish in the background without an unobserved exception.
            _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw new PipelineStoppedException();
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
            }
        }
    }

    /// <summary>Reports a failure of one item and goes on (non-terminating).</summary>
    protected void WriteFailure(Exception exception, object? target) => WriteError(ErrorRecords.From(exception, target));

    /// <summary>Ends the command with a failure.</summary>
    protected void ThrowFailure(Exception exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));

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
        }
    }
}
