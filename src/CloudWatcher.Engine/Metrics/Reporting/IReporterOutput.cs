using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>Where a reporter's data goes at each flush: PutMetricData, or EMF events to standard output or a log group.</summary>
public interface IReporterOutput : IAsyncDisposable
{
    MetricFormat Format { get; }

    /// <summary>Where, in words: "PutMetricData", "standard output", "/group / stream".</summary>
    string Destination { get; }

    /// <summary>
    /// Sends the datums. Never throws for a failure to send: what was not sent comes back in
    /// <see cref="ReporterSendResult.Unsent"/> with the error, for the next flush. A cancelled send returns what it did.
    /// </summary>
    Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken);

    /// <summary>Ends the output within the token's time (a log writer sends what it holds); returns what is worth telling, if anything.</summary>
    Task<string?> CloseAsync(CancellationToken cancellationToken);
}

/// <summary>A datum that will never be sent (refused by the service, or not expressible in the format), and why.</summary>
public sealed record RefusedDatum(PendingDatum Datum, string Reason);

/// <summary>What one send did: values and datums sent, sends (calls or events) made and failed, refusals, and what was not sent.</summary>
public sealed class ReporterSendResult
{
    public long ValuesSent { get; set; }

    public int DatumsSent { get; set; }

    /// <summary>PutMetricData batches, or EMF events, attempted.</summary>
    public int Sends { get; set; }

    /// <summary>Sends that failed (their data is in <see cref="Unsent"/>).</summary>
    public int FailedSends { get; set; }

    /// <summary>PutMetricData calls made (retries and halvings included), or EMF events written.</summary>
    public int Calls { get; set; }

    public List<RefusedDatum> Refused { get; } = new();

    public List<PendingDatum> Unsent { get; } = new();

    /// <summary>Why <see cref="Unsent"/> was not sent (the first failure).</summary>
    public CloudWatcherException? Error { get; set; }

    /// <summary>Marks data unsent for a reason, keeping the first error.</summary>
    public void NotSent(IEnumerable<PendingDatum> data, CloudWatcherException error)
    {
        Unsent.AddRange(data);
        Error ??= error;
    }
}
