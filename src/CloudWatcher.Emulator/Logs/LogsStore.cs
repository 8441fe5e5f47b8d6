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
        var g = FindGroup(group) ?? TryCreateGroup(group) ?? FindGroup(group)!;
        var s = g.FindStream(stream) ?? g.TryCreateStream(stream, NowMs) ?? g.FindStream(stream)!;
        var batch = events.OrderBy(e => e.Timestamp).ToList();
        s.Append(batch, ingestionTime ?? NowMs, NextEventId);
        return s;
    }
}
