namespace CloudWatcher.Emulator.Logs;

/// <summary>All log groups of the emulated account/region. Thread-safe.</summary>
public sealed class LogsStore
{
    public const string AccountId = "123456789012";

    private readonly object _gate = new();
    private readonly SortedDictionary<string, LogGroup> _groups = new(StringComparer.Ordinal);
    private long _nextEventId;

    public LogsStore(string region = "us-east-1", Func<DateTimeOffset>? clock = null)
    {
        Region = region;
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public string Region { get; }
    public Func<DateTimeOffset> Clock { get; }
    public long NowMs => Clock().ToUnixTimeMilliseconds();

    internal long NextEventId() => Interlocked.Increment(ref _nextEventId);

    /// <summary>Creates a group; returns null when it already exists.</summary>
    public LogGroup? TryCreateGroup(string name, long? creationTime = null)
    {
        lock (_gate)
        {
            if (_groups.ContainsKey(name)) return null;
            var g = new LogGroup(name, creationTime ?? NowMs, Region, AccountId);
            _groups.Add(name, g);
            return g;
        }
    }

    /// <summary>Deletes a group with its streams and events; false when there is none of that name.</summary>
    public bool TryDeleteGroup(string name)
    {
        lock (_gate) return _groups.Remove(name);
    }

    public LogGroup? FindGroup(string name)
    {
        lock (_gate) return _groups.GetValueOrDefault(name);
    }

    /// <summary>Snapshot of the groups sorted by name.</summary>
    public List<LogGroup> Groups()
    {
        lock (_gate) return _groups.Values.ToList();
    }

    /// <summary>Convenience for seeding/tests: creates group and stream if needed and appends events (sorted by timestamp).</summary>
    public LogStream AppendEvents(string group, string stream, IEnumerable<(long Timestamp, string Message)> events, long? ingestionTime = null)
    {
        var s = GetOrCreateStream(group, stream);
        var batch = events as List<(long Timestamp, string Message)> ?? events.ToList();
        if (!IsSorted(batch)) batch = batch.OrderBy(e => e.Timestamp).ToList();
        s.Append(batch, ingestionTime ?? NowMs, NextEventId);
        return s;
    }

    /// <summary>
    /// Bulk load for tests and benchmarks (no PutLogEvents limits, no sequence-token change): creates group and stream
    /// if needed and appends <paramref name="count"/> events with timestamps <c>startMs + i * stepMs</c>.
    /// <paramref name="message"/> gets the index i (0-based); default "event {i}".
    /// A million events load in well under a second; events older than the stream's newest are merged in order.
    /// </summary>
    public LogStream AppendGenerated(string group, string stream, int count, long startMs, long stepMs = 1,
        Func<long, string>? message = null, long? ingestionTime = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(stepMs);
        var s = GetOrCreateStream(group, stream);
        long firstId = Interlocked.Add(ref _nextEventId, count) - count + 1;
        s.AppendGenerated(count, startMs, stepMs, message ?? DefaultMessage, ingestionTime ?? NowMs, firstId);
        return s;
    }

    private static string DefaultMessage(long i) => "event " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private LogStream GetOrCreateStream(string group, string stream)
    {
        var g = FindGroup(group) ?? TryCreateGroup(group) ?? FindGroup(group)!;
        return g.FindStream(stream) ?? g.TryCreateStream(stream, NowMs) ?? g.FindStream(stream)!;
    }

    private static bool IsSorted(List<(long Timestamp, string Message)> batch)
    {
        for (int i = 1; i < batch.Count; i++)
            if (batch[i].Timestamp < batch[i - 1].Timestamp) return false;
        return true;
    }
}
