using CloudWatcher.Api;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// In-memory fake of the engine's CloudWatch Logs interface: GetLogEvents tokens are stream indexes and come back
/// unchanged at the end; FilterLogEvents interleaves streams by timestamp with stable event ids.
/// </summary>
internal sealed class FakeLogsApi : ICloudWatchLogsApi
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

    public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new DescribeLogGroupsResult(_groups.Keys.Select(g => new LogGroup(g, null, null, 0, null)).ToList(), null));

    public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new DescribeLogStreamsResult(_groups[request.LogGroupName].Keys.Select(s => new LogStream(request.LogGroupName, s, null, null, null, null, null)).ToList(), null));

    public Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PutLogEventsResult(null, null, null));

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
        new("CloudWatch Logs", "Read", "ResourceNotFoundException", ServiceErrorKind.NotFound, 400, null, message);
}
