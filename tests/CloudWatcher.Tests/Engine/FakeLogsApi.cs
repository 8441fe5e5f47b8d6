using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// In-memory fake of the engine's CloudWatch Logs ports, held to the emulator by tests/.../Contract: names are checked,
/// events are kept in time order at millisecond precision, GetLogEvents tokens are stream positions that come back
/// unchanged at the end, FilterLogEvents interleaves streams by timestamp (end time inclusive) with term patterns,
/// Describe* honour prefixes, order and paging, PutLogEvents refuses batches out of order and rejects events that are
/// too old or too new by index. Errors carry the AWS error code and the operation, as the wire client's do.
/// </summary>
internal sealed partial class FakeLogsApi : ILogReadApi, ILogCatalogApi, ILogWriteApi, ILogGroupAdminApi
{
    private const string Arn = "arn:aws:logs:us-east-1:123456789012:log-group:";
    private const int MaxBatchBytes = 1_048_576;
    private const int EventOverhead = 26;

    private readonly object _gate = new();
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private long _nextId;
    private int _failuresLeft;
    private Exception? _failure;

    private sealed class GroupState(DateTime creationTime)
    {
        public DateTime CreationTime { get; } = creationTime;

        public int? RetentionInDays { get; set; }

        public LogGroupClass LogGroupClass { get; init; } = LogGroupClass.Standard;

        public string? KmsKeyId { get; init; }

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        /// <summary>Events before this time have expired under the retention (they are hidden, not removed).</summary>
        public DateTime Cutoff(DateTime now) => RetentionInDays is int days ? now.AddDays(-days) : DateTime.MinValue;

        public SortedDictionary<string, StreamState> Streams { get; } = new(StringComparer.Ordinal);
    }

    private sealed class StreamState(DateTime creationTime)
    {
        public DateTime CreationTime { get; } = creationTime;

        /// <summary>Sorted by timestamp; events with equal timestamps stay in arrival order.</summary>
        public List<LogEvent> Events { get; } = new();

        public DateTime? LastIngestionTime { get; set; }
    }

    /// <summary>Events per GetLogEvents / FilterLogEvents page (the service's default and maximum is 10,000).</summary>
    public int PageSize { get; set; } = 10_000;

    public int GetCalls { get; private set; }

    /// <summary>PutLogEvents calls, including refused ones.</summary>
    public int PutCalls { get; private set; }

    /// <summary>Called at the start of every PutLogEvents (outside the lock): a test's hook to delay or fail it.</summary>
    public Func<PutLogEventsRequest, CancellationToken, Task>? BeforePut { get; set; }

    public int FilterCalls { get; private set; }

    /// <summary>Groups and streams per Describe page (the service's default and maximum is 50).</summary>
    public int DescribePageSize { get; set; } = 50;

    /// <summary>The next <paramref name="count"/> calls fail with <paramref name="failure"/>.</summary>
    public void FailNext(int count, Exception failure)
    {
        _failuresLeft = count;
        _failure = failure;
    }

    /// <summary>The messages of a stream in stream order (a test's look at what is stored).</summary>
    public IReadOnlyList<LogEvent> EventsOf(string group, string stream)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(group, out var g) && g.Streams.TryGetValue(stream, out var s) ? s.Events.ToList() : new List<LogEvent>();
        }
    }

    /// <summary>
    /// Stores <paramref name="count"/> events <paramref name="step"/> apart (default 1 s) from <paramref name="start"/>,
    /// creating the group and stream if needed, without PutLogEvents' checks; messages default to "{stream} line {n}".
    /// </summary>
    public void Append(string group, string stream, DateTime start, int count, Func<int, string>? message = null, TimeSpan? step = null)
    {
        lock (_gate)
        {
            var now = Millis(DateTime.UtcNow);
            if (!_groups.TryGetValue(group, out var g))
            {
                _groups[group] = g = new GroupState(now);
            }
            if (!g.Streams.TryGetValue(stream, out var s))
            {
                g.Streams[stream] = s = new StreamState(now);
            }
            var offset = s.Events.Count;
            for (var i = 0; i < count; i++)
            {
                var time = Millis(start + (step ?? TimeSpan.FromSeconds(1)) * i);
                Insert(s, new LogEvent(time, Millis(start), message?.Invoke(offset + i) ?? $"{stream} line {offset + i}", group, stream, NextId()));
            }
            s.LastIngestionTime = Millis(start);
        }
    }

    public Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            CheckGroupName("CreateLogGroup", request.LogGroupName);
            if (request.Tags is not null)
            {
                CheckTags("CreateLogGroup", request.Tags);
            }
            var group = new GroupState(Millis(DateTime.UtcNow))
            {
                LogGroupClass = request.LogGroupClass ?? LogGroupClass.Standard,
                KmsKeyId = request.KmsKeyId,
            };
            foreach (var (key, value) in request.Tags ?? new Dictionary<string, string>())
            {
                group.Tags[key] = value;
            }
            if (!_groups.TryAdd(request.LogGroupName, group))
            {
                throw Error("CreateLogGroup", "ResourceAlreadyExistsException", ErrorKind.AlreadyExists, "The specified log group already exists");
            }
        }
        return Task.CompletedTask;
    }

    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            CheckGroupName("CreateLogStream", logGroupName);
            CheckStreamName("CreateLogStream", logStreamName);
            var group = Group("CreateLogStream", logGroupName);
            if (!group.Streams.TryAdd(logStreamName, new StreamState(Millis(DateTime.UtcNow))))
            {
                throw Error("CreateLogStream", "ResourceAlreadyExistsException", ErrorKind.AlreadyExists, "The specified log stream already exists");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stores the events with ids and the ingestion time now, as the service does: 1 to 10,000 non-empty events of at
    /// most 1,048,576 bytes together (UTF-8 message bytes + 26 each), in time order; events older than 14 days or than
    /// the group's retention, or more than 2 hours ahead, are rejected by index and not stored; the others (apart from
    /// the too old and too new) must span at most 24 hours.
    /// </summary>
    public async Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            PutCalls++;
        }
        if (BeforePut is { } hook)
        {
            await hook(request, cancellationToken);
        }
        return Put(request);
    }

    private PutLogEventsResult Put(PutLogEventsRequest request)
    {
        const string op = "PutLogEvents";
        lock (_gate)
        {
            MaybeFail();
            CheckGroupName(op, request.LogGroupName);
            CheckStreamName(op, request.LogStreamName);
            var events = request.Events;
            if (events.Any(e => e.Message.Length == 0))
            {
                throw Invalid(op, "A log event's message must not be empty.");
            }
            if (events.Any(e => Encoding.UTF8.GetByteCount(e.Message) + EventOverhead > MaxBatchBytes))
            {
                throw Invalid(op, $"A log event counts more than {MaxBatchBytes} bytes.");
            }
            if (events.Count is < 1 or > 10_000)
            {
                throw Invalid(op, "A PutLogEvents batch holds 1 to 10,000 events.");
            }
            var bytes = events.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message) + EventOverhead);
            if (bytes > MaxBatchBytes)
            {
                throw Invalid(op, $"Upload too large: {bytes} bytes exceeds limit of {MaxBatchBytes}");
            }
            var times = events.Select(e => Millis(e.Timestamp)).ToList();
            if (times.Zip(times.Skip(1)).Any(p => p.Second < p.First))
            {
                throw Invalid(op, "Log events in a single PutLogEvents request must be in chronological order.");
            }
            var now = Millis(DateTime.UtcNow);
            var tooOldEnd = times.FindLastIndex(t => t < now.AddDays(-14));
            var tooNewStart = times.FindIndex(t => t > now.AddHours(2));
            var to = tooNewStart < 0 ? events.Count : tooNewStart;
            if (tooOldEnd + 1 < to && times[to - 1] - times[tooOldEnd + 1] > TimeSpan.FromDays(1))
            {
                throw Invalid(op, "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
            }
            var group = Group(op, request.LogGroupName);
            var stream = Stream(op, request.LogGroupName, request.LogStreamName);
            var cutoff = group.Cutoff(now);
            var expiredEnd = -1;
            for (var i = tooOldEnd + 1; i < to && times[i] < cutoff; i++)
            {
                expiredEnd = i;
            }
            for (var i = Math.Max(tooOldEnd, expiredEnd) + 1; i < to; i++)
            {
                Insert(stream, new LogEvent(times[i], now, events[i].Message, request.LogGroupName, request.LogStreamName, NextId()));
                stream.LastIngestionTime = now;
            }
            return new PutLogEventsResult(tooNewStart < 0 ? null : tooNewStart, tooOldEnd < 0 ? null : tooOldEnd,
                expiredEnd < 0 ? null : expiredEnd);
        }
    }

    /// <summary>
    /// Events of one stream between StartTime (inclusive) and EndTime (exclusive): from the head, or the newest page
    /// when not StartFromHead; "f/N" and "b/N" tokens are positions, so the forward token at the end comes back unchanged.
    /// </summary>
    public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken)
    {
        const string op = "GetLogEvents";
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            GetCalls++;
            MaybeFail();
            var events = Stream(op, request.LogGroupName, request.LogStreamName).Events;
            var lo = Math.Max(request.StartTime is DateTime st ? LowerBound(events, Millis(st)) : 0,
                LowerBound(events, _groups[request.LogGroupName].Cutoff(DateTime.UtcNow)));
            var hi = Math.Max(lo, request.EndTime is DateTime en ? LowerBound(events, Millis(en)) : events.Count);
            var limit = Math.Min(request.Limit ?? PageSize, PageSize);
            var (forward, position) = request.NextToken is null
                ? (request.StartFromHead, request.StartFromHead ? lo : hi)
                : ParsePosition(op, request.NextToken);
            int start, end;
            if (forward)
            {
                start = Math.Max(position, lo);
                end = Math.Max(start, Math.Min(start + limit, hi));
            }
            else
            {
                end = Math.Min(position, hi);
                start = Math.Min(end, Math.Max(lo, end - limit));
            }
            var page = events.Skip(start).Take(end - start)
                .Select(e => new LogEvent(e.Timestamp, e.IngestionTime, e.Message, e.LogGroupName, e.LogStreamName, null)).ToList();
            return Task.FromResult(new GetLogEventsResult(page, $"f/{end}", $"b/{start}"));
        }
    }

    /// <summary>
    /// Events of the chosen streams between StartTime and EndTime (both inclusive) that match the term pattern, in
    /// timestamp order (then stream name, then arrival); the token names the last event returned.
    /// </summary>
    public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken)
    {
        const string op = "FilterLogEvents";
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            FilterCalls++;
            MaybeFail();
            var group = Group(op, request.LogGroupName);
            var names = request.LogStreamNames is { Count: > 0 } n ? n : null;
            if (names is not null && request.LogStreamNamePrefix is not null)
            {
                throw Invalid(op, "You cannot specify both logStreamNames and logStreamNamePrefix.");
            }
            var pattern = TermPattern.Parse(op, request.FilterPattern);
            var start = new[] { request.StartTime is DateTime st ? Millis(st) : DateTime.MinValue, group.Cutoff(DateTime.UtcNow) }.Max();
            var end = request.EndTime is DateTime en ? Millis(en) : DateTime.MaxValue;
            var after = request.NextToken is null ? ((DateTime, string, string)?)null : ParseFilterToken(op, request.NextToken);
            var limit = Math.Min(request.Limit ?? PageSize, PageSize);
            var matching = group.Streams
                .Where(s => names is null || names.Contains(s.Key))
                .Where(s => request.LogStreamNamePrefix is null || s.Key.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .SelectMany(s => s.Value.Events)
                .Where(e => e.Timestamp >= start && e.Timestamp <= end && pattern.IsMatch(e.Message))
                .OrderBy(e => e.Timestamp).ThenBy(e => e.LogStreamName, StringComparer.Ordinal).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .SkipWhile(e => after is { } a && Compare(e, a) <= 0)
                .Take(limit + 1)
                .ToList();
            var page = matching.Take(limit).ToList();
            var next = page.Count < matching.Count
                ? string.Create(CultureInfo.InvariantCulture, $"{page[^1].Timestamp.Ticks}|{page[^1].EventId}|{page[^1].LogStreamName}")
                : null;
            return Task.FromResult(new FilterLogEventsResult(page, next));
        }
    }

    public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken)
    {
        const string op = "DescribeLogGroups";
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            if (request.LogGroupNamePrefix is not null && request.LogGroupNamePattern is not null)
            {
                throw Invalid(op, "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
            }
            // The emulator's pattern match ignores case; the AWS API reference calls it case-sensitive.
            var names = _groups.Keys
                .Where(g => request.LogGroupNamePrefix is null || g.StartsWith(request.LogGroupNamePrefix, StringComparison.Ordinal))
                .Where(g => request.LogGroupNamePattern is null || g.Contains(request.LogGroupNamePattern, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            var (page, next) = Page(op, names, request.NextToken, request.Limit, DescribePageSize);
            var now = DateTime.UtcNow;
            return Task.FromResult(new DescribeLogGroupsResult(page.Select(g => Describe(g, _groups[g], now)).ToList(), next));
        }
    }

    /// <summary>A group as DescribeLogGroups shows it: stored bytes count only the events its retention keeps.</summary>
    private static LogGroup Describe(string name, GroupState group, DateTime now)
    {
        var cutoff = group.Cutoff(now);
        var stored = group.Streams.Values.Sum(s => s.Events.Where(e => e.Timestamp >= cutoff).Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)));
        return new LogGroup(name, group.CreationTime, group.RetentionInDays, stored, Arn + name)
        {
            LogGroupClass = group.LogGroupClass,
            KmsKeyId = group.KmsKeyId,
        };
    }

    public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken)
    {
        const string op = "DescribeLogStreams";
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var group = Group(op, request.LogGroupName);
            if (request.LogStreamNamePrefix is not null && request.OrderByLastEventTime)
            {
                throw Invalid(op, "Cannot order by LastEventTime with a logStreamNamePrefix.");
            }
            var streams = group.Streams
                .Where(s => request.LogStreamNamePrefix is null || s.Key.StartsWith(request.LogStreamNamePrefix, StringComparison.Ordinal))
                .Select(s => new LogStream(request.LogGroupName, s.Key, s.Value.CreationTime,
                    s.Value.Events.Count == 0 ? null : s.Value.Events[0].Timestamp,
                    s.Value.Events.Count == 0 ? null : s.Value.Events[^1].Timestamp,
                    s.Value.LastIngestionTime, $"{Arn}{request.LogGroupName}:log-stream:{s.Key}"))
                .ToList();
            if (request.OrderByLastEventTime)
            {
                streams = streams.OrderBy(s => s.LastEventTime ?? DateTime.MinValue).ThenBy(s => s.LogStreamName, StringComparer.Ordinal).ToList();
            }
            if (request.Descending)
            {
                streams.Reverse();
            }
            var (page, next) = Page(op, streams, request.NextToken, request.Limit, DescribePageSize);
            return Task.FromResult(new DescribeLogStreamsResult(page, next));
        }
    }

    private static (List<T> Page, string? Next) Page<T>(string op, List<T> all, string? token, int? limit, int pageSize)
    {
        if (limit is < 1 or > 50)
        {
            throw Invalid(op, $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50");
        }
        var size = Math.Min(limit ?? pageSize, pageSize);
        var start = token is null ? 0 : token.StartsWith("d/", StringComparison.Ordinal) && int.TryParse(token[2..], CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Invalid(op, "The specified nextToken is invalid.");
        var page = all.Skip(start).Take(size).ToList();
        return (page, start + page.Count < all.Count ? $"d/{start + page.Count}" : null);
    }

    private static (bool Forward, int Position) ParsePosition(string op, string token) =>
        token.Length > 2 && token[0] is 'f' or 'b' && token[1] == '/' && int.TryParse(token[2..], CultureInfo.InvariantCulture, out var p)
            ? (token[0] == 'f', p)
            : throw Invalid(op, "The specified nextToken is invalid.");

    private static (DateTime Timestamp, string EventId, string Stream) ParseFilterToken(string op, string token)
    {
        var parts = token.Split('|', 3);
        return parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks)
            ? (new DateTime(ticks, DateTimeKind.Utc), parts[1], parts[2])
            : throw Invalid(op, "The specified nextToken is invalid.");
    }

    private static int Compare(LogEvent e, (DateTime Timestamp, string EventId, string Stream) key)
    {
        var c = e.Timestamp.CompareTo(key.Timestamp);
        c = c != 0 ? c : string.CompareOrdinal(e.LogStreamName, key.Stream);
        return c != 0 ? c : string.CompareOrdinal(e.EventId, key.EventId);
    }

    /// <summary>Inserts after the events with the same or an earlier timestamp, as the service orders a stream.</summary>
    private static void Insert(StreamState stream, LogEvent e)
    {
        if (stream.Events.Count == 0 || stream.Events[^1].Timestamp <= e.Timestamp)
        {
            stream.Events.Add(e);
        }
        else
        {
            stream.Events.Insert(stream.Events.FindLastIndex(x => x.Timestamp <= e.Timestamp) + 1, e);
        }
    }

    private static int LowerBound(List<LogEvent> events, DateTime time)
    {
        var i = events.FindIndex(e => e.Timestamp >= time);
        return i < 0 ? events.Count : i;
    }

    /// <summary>Ids grow with every stored event, so within a stream and a timestamp they follow arrival.</summary>
    private string NextId() => (++_nextId).ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>UTC, whole milliseconds, as the wire carries times (an Unspecified kind is refused, as the wire client does).</summary>
    private static DateTime Millis(DateTime time) => Epoch.FromMilliseconds(Epoch.ToMilliseconds(time));

    private GroupState Group(string op, string name) =>
        _groups.TryGetValue(name, out var g) ? g : throw Error(op, "ResourceNotFoundException", ErrorKind.NotFound, "The specified log group does not exist.");

    private StreamState Stream(string op, string group, string stream) =>
        Group(op, group).Streams.TryGetValue(stream, out var s) ? s : throw Error(op, "ResourceNotFoundException", ErrorKind.NotFound, "The specified log stream does not exist.");

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"^[^:*]{1,512}$")]
    private static partial Regex StreamName();

    private static void CheckGroupName(string op, string name)
    {
        if (!GroupName().IsMatch(name))
        {
            throw Invalid(op, $"1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
    }

    private static void CheckStreamName(string op, string name)
    {
        if (!StreamName().IsMatch(name))
        {
            throw Invalid(op, $"1 validation error detected: Value '{name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
        }
    }

    private void MaybeFail()
    {
        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            throw _failure!;
        }
    }

    private static CloudWatcherServiceException Invalid(string op, string message) => Error(op, "InvalidParameterException", ErrorKind.InvalidInput, message);

    private static CloudWatcherServiceException Error(string op, string code, ErrorKind kind, string message) =>
        new("CloudWatch Logs", op, code, kind, 400, null, $"CloudWatch Logs {op} failed ({code}): {message}");
}
