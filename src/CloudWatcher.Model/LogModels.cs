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

    /// <summary>StoredBytes in binary units ("0 B", "1.5 KiB", "3.2 GiB"), for the default view.</summary>
    public string FormatStoredBytes() => UnitFormatter.Format(StoredBytes, "Bytes");

    public override string ToString() => LogGroupName;
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
