using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Connection;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of every CloudWatcher cmdlet: the AWS connection parameters, one session per invocation,
/// cancellation wired to Ctrl+C (StopProcessing), and the mapping of failures to ErrorRecords.
/// </summary>
public abstract class CloudWatcherCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private CloudWatcherSession? _session;

    /// <summary>The AWS region, e.g. us-east-1. Default: AWS_REGION, then the profile's region.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>A profile from the shared AWS config/credentials files. Default: AWS_PROFILE, then "default".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>Send requests to this endpoint instead of AWS's, e.g. the local emulator.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? EndpointUrl { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Connects once per invocation. A missing region or credentials ends the command before anything is sent.</summary>
    protected CloudWatcherSession GetSession()
    {
        if (_session is not null)
        {
            return _session;
        }
        var settings = new ConnectionSettings
        {
            Region = Region,
            ProfileName = ProfileName,
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SessionToken = SessionToken,
            EndpointUrl = EndpointUrl,
        };
        try
        {
            _session = CloudWatcherSession.Connect(settings);
        }
        catch (CloudWatcherConfigurationException ex)
        {
            ThrowTerminatingError(ErrorRecords.FromConfiguration(ex));
        }
        WriteVerbose($"Connected: region {_session!.Region}, credentials from {_session.CredentialSource}" +
            (_session.Endpoint is null ? "." : $", endpoint {_session.Endpoint}."));
        return _session;
    }

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
            _session?.Dispose();
            _session = null;
            _cancellation.Dispose();
        }
    }
}
