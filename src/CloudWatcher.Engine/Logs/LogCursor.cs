using CloudWatcher.Time;

namespace CloudWatcher.Logs;

/// <summary>
/// Reads one log query page by page from its <see cref="LogSource"/> and knows its position (token, events of the
/// page taken, scan start, newest timestamp). For sources that rescan from the newest timestamp, events already
/// emitted at that timestamp are dropped by event id. While the consumer works through a page, the next one is
/// already being fetched.
/// </summary>
internal sealed class LogCursor
{
    private const int MaxPageEvents = 10_000;
    private readonly LogSource _source;
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

    private (string? Token, long? ScanStart, int? Limit, Task<(IReadOnlyList<LogEvent> Events, string? Next)> Fetch)? _prefetch;

    public LogCursor(LogSource source, int sourceIndex, LogPosition? start)
    {
        _source = source;
        Query = source.Query;
        SourceIndex = sourceIndex;
        _token = start?.Token;
        _skip = start?.Skip ?? 0;
        _lastTimestamp = start?.LastTimestamp;
        _scanStart = start?.ScanStart ?? source.InitialScanStart;
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
                BoundaryIds = _source.RescansFromNewestTimestamp ? _boundaryIds.ToArray() : Array.Empty<string>(),
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
            : await _source.FetchAsync(_token, _scanStart, pageLimit, cancellationToken).ConfigureAwait(false);
        _prefetch = null;
        _pageNextToken = next;
        _pageIsEnd = _source.IsEnd(_token, next);

        if (_source.RescansFromNewestTimestamp && _boundaryIds.Count > 0)
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
                _prefetch = (next, nextScan, nextLimit is int nl ? Math.Clamp(nl, 1, MaxPageEvents) : null, _source.FetchAsync(next, nextScan, nextLimit is int n2 ? Math.Clamp(n2, 1, MaxPageEvents) : null, cancellationToken));
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

    /// <summary>
    /// For sources that rescan: the ids of the events taken at the newest timestamp, which the next scan (starting at
    /// that timestamp) must not hand out again. Worked out when needed rather than per event.
    /// </summary>
    private void RefreshBoundary()
    {
        if (!_source.RescansFromNewestTimestamp || _lastTimestamp is not long last)
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
        (_token, _scanStart) = _source.After(_token, _scanStart, _pageNextToken, _pageIsEnd, _lastTimestamp);
    }
}
