using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// In-memory fake of the engine's CloudWatch Logs ports: GetLogEvents tokens are stream indexes and come back
/// unchanged at the end; FilterLogEvents interleaves streams by timestamp with stable event ids; Describe* honour
/// prefixes, order and paging; PutLogEvents stores the events.
/// </summary>
internal sealed class FakeLogsApi : ILogReadApi, ILogCatalogApi, ILogWriteApi
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, List<LogEvent>>> _groups = new();
    private long _nextId;
    private int _failuresLeft;
    private Exception? _failure;

    public int PageSize { get; set; } = 10_000;

    public int GetCalls { get; private set; }

    public int FilterCalls { get; private set; }

    /// <summary>The next <paramref name="count"/> calls fail with <paramref name="failure"/>.</summary>
    public void FailNext(int count, Exception failure)
    {
        _failuresLeft = count;
        _failure = failure;
    }

    public void Append(string group, string stream, DateTime start, int count, Func<int, string>? message = null, TimeSpan? step = null)
    {
        lock (_gate)
        {
            var streams = _groups.TryGetValue(group, out var g) ? g : _groups[group] = new Dictionary<string, List<LogEvent>>();
            var events = streams.TryGetValue(stream, out var s) ? s : streams[stream] = new List<LogEvent>();
            var offset = events.Count;
            for (var i = 0; i < count; i++)
            {
                var id = (++_nextId).ToString("D20");
                events.Add(new LogEvent(start + (step ?? TimeSpan.FromSeconds(1)) * i, start, message?.Invoke(offset + i) ?? $"{stream} line {offset + i}", group, stream, id));
            }
        }
    }

    public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            GetCalls++;
            MaybeFail();
            var events = Stream(request.LogGroupName, request.LogStreamName);
            var index = request.NextToken is null
                ? (request.StartTime is DateTime s ? events.FindIndex(e => e.Timestamp >= s) is var i and >= 0 ? i : events.Count : 0)
                : int.Parse(request.NextToken[2..]);
            var page = events.Skip(index).Take(Math.Min(request.Limit ?? PageSize, PageSize))
                .Select(e => new LogEvent(e.Timestamp, e.IngestionTime, e.Message, e.LogGroupName, e.LogStreamName, null)).ToList();
            var token = $"f/{index + page.Count}";
            return Task.FromResult(new GetLogEventsResult(page, token, $"b/{index}"));
        }
    }

    public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            FilterCalls++;
            MaybeFail();
            if (!_groups.TryGetValue(request.LogGroupName, out var streams))
            {
                throw NotFound("The specified log group does not exist.");
            }
            var all = streams
                .Where(s => request.LogStreamNames is null || request.LogStreamNames.Contains(s.Key))
                .Where(s => request.LogStreamNamePrefix is null || s.Key.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .SelectMany(s => s.Value)
                .Where(e => request.StartTime is not DateTime st || e.Timestamp >= st)
                .Where(e => request.EndTime is not DateTime en || e.Timestamp < en)
                .Where(e => string.IsNullOrEmpty(request.FilterPattern) || e.Message.Contains(request.FilterPattern, StringComparison.Ordinal))
                .OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .ToList();
            var index = request.NextToken is null ? 0 : int.Parse(request.NextToken);
            var page = all.Skip(index).Take(Math.Min(request.Limit ?? PageSize, PageSize)).ToList();
            var next = index + page.Count < all.Count ? (index + page.Count).ToString() : null;
            return Task.FromResult(new FilterLogEventsResult(page, next));
        }
    }

    /// <summary>Groups and streams per Describe page (the service's default and maximum is 50).</summary>
    public int DescribePageSize { get; set; } = 50;

    public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var names = _groups.Keys
                .Where(g => request.LogGroupNamePrefix is null || g.StartsWith(request.LogGroupNamePrefix, StringComparison.Ordinal))
                .Where(g => request.LogGroupNamePattern is null || g.Contains(request.LogGroupNamePattern, StringComparison.OrdinalIgnoreCase))
                .OrderBy(g => g, StringComparer.Ordinal)
                .ToList();
            var (page, next) = Page(names, request.NextToken, request.Limit, DescribePageSize);
            return Task.FromResult(new DescribeLogGroupsResult(page.Select(g => new LogGroup(g, null, null, 0, null)).ToList(), next));
        }
    }

    public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            if (!_groups.TryGetValue(request.LogGroupName, out var streams))
            {
                throw NotFound("The specified log group does not exist.");
            }
            if (request.LogStreamNamePrefix is not null && request.OrderByLastEventTime)
            {
                throw new CloudWatcherServiceException("CloudWatch Logs", "DescribeLogStreams", "InvalidParameterException", ErrorKind.InvalidInput, 400, null,
                    "Cannot order by LastEventTime with a logStreamNamePrefix.");
            }
            var ordered = streams
                .Where(s => request.LogStreamNamePrefix is null || s.Key.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .Select(s => (Name: s.Key, Last: s.Value.Count == 0 ? (DateTime?)null : s.Value.Max(e => e.Timestamp)))
                .ToList();
            ordered = request.OrderByLastEventTime
                ? ordered.OrderBy(s => s.Last ?? DateTime.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal).ToList()
                : ordered.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            if (request.Descending)
            {
                ordered.Reverse();
            }
            var (page, next) = Page(ordered, request.NextToken, request.Limit, DescribePageSize);
            return Task.FromResult(new DescribeLogStreamsResult(
                page.Select(s => new LogStream(request.LogGroupName, s.Name, null, null, s.Last, null, null)).ToList(), next));
        }
    }

    public Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_groups.TryAdd(logGroupName, new Dictionary<string, List<LogEvent>>()))
            {
                throw new CloudWatcherServiceException("CloudWatch Logs", "CreateLogGroup", "ResourceAlreadyExistsException", ErrorKind.AlreadyExists, 400, null,
                    "The specified log group already exists.");
            }
        }
        return Task.CompletedTask;
    }

    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(logGroupName, out var streams))
            {
                throw NotFound("The specified log group does not exist.");
            }
            if (!streams.TryAdd(logStreamName, new List<LogEvent>()))
            {
                throw new CloudWatcherServiceException("CloudWatch Logs", "CreateLogStream", "ResourceAlreadyExistsException", ErrorKind.AlreadyExists, 400, null,
                    "The specified log stream already exists.");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Stores the events in time order with ids, as the service does.</summary>
    public Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var events = Stream(request.LogGroupName, request.LogStreamName);
            var now = DateTime.UtcNow;
            foreach (var e in request.Events)
            {
                var id = (++_nextId).ToString("D20");
                events.Add(new LogEvent(e.Timestamp.ToUniversalTime(), now, e.Message, request.LogGroupName, request.LogStreamName, id));
            }
            events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            return Task.FromResult(new PutLogEventsResult(null, null, null));
        }
    }

    private static (List<T> Page, string? Next) Page<T>(List<T> all, string? token, int? limit, int pageSize)
    {
        var size = Math.Min(limit ?? pageSize, pageSize);
        var start = token is null ? 0 : int.Parse(token[2..]);
        var page = all.Skip(start).Take(size).ToList();
        return (page, start + page.Count < all.Count ? $"d/{start + page.Count}" : null);
    }

    private List<LogEvent> Stream(string group, string stream) =>
        _groups.TryGetValue(group, out var g) && g.TryGetValue(stream, out var s) ? s : throw NotFound("The specified log stream does not exist.");

    private void MaybeFail()
    {
        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            throw _failure!;
        }
    }

    private static CloudWatcherServiceException NotFound(string message) =>
        new("CloudWatch Logs", "Read", "ResourceNotFoundException", ErrorKind.NotFound, 400, null, message);
}
