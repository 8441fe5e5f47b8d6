using System.Globalization;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Sends one batch to its destination: marks it sent in the spool (flushed to disk), puts it, and marks it
/// acknowledged once the service has answered for every event in it. Throttling, 5xx answers and timeouts that the
/// SDK's retries did not cure are tried again a few times with <see cref="Backoff"/>; DataAlreadyAcceptedException
/// means the events are stored (older service versions said so for a repeated call); a missing group or stream is
/// created (unless that is turned off), tolerating another writer creating it at the same time. Events the service
/// rejects by index (rejectedLogEventsInfo) are reported one by one: the too-old and expired indexes are read as the
/// last rejected event (inclusive), the too-new index as the first (inclusive) — the reading that never leaves a
/// rejected event unreported. A failure that retries did not cure is thrown; the batch then stays in the spool.
/// </summary>
internal sealed class LogBatchSender
{
    private readonly LogDestination _destination;
    private readonly ILogWriteApi _api;
    private readonly ILogGroupAdminApi? _admin;
    private readonly LogWriterOptions _options;
    private readonly IEngineSink _sink;
    private readonly LogWriteCounters _counters;
    private readonly Action<CloudWatcherException> _report;

    public LogBatchSender(LogDestination destination, ILogWriteApi api, ILogGroupAdminApi? admin, LogWriterOptions options,
        IEngineSink sink, LogWriteCounters counters, Action<CloudWatcherException> report)
    {
        _destination = destination;
        _api = api;
        _admin = admin;
        _options = options;
        _sink = sink;
        _counters = counters;
        _report = report;
        RetentionForNewGroup = options.RetentionInDays;
    }

    /// <summary>The retention to give the log group if this sender creates it.</summary>
    public int? RetentionForNewGroup { get; set; }

    public async Task SendAsync(LogEventBatch batch, bool resend, CancellationToken cancellationToken)
    {
        batch.Segment?.MarkSent(batch.Ranges);
        var result = await PutAsync(batch, cancellationToken).ConfigureAwait(false);
        var rejected = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (RejectionOf(i, result) is { } reason)
            {
                rejected++;
                _report(LogEventFailures.Rejected(reason, batch.Events[i]));
            }
        }
        batch.Segment?.MarkAcknowledged(batch.Ranges, batch.Count);
        _counters.AddCall(batch.Bytes, batch.Count - rejected, rejected, resend);
        var from = Epoch.ToIso8601(Epoch.FromMilliseconds(batch.FirstTimestamp));
        var to = Epoch.ToIso8601(Epoch.FromMilliseconds(batch.LastTimestamp));
        _sink.Debug(string.Create(CultureInfo.InvariantCulture, $"PutLogEvents {_destination}: {batch.Count} events, {batch.Bytes} bytes, {from} to {to}, {rejected} rejected."));
    }

    private static LogEventRejection? RejectionOf(int index, PutLogEventsResult result) =>
        result.TooOldLogEventEndIndex is int old && index <= old ? LogEventRejection.TooOld
        : result.ExpiredLogEventEndIndex is int expired && index <= expired ? LogEventRejection.Expired
        : result.TooNewLogEventStartIndex is int tooNew && index >= tooNew ? LogEventRejection.TooNew
        : null;

    private async Task<PutLogEventsResult> PutAsync(LogEventBatch batch, CancellationToken cancellationToken)
    {
        var request = new PutLogEventsRequest(_destination.LogGroupName, _destination.LogStreamName,
            batch.Events.Select(e => new InputLogEvent(Epoch.FromMilliseconds(e.Timestamp), e.Message)).ToList())
        {
            LogFormat = _destination.LogFormat,
        };
        var backoff = new Backoff(_options.RetryDelay, _options.MaxRetryDelay);
        var retries = 0;
        var created = false;
        while (true)
        {
            try
            {
                return await _api.PutLogEventsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudWatcherServiceException ex) when (ex.ErrorCode == "DataAlreadyAcceptedException")
            {
                _sink.Verbose($"CloudWatch Logs says the {batch.Count} events of this call were accepted already (DataAlreadyAcceptedException): they are stored.");
                return new PutLogEventsResult(null, null, null);
            }
            catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.NotFound && !created)
            {
                await CreateAsync(cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (CloudWatcherServiceException ex) when (IsWorthRetrying(ex) && retries < _options.MaxRetries)
            {
                retries++;
                _sink.Warning(string.Create(CultureInfo.InvariantCulture,
                    $"PutLogEvents to {_destination} failed ({ex.ErrorCode ?? ex.ErrorId}); trying again in {backoff.Next.TotalSeconds:0.#} s (attempt {retries + 1} of {_options.MaxRetries + 1})."));
                await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsWorthRetrying(CloudWatcherServiceException ex) =>
        ex.Kind is ErrorKind.Throttled or ErrorKind.Unavailable or ErrorKind.Timeout
        || ex.ErrorCode == "InvalidSequenceTokenException";

    /// <summary>Creates the stream, and the group first when it is missing too; "already exists" is fine (another writer was quicker).</summary>
    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var (group, stream) = (_destination.LogGroupName, _destination.LogStreamName);
        if (!_options.Create)
        {
            throw new CloudWatcherException("LogStreamNotFound", ErrorKind.NotFound,
                $"The log stream '{stream}' of the log group '{group}' does not exist, and -NoCreate says not to create it.", _destination.ToString())
            {
                RecommendedAction = "Create the log group and stream, or leave out -NoCreate.",
            };
        }
        try
        {
            await _api.CreateLogStreamAsync(group, stream, cancellationToken).ConfigureAwait(false);
            _sink.Verbose($"Created the log stream '{stream}' in '{group}'.");
            return;
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.AlreadyExists)
        {
            return;
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            // The group is missing as well.
        }
        var createdGroup = false;
        try
        {
            await _api.CreateLogGroupAsync(group, cancellationToken).ConfigureAwait(false);
            createdGroup = true;
            _sink.Verbose($"Created the log group '{group}'.");
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.AlreadyExists)
        {
        }
        if (createdGroup && RetentionForNewGroup is int days)
        {
            try
            {
                if (_admin is null)
                {
                    throw new InvalidOperationException("No log group administration port.");
                }
                await _admin.PutRetentionPolicyAsync(group, days, cancellationToken).ConfigureAwait(false);
                _sink.Verbose($"Set the retention of '{group}' to {days} days.");
            }
            catch (Exception ex) when (ex is CloudWatcherException or InvalidOperationException)
            {
                _sink.Warning($"The log group '{group}' was created, but its retention could not be set to {days} days: {ex.Message} Set it with PutRetentionPolicy.");
            }
        }
        try
        {
            await _api.CreateLogStreamAsync(group, stream, cancellationToken).ConfigureAwait(false);
            _sink.Verbose($"Created the log stream '{stream}' in '{group}'.");
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind == ErrorKind.AlreadyExists)
        {
        }
    }
}
