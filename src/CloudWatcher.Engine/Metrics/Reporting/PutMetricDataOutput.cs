using CloudWatcher.Diagnostics;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>
/// A reporter's data sent with PutMetricData: cut into calls by <see cref="MetricBatcher"/> and sent batch by batch by
/// <see cref="MetricPublisher"/> (throttling retried, a refused call halved until the datum at fault stands alone).
/// After a failure that ends publishing (access denied, bad credentials) the other batches are not tried; a cancelled
/// flush leaves the batch in flight and the rest unsent. Nothing is thrown away here: unsent data goes back to the reporter.
/// </summary>
public sealed class PutMetricDataOutput : IReporterOutput
{
    private readonly IMetricWriteApi _api;
    private readonly IEngineSink _sink;
    private readonly PublishRetryPolicy? _retry;
    private readonly IDisposable? _owned;

    /// <param name="owned">Disposed with the output (the session the API belongs to).</param>
    public PutMetricDataOutput(IMetricWriteApi api, IEngineSink? sink = null, PublishRetryPolicy? retry = null, IDisposable? owned = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
        _retry = retry;
        _owned = owned;
    }

    public MetricFormat Format => MetricFormat.PutMetricData;

    public string Destination => "PutMetricData";

    public async Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken)
    {
        var result = new ReporterSendResult();
        var publisher = new MetricPublisher(_api, _sink, _retry);
        var batches = MetricBatcher.Cut(data);
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            result.Sends++;
            if (cancellationToken.IsCancellationRequested)
            {
                result.FailedSends++;
                result.NotSent(batches.Skip(i).SelectMany(b => b.Data), Cut());
                break;
            }
            PublishOutcome outcome;
            try
            {
                outcome = await publisher.PublishAsync(new[] { batch }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                result.FailedSends++;
                result.NotSent(batches.Skip(i).SelectMany(b => b.Data), Cut());
                break;
            }
            result.Calls += outcome.Calls;
            result.ValuesSent += outcome.ValuesSent;
            result.DatumsSent += outcome.DatumsSent;
            foreach (var rejected in outcome.Rejected)
            {
                result.Refused.Add(new RefusedDatum(rejected.Datum, rejected.Error.Message));
            }
            foreach (var unsent in outcome.Unsent)
            {
                result.NotSent(unsent.Data, unsent.Error);
            }
            if (outcome.Unsent.Count > 0)
            {
                result.FailedSends++;
            }
            if (outcome.Fatal is { } fatal)
            {
                // Access denied or bad credentials: the other batches would fail the same way.
                result.NotSent(batches.Skip(i + 1).SelectMany(b => b.Data), fatal);
                result.FailedSends += batches.Count - i - 1;
                result.Sends = batches.Count;
                break;
            }
        }
        return result;
    }

    public Task<string?> CloseAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync()
    {
        _owned?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CloudWatcherException Cut() =>
        new("MetricReporterStopped", ErrorKind.Timeout, "the flush was cut short (the reporter was stopping and its time ran out)");
}
