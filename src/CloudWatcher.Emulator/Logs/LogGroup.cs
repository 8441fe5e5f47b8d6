namespace CloudWatcher.Emulator.Logs;

/// <summary>A log group and its streams (sorted by name, ordinal), with its retention, class, KMS key and tags.</summary>
public sealed class LogGroup
{
    private const long DayMs = 24L * 3600 * 1000;

    private readonly object _gate = new();
    private readonly SortedDictionary<string, LogStream> _streams = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _tags = new(StringComparer.Ordinal);

    internal LogGroup(string name, long creationTime, string region, string accountId)
    {
        Name = name;
        CreationTime = creationTime;
        ArnBase = $"arn:aws:logs:{region}:{accountId}:log-group:{name}";
    }

    public string Name { get; }
    public long CreationTime { get; }

    /// <summary>Events older than this many days are gone from reads and storedBytes (null: kept forever).</summary>
    public int? RetentionInDays { get; set; }

    /// <summary>STANDARD, INFREQUENT_ACCESS or DELIVERY (fixed at creation).</summary>
    public string LogGroupClass { get; internal set; } = "STANDARD";

    public string? KmsKeyId { get; internal set; }

    /// <summary>ARN without the trailing ":*" (logGroupArn).</summary>
    public string ArnBase { get; }

    /// <summary>ARN with the trailing ":*" (arn).</summary>
    public string Arn => ArnBase + ":*";

    /// <summary>
    /// The first timestamp (epoch ms) still kept at <paramref name="nowMs"/>: events before it have expired
    /// (null: no retention). Expired events are not removed, only hidden, so read positions (tokens) stay valid.
    /// </summary>
    public long? RetentionCutoff(long nowMs) => RetentionInDays is { } days ? nowMs - days * DayMs : null;

    /// <summary>Bytes of the events still kept at <paramref name="nowMs"/>.</summary>
    public long StoredBytesAt(long nowMs)
    {
        long? cutoff = RetentionCutoff(nowMs);
        return Streams().Sum(s => s.StoredBytesSince(cutoff));
    }

    /// <summary>Bytes of every event put, retention ignored.</summary>
    public long StoredBytes => Streams().Sum(s => s.StoredBytes);

    /// <summary>Snapshot of the tags, sorted by key.</summary>
    public SortedDictionary<string, string> Tags()
    {
        lock (_gate) return new SortedDictionary<string, string>(_tags, StringComparer.Ordinal);
    }

    /// <summary>Adds or replaces tags; false (and nothing changed) when the group would have more than <paramref name="max"/>.</summary>
    public bool TryTag(IReadOnlyDictionary<string, string> tags, int max)
    {
        lock (_gate)
        {
            int count = _tags.Count + tags.Keys.Count(k => !_tags.ContainsKey(k));
            if (count > max) return false;
            foreach (var (key, value) in tags) _tags[key] = value;
            return true;
        }
    }

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

    /// <summary>Deletes a stream and its events; false when there is none of that name.</summary>
    public bool TryDeleteStream(string name)
    {
        lock (_gate) return _streams.Remove(name);
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
