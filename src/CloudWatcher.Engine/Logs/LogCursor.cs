using CloudWatcher.Time;

namespace CloudWatcher.Logs;

/// <summary>
/// Reads one log query page by page from its <see cref="LogSource"/> and knows its position (token, events of the
/// page taken, scan start, newest timestamp). Sources that rescan (FilterLogEvents) start the next scan a late-event
/// window before the newest timestamp taken, so events ingested late are still found; the ids of the events already
/// taken in that window are kept and those events are dropped when they come again. While the consumer works through
/// a page, the next one is already being fetched.
/// </summary>
internal sealed class LogCursor
{
    private const int MaxPageEvents = 10_000;

    /// <summary>At most this many recent event ids are kept; beyond it the oldest go (an event that late may come twice).</summary>
    public const int MaxRecentIds = 100_000;

    private readonly LogSource _source;
    private readonly long _windowMs;
    private readonly string? _checkpointPath;
    private readonly bool _readsOn;
    private readonly bool _tracksRecent;
    private readonly Dictionary<string, long> _recent = new(StringComparer.Ordinal);
    private int _prunedAt;
    private bool _resumed;
    private IReadOnlyList<LogEvent> _page = Array.Empty<LogEvent>();
    private int _index;
    private string? _pageNextToken;
    private bool _pageIsEnd;

    // The position, kept in fields (one event must not cost an allocation); LogPosition is built on demand.
    private string? _token;
    private int _skip;
    private long? _scanStart;
    private long? _lastTimestamp;

    private (string? Token, long? ScanStart, int? Limit, Task<(IReadOnlyList<LogEvent> Events, string? Next)> Fetch)? _prefetch;

    /// <param name="readsOn">
    /// True when reading goes on after the end (Follow): a rescan then looks for late events. A one-shot read ends at
    /// the end of its scan, as FilterLogEvents paging does, and keeps the ids of taken events only for a checkpoint
    /// (the next run's rescan drops them); they cost a dictionary entry an event.
    /// </param>
    public LogCursor(LogSource source, int sourceIndex, LogPosition? start, TimeSpan lateEventWindow = default, string? checkpointPath = null,
        bool readsOn = true)
    {
        _source = source;
        _readsOn = readsOn;
        _tracksRecent = source.RescansFromNewestTimestamp && (readsOn || checkpointPath is not null);
        Query = source.Query;
        SourceIndex = sourceIndex;
        _windowMs = (long)Math.Max(0, lateEventWindow.TotalMilliseconds);
        _checkpointPath = checkpointPath;
        _token = start?.Token;
        _skip = start?.Skip ?? 0;
        _resumed = _skip > 0;
        _lastTimestamp = start?.LastTimestamp;
        _scanStart = start?.ScanStart ?? source.InitialScanStart;
        foreach (var recent in start?.RecentEvents ?? Array.Empty<RecentEvent>())
        {
            _recent[recent.Id] = recent.Timestamp;
        }
        // Checkpoints written before the late-event window kept only the ids at the newest timestamp.
        foreach (var id in start?.BoundaryIds ?? Array.Empty<string>())
        {
            _recent.TryAdd(id, _lastTimestamp ?? 0);
        }
    }

    public LogQuery Query { get; }

    public int SourceIndex { get; }

    /// <summary>The position to resume from: the current page's token and how much of it was emitted.</summary>
    public LogPosition Position
    {
        get
        {
            Prune();
            return new LogPosition
            {
                Token = _token,
                Skip = _skip,
                ScanStart = _scanStart,
                LastTimestamp = _lastTimestamp,
                RecentEvents = _source.RescansFromNewestTimestamp
                    ? _recent.Select(r => new RecentEvent(r.Key, r.Value)).ToArray()
                    : Array.Empty<RecentEvent>(),
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

        if (_source.RescansFromNewestTimestamp && _recent.Count > 0)
        {
            // A follow-up scan starts a window before the newest timestamp already taken: drop what was taken there.
            events = LogEventPage.Where(events, e => e.EventId is null || !_recent.ContainsKey(e.EventId));
        }
        if (_resumed)
        {
            // The first page after a resume must still hold the events the checkpoint says were taken of it.
            _resumed = false;
            if (_skip > events.Count && _checkpointPath is not null)
            {
                throw new CheckpointException(_checkpointPath,
                    $"it says {_skip} events of the page of '{Query.LogGroupName}' were read, but that page has {events.Count}");
            }
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
        if (_tracksRecent && e.EventId is { } id)
        {
            _recent[id] = ms;
            if (_recent.Count > MaxRecentIds || _recent.Count > 2 * _prunedAt + 1024)
            {
                Prune();
            }
        }
        if (!HasBuffered)
        {
            CompletePage();
        }
        return e;
    }

    /// <summary>Forgets ids older than the window before the newest timestamp, and the oldest beyond the cap.</summary>
    private void Prune()
    {
        if (_recent.Count == 0 || _lastTimestamp is not long newest)
        {
            return;
        }
        var cutoff = newest - _windowMs;
        var old = _recent.Where(r => r.Value < cutoff).Select(r => r.Key).ToList();
        foreach (var id in old)
        {
            _recent.Remove(id);
        }
        if (_recent.Count > MaxRecentIds)
        {
            foreach (var id in _recent.OrderBy(r => r.Value).Take(_recent.Count - MaxRecentIds).Select(r => r.Key).ToList())
            {
                _recent.Remove(id);
            }
        }
        _prunedAt = _recent.Count;
    }

    private void CompletePage()
    {
        PageCompleted = true;
        if (_pageIsEnd && !_readsOn)
        {
            // A one-shot read is done at the end of its scan; the position below is where a later run reads on.
            AtEnd = true;
        }
        _skip = 0;
        _resumed = false;
        var rescanFrom = _lastTimestamp is long newest ? Math.Max(newest - _windowMs, _source.InitialScanStart ?? long.MinValue) : (long?)null;
        (_token, _scanStart) = _source.After(_token, _scanStart, _pageNextToken, _pageIsEnd, rescanFrom);
    }
}
