using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Logs;

/// <summary>
/// Where a log query's events come from, page by page, and what "the end" and "reading on" mean there. The cursor
/// (<see cref="LogCursor"/>) keeps the position and the reader (<see cref="LogReader"/>) merges, de-duplicates and
/// checkpoints the same way for every source: one stream read with GetLogEvents, a group scanned with
/// FilterLogEvents (Live Tail later).
/// </summary>
internal abstract class LogSource
{
    protected LogSource(LogQuery query) => Query = query;

    public LogQuery Query { get; }

    /// <summary>
    /// True when reading on after the end starts again at the newest timestamp seen (so events at that timestamp come
    /// twice and are dropped by event id); false when the source continues from a token.
    /// </summary>
    public abstract bool RescansFromNewestTimestamp { get; }

    /// <summary>The scan start (epoch ms) of a first read, or null when the source does not scan.</summary>
    public virtual long? InitialScanStart => null;

    /// <summary>One page at a position: the events and the token of the next page.</summary>
    public abstract Task<(IReadOnlyList<LogEvent> Events, string? Next)> FetchAsync(string? token, long? scanStart, int? limit, CancellationToken cancellationToken);

    /// <summary>Whether a page fetched with <paramref name="token"/> that named <paramref name="next"/> was the last one for now.</summary>
    public abstract bool IsEnd(string? token, string? next);

    /// <summary>
    /// The position after a page has been read completely; <paramref name="rescanFrom"/> is where a rescan would start
    /// (the late-event window before the newest timestamp taken).
    /// </summary>
    public abstract (string? Token, long? ScanStart) After(string? token, long? scanStart, string? next, bool isEnd, long? rescanFrom);

    public static LogSource For(ILogReadApi api, LogQuery query) => query.Mode == LogReadMode.Stream
        ? new StreamLogSource(api, query)
        : new FilterScanLogSource(api, query);
}

/// <summary>One stream from its head with GetLogEvents; the end is the same forward token coming back, which later fetches what is appended.</summary>
internal sealed class StreamLogSource : LogSource
{
    private readonly ILogReadApi _api;

    public StreamLogSource(ILogReadApi api, LogQuery query)
        : base(query) => _api = api;

    public override bool RescansFromNewestTimestamp => false;

    public override async Task<(IReadOnlyList<LogEvent> Events, string? Next)> FetchAsync(string? token, long? scanStart, int? limit, CancellationToken cancellationToken)
    {
        var result = await _api.GetLogEventsAsync(new GetLogEventsRequest(Query.LogGroupName, Query.LogStreamNames![0])
        {
            NextToken = token,
            StartFromHead = true,
            StartTime = token is null ? Query.StartTime : null,
            EndTime = Query.EndTime,
            Limit = limit,
        }, cancellationToken).ConfigureAwait(false);
        return (result.Events, result.NextForwardToken);
    }

    public override bool IsEnd(string? token, string? next) => next is null || next == token;

    // At the end the same token comes back: keep it, it fetches what is appended later.
    public override (string? Token, long? ScanStart) After(string? token, long? scanStart, string? next, bool isEnd, long? rescanFrom) =>
        (next ?? token, scanStart);
}

/// <summary>
/// A group (streams, a stream prefix, a filter pattern) with FilterLogEvents scans, interleaved by time; the end of a
/// scan is a missing nextToken, and the next scan starts the late-event window before the newest timestamp emitted.
/// </summary>
internal sealed class FilterScanLogSource : LogSource
{
    private readonly ILogReadApi _api;

    public FilterScanLogSource(ILogReadApi api, LogQuery query)
        : base(query) => _api = api;

    public override bool RescansFromNewestTimestamp => true;

    public override long? InitialScanStart => Query.StartTime is DateTime s ? Epoch.ToMilliseconds(s) : null;

    public override async Task<(IReadOnlyList<LogEvent> Events, string? Next)> FetchAsync(string? token, long? scanStart, int? limit, CancellationToken cancellationToken)
    {
        var filtered = await _api.FilterLogEventsAsync(new FilterLogEventsRequest(Query.LogGroupName)
        {
            LogStreamNames = Query.LogStreamNames,
            LogStreamNamePrefix = Query.LogStreamNamePrefix,
            FilterPattern = Query.FilterPattern,
            StartTime = scanStart is long ms ? Epoch.FromMilliseconds(ms) : Query.StartTime,
            // FilterLogEvents includes an event at endTime, GetLogEvents does not: the end is exclusive for every source.
            EndTime = Query.EndTime?.AddMilliseconds(-1),
            NextToken = token,
            Limit = limit,
        }, cancellationToken).ConfigureAwait(false);
        return (filtered.Events, filtered.NextToken);
    }

    public override bool IsEnd(string? token, string? next) => next is null;

    public override (string? Token, long? ScanStart) After(string? token, long? scanStart, string? next, bool isEnd, long? rescanFrom) =>
        isEnd ? (null, rescanFrom ?? scanStart) : (next, scanStart);
}
