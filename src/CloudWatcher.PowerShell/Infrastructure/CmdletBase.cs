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
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Enumerates an async sequence on the pipeline thread, so Write* calls stay on it.</summary>
    protected IEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        var enumerator = source.GetAsyncEnumerator(CancellationToken);
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult();
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
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
