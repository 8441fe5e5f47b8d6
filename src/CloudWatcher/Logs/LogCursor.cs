using CloudWatcher.Api;
using CloudWatcher.Aws.Runtime;

namespace CloudWatcher.Logs;

/// <summary>
/// Reads one log group page by page and knows its position: GetLogEvents from the head (the end is the same
/// forward token coming back) or FilterLogEvents scans (the end is a missing nextToken; a follow-up scan starts at
/// the newest timestamp seen and drops events already emitted there, by event id). While the consumer works through
/// a page, the next one is already being fetched.
/// </summary>
internal sealed class LogCursor
{
    private const int MaxPageEvents = 10_000;
    private readonly ICloudWatchLogsApi _api;
    private readonly HashSet<string> _boundaryIds;
    private IReadOnlyList<LogEvent> _page = Array.Empty<LogEvent>();
    private int _index;
    private string? _pageNextToken;
    private bool _pageIsEnd;

    // The position, kept in fields (one event must not cost an allocation); LogPosition is built on demand.
    private string? _token;
    private int _skip;
    private long? _scanStart;
    private long? _lastTimestamp;
    private long? _boundaryTimestamp;

    private (string? Token, long? ScanStart, int? Limit, Task<(IReadOnlyList<LogEvent>, string?)> Fetch)? _prefetch;

    public LogCursor(ICloudWatchLogsApi api, LogQuery query, int sourceIndex, LogPosition? start)
    {
        _api = api;
        Query = query;
        SourceIndex = sourceIndex;
        _token = start?.Token;
        _skip = start?.Skip ?? 0;
        _lastTimestamp = start?.LastTimestamp;
        _scanStart = start?.ScanStart ?? (query.Mode == LogReadMode.Filter && query.StartTime is DateTime s ? Epoch.ToMilliseconds(s) : null);
        _boundaryIds = new HashSet<string>(start?.BoundaryIds ?? Array.Empty<string>(), StringComparer.Ordinal);
        _boundaryTimestamp = _boundaryIds.Count > 0 ? _lastTimestamp : null;
    }

    public LogQuery Query { get; }

    public int SourceIndex { get; }

    /// <summary>The position to resume from: the current page's token and how much of it was emitted.</summary>
    public LogPosition Position
    {
        get
        {
            RefreshBoundary();
            return new LogPosition
            {
                Token = _token,
                Skip = _skip,
                ScanStart = _scanStart,
                LastTimestamp = _lastTimestamp,
                BoundaryIds = Query.Mode == LogReadMode.Filter ? _boundaryIds.ToArray() : Array.Empty<string>(),
            };
        }
    }

    /// <summary>Events of the current page already taken.</summary>
    public int Skip => _skip;

    /// <summary>True when the last fetch found nothing new (reading on would only poll).</summary>
    public bool AtEnd { get; private set; }

    /// <summary>Consecutive empty pages that still moved the token.</summary>
    public int EmptyPages { get; private set; }

    public bool HasBuffered => _index < _page.Count;

    public LogEvent Peek => _page[_index];

    /// <summary>True when <see cref="Take"/> (or a fetch of an empty page) just finished a page: the moment to snapshot.</summary>
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

    /// <summary>Fetches the page at the current position (applying Skip), unless events are still buffered.</summary>
    public async Task FetchAsync(int? limit, CancellationToken cancellationToken)
    {
        var pageLimit = limit is int l ? Math.Clamp(l, 1, MaxPageEvents) : (int?)null;
        var (events, next) = _prefetch is { } p && p.Token == _token && p.ScanStart == _scanStart && p.Limit == pageLimit
            ? await p.Fetch.ConfigureAwait(false)
            : await FetchPageAsync(_token, _scanStart, pageLimit, cancellationToken).ConfigureAwait(false);
        _prefetch = null;
        _pageNextToken = next;
        _pageIsEnd = Query.Mode == LogReadMode.Stream ? next is null || next == _token : next is null;

        if (Query.Mode == LogReadMode.Filter && _boundaryIds.Count > 0)
        {
            // A follow-up scan starts at the newest timestamp already emitted: drop what was emitted there.
            events = events.Where(e => e.EventId is null || !_boundaryIds.Contains(e.EventId)).ToList();
        }
        _page = events;
        _index = Math.Min(_skip, _page.Count);
        var fresh = _page.Count - _index;
        EmptyPages = fresh == 0 && !_pageIsEnd ? EmptyPages + 1 : 0;
        AtEnd = _pageIsEnd && fresh == 0;
        if (!_pageIsEnd && fresh > 0)
        {
            // Read ahead: the next page's token is known, so fetch it while this one is being consumed.
            var nextLimit = pageLimit is int pl ? pl - fresh : (int?)null;
            if (nextLimit is null or > 0)
            {
                var nextScan = _scanStart;
                _prefetch = (next, nextScan, nextLimit is int nl ? Math.Clamp(nl, 1, MaxPageEvents) : null, FetchPageAsync(next, nextScan, nextLimit, cancellationToken));
                _ = _prefetch.Value.Fetch.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
        }
        if (!HasBuffered)
        {
            CompletePage();
        }
    }

    /// <summary>Takes the next buffered event and moves the position past it.</summary>
    public LogEvent Take()
    {
        var e = _page[_index++];
        var ms = Epoch.ToMilliseconds(e.Timestamp);
        _skip++;
        _lastTimestamp = _lastTimestamp is long prev ? Math.Max(prev, ms) : ms;
        if (!HasBuffered)
        {
            CompletePage();
        }
        return e;
    }

    private async Task<(IReadOnlyList<LogEvent>, string?)> FetchPageAsync(string? token, long? scanStart, int? limit, CancellationToken cancellationToken)
    {
        if (Query.Mode == LogReadMode.Stream)
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
        var filtered = await _api.FilterLogEventsAsync(new FilterLogEventsRequest(Query.LogGroupName)
        {
            LogStreamNames = Query.LogStreamNames,
            LogStreamNamePrefix = Query.LogStreamNamePrefix,
            FilterPattern = Query.FilterPattern,
            StartTime = scanStart is long ms ? Epoch.FromMilliseconds(ms) : Query.StartTime,
            EndTime = Query.EndTime,
            NextToken = token,
            Limit = limit,
        }, cancellationToken).ConfigureAwait(false);
        return (filtered.Events, filtered.NextToken);
    }

    /// <summary>
    /// Filter mode: the ids of the events taken at the newest timestamp, which the next scan (starting at that
    /// timestamp) must not hand out again. Worked out when needed rather than per event.
    /// </summary>
    private void RefreshBoundary()
    {
        if (Query.Mode != LogReadMode.Filter || _lastTimestamp is not long last)
        {
            return;
        }
        var i = Math.Min(_index, _page.Count) - 1;
        var ids = new List<string>();
        for (; i >= 0 && Epoch.ToMilliseconds(_page[i].Timestamp) == last; i--)
        {
            if (_page[i].EventId is { } id)
            {
                ids.Add(id);
            }
        }
        // When every event taken from this page is at the boundary timestamp, earlier pages may hold more of them.
        if (!(i < 0 && _boundaryTimestamp == last))
        {
            _boundaryIds.Clear();
        }
        _boundaryIds.UnionWith(ids);
        _boundaryTimestamp = last;
    }

    private void CompletePage()
    {
        RefreshBoundary();
        PageCompleted = true;
        _skip = 0;
        if (Query.Mode == LogReadMode.Stream)
        {
            // At the end the same token comes back: keep it, it fetches what is appended later.
            _token = _pageNextToken ?? _token;
        }
        else if (_pageIsEnd)
        {
            // The scan is complete: the next one starts at the newest timestamp emitted.
            _token = null;
            _scanStart = _lastTimestamp ?? _scanStart;
        }
        else
        {
            _token = _pageNextToken;
        }
    }
}
