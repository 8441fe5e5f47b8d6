namespace CloudWatcher;

/// <summary>One log event. Times are UTC.</summary>
public sealed class LogEvent
{
    public LogEvent(DateTime timestamp, DateTime? ingestionTime, string message, string logGroupName, string? logStreamName, string? eventId)
    {
        Timestamp = timestamp;
        IngestionTime = ingestionTime;
        Message = message;
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
        EventId = eventId;
    }

    public DateTime Timestamp { get; }

    public DateTime? IngestionTime { get; }

    public string Message { get; }

    public string LogGroupName { get; }

    public string? LogStreamName { get; }

    public string? EventId { get; }

    public override string ToString() => Message;
}

/// <summary>A CloudWatch Logs log group.</summary>
public sealed class LogGroup
{
    public LogGroup(string logGroupName, DateTime? creationTime, int? retentionInDays, long storedBytes, string? arn)
    {
        LogGroupName = logGroupName;
        CreationTime = creationTime;
        RetentionInDays = retentionInDays;
        StoredBytes = storedBytes;
        Arn = arn;
    }

    public string LogGroupName { get; }

    public DateTime? CreationTime { get; }

    public int? RetentionInDays { get; }

    public long StoredBytes { get; }

    public string? Arn { get; }

    /// <summary>Standard, InfrequentAccess or Delivery; null when the service did not say (older servers).</summary>
    public LogGroupClass? LogGroupClass { get; init; }

    /// <summary>The KMS key that encrypts the group's events; null when CloudWatch Logs' own keys do.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The group's tags; null when they were not read (Get-CwLogGroup lists groups without them).</summary>
    public TagDictionary? Tags { get; init; }

    /// <summary>StoredBytes in binary units ("0 B", "1.5 KiB", "3.2 GiB"), for the default view.</summary>
    public string FormatStoredBytes() => UnitFormatter.Format(StoredBytes, "Bytes");

    /// <summary>The same group with its tags.</summary>
    public LogGroup WithTags(IEnumerable<KeyValuePair<string, string>> tags) =>
        new(LogGroupName, CreationTime, RetentionInDays, StoredBytes, Arn) { LogGroupClass = LogGroupClass, KmsKeyId = KmsKeyId, Tags = new TagDictionary(tags) };

    public override string ToString() => LogGroupName;
}

/// <summary>
/// Tags (key → value), sorted by key (ordinal). Read-only; a dictionary to ConvertTo-Json, and "key=value; key=value"
/// as text (Export-Csv, the default views).
/// </summary>
public sealed class TagDictionary : System.Collections.ObjectModel.ReadOnlyDictionary<string, string>
{
    public TagDictionary(IEnumerable<KeyValuePair<string, string>> tags)
        : base(new SortedDictionary<string, string>(ToDictionary(tags), StringComparer.Ordinal))
    {
    }

    public override string ToString() => string.Join("; ", this.Select(t => t.Key + "=" + t.Value));

    private static Dictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            map[key] = value;
        }
        return map;
    }
}

/// <summary>A stream within a log group.</summary>
public sealed class LogStream
{
    public LogStream(string logGroupName, string logStreamName, DateTime? creationTime, DateTime? firstEventTime, DateTime? lastEventTime, DateTime? lastIngestionTime, string? arn)
    {
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
        CreationTime = creationTime;
        FirstEventTime = firstEventTime;
        LastEventTime = lastEventTime;
        LastIngestionTime = lastIngestionTime;
        Arn = arn;
    }

    public string LogGroupName { get; }

    public string LogStreamName { get; }

    public DateTime? CreationTime { get; }

    public DateTime? FirstEventTime { get; }

    public DateTime? LastEventTime { get; }

    public DateTime? LastIngestionTime { get; }

    public string? Arn { get; }

    public override string ToString() => LogStreamName;
}
