namespace CloudWatcher.Emulator.Logs;

/// <summary>A log group and its streams (sorted by name, ordinal).</summary>
public sealed class LogGroup
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, LogStream> _streams = new(StringComparer.Ordinal);

    internal LogGroup(string name, long creationTime, string region, string accountId)
    {
        Name = name;
        CreationTime = creationTime;
        ArnBase = $"arn:aws:logs:{region}:{accountId}:log-group:{name}";
    }

    public string Name { get; }
    public long CreationTime { get; }
    public int? RetentionInDays { get; set; }

    /// <summary>ARN without the trailing ":*" (logGroupArn).</summary>
    public string ArnBase { get; }

    /// <summary>ARN with the trailing ":*" (arn).</summary>
    public string Arn => ArnBase + ":*";

    public long StoredBytes => Streams().Sum(s => s.StoredBytes);

    /// <summary>Creates a stream; returns null when one with that name exists.</summary>
    public LogStream? TryCreateStream(string name, long creationTime)
    {
        lock (_gate)
        {
            if (_streams.ContainsKey(name)) return null;
            var s = new LogStream(this, name, creationTime);
            _streams.Add(name, s);
            return s;
        }
    }

    public LogStream? FindStream(string name)
    {
        lock (_gate) return _streams.GetValueOrDefault(name);
    }

    /// <summary>Snapshot of the streams sorted by name.</summary>
    public List<LogStream> Streams()
    {
        lock (_gate) return _streams.Values.ToList();
    }
}
