using CloudWatcher.Api;

namespace CloudWatcher.Logs;

/// <summary>
/// Reads one log group page by page and knows its position: GetLogEvents from the head (the end is the same
/// forward token coming back) or FilterLogEvents scans (the end is a missing nextToken; a follow-up scan starts at
/// the newest timestamp seen and drops events already emitted there, by event id).
/// </summary>
internal sealed class LogCursor
{
    private const int MaxPageEvents = 10_000;
    private readonly ICloudWatchLogsApi _api;
    private readonly HashSet<string> _boundaryIds;
    private List<LogEvent> _page = new();
    private int _index;
    private string? _pageNextToken;
    private bool _pageIsEnd;

    public LogCursor(ICloudWatchLogsApi api, LogQuery query, int sourceIndex, LogPosition? start)
    {
        _api = api;
        Query = query;
        SourceIndex = sourceIndex;
        Position = start ?? new LogPosition
        {
            ScanStart = query.Mode == LogReadMode.Filter && query.StartTime is DateTime s ? ToMs(s) : null,
        };
        _boundaryIds = new HashSet<string>(Position.BoundaryIds, StringComparer.Ordinal);
    }

    public LogQuery Query { get; }

    public int SourceIndex { get; }

    /// <summary>The position to resume from: the current page's token and how much of it was emitted.</summary>
    public LogPosition Position { get; private set; }

    /// <summary>True when the last fetch found nothing new (reading on would only poll).</summary>
    public bool AtEnd { get; private set; }

    /// <summary>Consecutive empty pages that still moved the token.</summary>
    public int EmptyPages { get; private set; }

    public bool HasBuffered => _index < _page.Count;

    public LogEvent Peek => _page[_index];

    /// <summary>Fetches the page at the current position (applying Skip), unless events are still buffered.</summary>
    public async Task FetchAsync(int? limit, CancellationToken cancellationToken)
    {
        var pageLimit = limit is int l ? Math.Clamp(l, 1, MaxPageEvents) : (int?)null;
        if (Query.Mode == LogReadMode.Stream)
        {
            var result = await _api.GetLogEventsAsync(new GetLogEventsRequest(Query.LogGroupName, Query.LogStreamNames![0])
            {
                NextToken = Position.Token,
                StartFromHead = true,
                StartTime = Position.Token is null ? Query.StartTime : null,
                EndTime = Query.EndTime,
                Limit = pageLimit,
            }, cancellationToken).ConfigureAwait(false);
            _page = result.Events as List<LogEvent> ?? result.Events.ToList();
            _pageNextToken = result.NextForwardToken;
            _pageIsEnd = result.NextForwardToken is null || result.NextForwardToken == Position.Token;
        }
        else
        {
            var result = await _api.FilterLogEventsAsync(new FilterLogEventsRequest(Query.LogGroupName)
            {
                LogStreamNames = Query.LogStreamNames,
                LogStreamNamePrefix = Query.LogStreamNamePrefix,
                FilterPattern = Query.FilterPattern,
                StartTime = Position.ScanStart is long ms ? FromMs(ms) : Query.StartTime,
                EndTime = Query.EndTime,
                NextToken = Position.Token,
                Limit = pageLimit,
            }, cancellationToken).ConfigureAwait(false);
            _page = result.Events as List<LogEvent> ?? result.Events.ToList();
            _pageNextToken = result.NextToken;
            _pageIsEnd = result.NextToken is null;
        }

        if (Query.Mode == LogReadMode.Filter && _boundaryIds.Count > 0)
        {
            // A follow-up scan starts at the newest timestamp already emitted: drop what was emitted there.
            _page = _page.Where(e => e.EventId is null || !_boundaryIds.Contains(e.EventId)).ToList();
        }
        _index = Math.Min(Position.Skip, _page.Count);
        var fresh = _page.Count - _index;
        EmptyPages = fresh == 0 && !_pageIsEnd ? EmptyPages + 1 : 0;
        AtEnd = _pageIsEnd && fresh == 0;
        if (!HasBuffered)
        {
            CompletePage();
        }
    }

    /// <summary>Takes the next buffered event and moves the position past it.</summary>
    public LogEvent Take()
    {
        var e = _page[_index++];
        var ms = ToMs(e.Timestamp);
        if (Query.Mode == LogReadMode.Filter && e.EventId is not null)
        {
            if (Position.LastTimestamp is not long last || ms > last)
            {
                _boundaryIds.Clear();
            }
            if (Position.LastTimestamp is not long l2 || ms >= l2)
            {
                _boundaryIds.Add(e.EventId);
            }
        }
        Position = Position with
        {
            Skip = Position.Skip + 1,
            LastTimestamp = Position.LastTimestamp is long prev ? Math.Max(prev, ms) : ms,
        };
        if (!HasBuffered)
        {
            CompletePage();
        }
        return e;
    }

    /// <summary>True when <see cref="Take"/> just finished a page (the moment to write a checkpoint).</summary>
    public bool PageCompleted { get; private set; }

    public void AcknowledgePage() => PageCompleted = false;

    /// <summary>Lets a cursor at its end poll again (follow mode).</summary>
    public void Reopen()
    {
        AtEnd = false;
        EmptyPages = 0;
    }

    /// <summary>Stops reading this cursor (e.g. too many empty pages).</summary>
    public void ForceEnd() => AtEnd = true;

    private void CompletePage()
    {
        PageCompleted = true;
        if (Query.Mode == LogReadMode.Stream)
        {
            // At the end the same token comes back: keep it, it fetches what is appended later.
            Position = Position with { Token = _pageNextToken ?? Position.Token, Skip = 0 };
        }
        else if (_pageIsEnd)
        {
            // The scan is complete: the next one starts at the newest timestamp emitted.
            Position = Position with
            {
                Token = null,
                Skip = 0,
                ScanStart = Position.LastTimestamp ?? Position.ScanStart,
                BoundaryIds = _boundaryIds.ToArray(),
            };
        }
        else
        {
            Position = Position with { Token = _pageNextToken, Skip = 0, BoundaryIds = _boundaryIds.ToArray() };
        }
    }

    internal static long ToMs(DateTime time) => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time).ToUnixTimeMilliseconds();

    internal static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
