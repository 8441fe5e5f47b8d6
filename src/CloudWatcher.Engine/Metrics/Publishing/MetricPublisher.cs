using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>How often and how long the publisher tries a call again after throttling or an unavailable service (beyond the SDK's own retries).</summary>
public sealed record PublishRetryPolicy(int MaxAttempts, TimeSpan FirstWait, TimeSpan MaxWait)
{
    public static readonly PublishRetryPolicy Default = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
}

/// <summary>A datum the service refused (alone in its call, so the refusal is its own).</summary>
public sealed record RejectedDatum(PendingDatum Datum, CloudWatcherException Error);

/// <summary>Datums not sent because sending failed (after retries); a reporter keeps them for its next flush.</summary>
public sealed record UnsentData(IReadOnlyList<PendingDatum> Data, CloudWatcherException Error);

/// <summary>What a publish did: calls made, datums and values sent, datums refused, data left unsent and why.</summary>
public sealed class PublishOutcome
{
    public int Calls { get; internal set; }

    public int DatumsSent { get; internal set; }

    public long ValuesSent { get; internal set; }

    public List<RejectedDatum> Rejected { get; } = new();

    public List<UnsentData> Unsent { get; } = new();

    /// <summary>A failure that stopped the publish (access denied, bad credentials): everything from there on is in <see cref="Unsent"/>.</summary>
    public CloudWatcherException? Fatal { get; internal set; }
}

/// <summary>
/// Sends batches with PutMetricData and never drops data silently. Throttling and an unavailable service are tried
/// again with the shared <see cref="Backoff"/> (after the SDK's own retries); what still fails is returned
/// as unsent. A call the service refuses as invalid (or too large) is halved and each half sent again, so the one
/// datum at fault is found and refused alone, with the service's message, and the rest is sent. Access denied and
/// credential failures stop the publish (nothing else could succeed). Progress goes to the sink per call.
/// </summary>
public sealed class MetricPublisher
{
    private readonly IMetricWriteApi _api;
    private readonly IEngineSink _sink;
    private readonly PublishRetryPolicy _retry;

    public MetricPublisher(IMetricWriteApi api, IEngineSink? sink = null, PublishRetryPolicy? retry = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
        _retry = retry ?? PublishRetryPolicy.Default;
    }

    public async Task<PublishOutcome> PublishAsync(IReadOnlyList<PublishBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var outcome = new PublishOutcome();
        var shown = false;
        try
        {
            for (var b = 0; b < batches.Count; b++)
            {
                var batch = batches[b];
                if (outcome.Fatal is { } fatal)
                {
                    outcome.Unsent.Add(new UnsentData(batch.Data, fatal));
                    continue;
                }
                await SendAsync(batch.Namespace, batch.Data, outcome, cancellationToken).ConfigureAwait(false);
                var report = new ProgressReport(ProgressActivity.PublishingMetrics,
                    $"Batch {b + 1} of {batches.Count}: {outcome.DatumsSent} datums sent in {outcome.Calls} PutMetricData calls",
                    b + 1, b + 1 < batches.Count, (b + 1) * 100 / batches.Count);
                shown |= report.IsWorthShowing;
                _sink.Progress(report);
            }
        }
        finally
        {
            if (shown)
            {
                _sink.Progress(new ProgressReport(ProgressActivity.PublishingMetrics, "Done", batches.Count, Completed: true));
            }
        }
        return outcome;
    }

    private async Task SendAsync(string @namespace, IReadOnlyList<PendingDatum> data, PublishOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Fatal is { } fatal)
        {
            outcome.Unsent.Add(new UnsentData(data, fatal));
            return;
        }
        var backoff = new Backoff(_retry.FirstWait, _retry.MaxWait);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await _api.PutMetricDataAsync(new PutMetricDataRequest(@namespace, data.Select(d => d.Datum).ToList()), cancellationToken).ConfigureAwait(false);
                outcome.Calls += result.Requests;
                outcome.DatumsSent += data.Count;
                outcome.ValuesSent += data.Sum(d => d.Values);
                _sink.Debug($"PutMetricData: {data.Count} datums to {@namespace} in {result.Requests} request(s).");
                return;
            }
            catch (CloudWatcherException ex) when (IsTransient(ex))
            {
                outcome.Calls++;
                if (attempt >= _retry.MaxAttempts)
                {
                    outcome.Unsent.Add(new UnsentData(data, ex));
                    return;
                }
                _sink.Verbose($"PutMetricData failed ({ex.Kind}); trying again in {backoff.Next.TotalSeconds:0.#} s (attempt {attempt + 1} of {_retry.MaxAttempts}).");
                await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CloudWatcherException ex) when (ex.Kind is ErrorKind.InvalidInput or ErrorKind.LimitExceeded)
            {
                outcome.Calls++;
                if (data.Count == 1)
                {
                    outcome.Rejected.Add(new RejectedDatum(data[0], ex));
                    return;
                }
                // One datum (or the size) is at fault: halve until it stands alone, so the rest is still sent.
                _sink.Verbose($"PutMetricData refused {data.Count} datums ({ex.Message}); sending them in halves to find the one at fault.");
                var half = data.Count / 2;
                await SendAsync(@namespace, data.Take(half).ToList(), outcome, cancellationToken).ConfigureAwait(false);
                await SendAsync(@namespace, data.Skip(half).ToList(), outcome, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (CloudWatcherException ex)
            {
                outcome.Calls++;
                outcome.Fatal = ex;
                outcome.Unsent.Add(new UnsentData(data, ex));
                return;
            }
        }
    }

    /// <summary>
    /// Worth another try. A timeout is not: the call may have been stored, and PutMetricData is not idempotent (a
    /// value sent twice counts twice), so it is returned unsent, for the caller to decide.
    /// </summary>
    private static bool IsTransient(CloudWatcherException ex) => ex.Kind is ErrorKind.Throttled or ErrorKind.Unavailable;
}
