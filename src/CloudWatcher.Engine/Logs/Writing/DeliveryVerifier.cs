using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Logs.Writing;

/// <summary>What reading the stream said about a call that was out when its writer ended.</summary>
internal enum DeliveryOutcome
{
    /// <summary>Every event of the call (that the service could take) is in the stream: the call was stored.</summary>
    Delivered,

    /// <summary>Not all of them are: PutLogEvents stores a call whole or not at all, so it was not (Found says how many matched anyway).</summary>
    NotDelivered,

    /// <summary>The stream could not be read (no permission, too many events in the range): nobody knows.</summary>
    Unknown,
}

internal sealed record DeliveryCheck(DeliveryOutcome Outcome, int Found, string? Reason = null);

/// <summary>
/// Finds out whether a call that was out when a writer ended arrived, by reading the stream over the call's time range
/// (GetLogEvents, from the head) and matching its events by timestamp and message, each stored event matching one
/// event of the call. A call is stored whole or not at all, so it counts as delivered only when all of its events
/// that the service could take (not more than 14 days older or 2 hours newer than the call) are found. Waits first
/// until the call is <see cref="LogWriterOptions.VerifySettle"/> old, so events it stored are readable. Identical
/// events (same millisecond, same message) written by someone else to the same stream in that range could make an
/// undelivered call look delivered; CloudWatcher's own earlier events of the same file are acknowledged by then and
/// are not part of the check. When the service cannot be reached (or throttles beyond the SDK's retries) the error is
/// thrown: a resend then could not succeed either, and the events stay spooled, still in doubt.
/// </summary>
internal sealed class DeliveryVerifier
{
    private readonly ILogReadApi _api;
    private readonly LogDestination _destination;
    private readonly LogWriterOptions _options;
    private readonly IEngineSink _sink;

    public DeliveryVerifier(ILogReadApi api, LogDestination destination, LogWriterOptions options, IEngineSink sink)
    {
        _api = api;
        _destination = destination;
        _options = options;
        _sink = sink;
    }

    public async Task<DeliveryCheck> CheckAsync(IReadOnlyList<PendingLogEvent> events, long sentAt, CancellationToken cancellationToken)
    {
        var takeable = events.Where(e => e.Timestamp >= sentAt - LogWriteLimits.MaxAgeMilliseconds && e.Timestamp <= sentAt + LogWriteLimits.MaxAheadMilliseconds).ToList();
        if (takeable.Count == 0)
        {
            return new DeliveryCheck(DeliveryOutcome.NotDelivered, 0);
        }
        var settled = DateTimeOffset.FromUnixTimeMilliseconds(sentAt) + _options.VerifySettle - DateTimeOffset.UtcNow;
        if (settled > TimeSpan.Zero)
        {
            _sink.Verbose($"Waiting {settled.TotalSeconds:0.#} s before checking whether {takeable.Count} events sent just before the last writer ended have arrived.");
            await Task.Delay(settled, cancellationToken).ConfigureAwait(false);
        }
        var expected = new Dictionary<(long, string), int>();
        foreach (var e in takeable)
        {
            expected[(e.Timestamp, e.Message)] = expected.GetValueOrDefault((e.Timestamp, e.Message)) + 1;
        }
        var request = new GetLogEventsRequest(_destination.LogGroupName, _destination.LogStreamName)
        {
            StartTime = Epoch.FromMilliseconds(takeable.Min(e => e.Timestamp)),
            EndTime = Epoch.FromMilliseconds(takeable.Max(e => e.Timestamp) + 1),
            StartFromHead = true,
        };
        var found = 0;
        try
        {
            for (var page = 0; ; page++)
            {
                if (page >= _options.MaxVerifyPages)
                {
                    return new DeliveryCheck(DeliveryOutcome.Unknown, found, $"the stream holds more than {_options.MaxVerifyPages} pages of events in that time");
                }
                var result = await _api.GetLogEventsAsync(request, cancellationToken).ConfigureAwait(false);
                foreach (var stored in result.Events)
                {
                    var key = (Epoch.ToMilliseconds(stored.Timestamp), stored.Message);
                    if (expected.TryGetValue(key, out var left) && left > 0)
                    {
                        expected[key] = left - 1;
                        found++;
                    }
                }
                if (found == takeable.Count)
                {
                    return new DeliveryCheck(DeliveryOutcome.Delivered, found);
                }
                if (result.NextForwardToken is null || result.NextForwardToken == request.NextToken)
                {
                    return new DeliveryCheck(DeliveryOutcome.NotDelivered, found);
                }
                request = request with { NextToken = result.NextForwardToken };
            }
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return new DeliveryCheck(DeliveryOutcome.NotDelivered, 0);
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ErrorKind.Unavailable or ErrorKind.Timeout or ErrorKind.Throttled)
        {
            throw; // the service cannot be reached now: sending would fail as well, so the events stay spooled
        }
        catch (CloudWatcherException ex)
        {
            return new DeliveryCheck(DeliveryOutcome.Unknown, found, ex.Message);
        }
    }
}
