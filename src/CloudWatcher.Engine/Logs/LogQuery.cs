namespace CloudWatcher.Logs;

/// <summary>How a log query is read: one stream with GetLogEvents, or a group with FilterLogEvents (interleaved).</summary>
public enum LogReadMode
{
    Stream,
    Filter,
}

/// <summary>What to read from one log group.</summary>
public sealed record LogQuery(string LogGroupName)
{
    public IReadOnlyList<string>? LogStreamNames { get; init; }

    public string? LogStreamNamePrefix { get; init; }

    public string? FilterPattern { get; init; }

    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    /// <summary>One stream without a pattern reads with GetLogEvents from the head; anything else with FilterLogEvents.</summary>
    public LogReadMode Mode => LogStreamNames is { Count: 1 } && string.IsNullOrEmpty(FilterPattern) && LogStreamNamePrefix is null
        ? LogReadMode.Stream
        : LogReadMode.Filter;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LogGroupName))
        {
            throw Invalid("InvalidLogQuery", "A log group name is needed.");
        }
        if (LogStreamNames is { Count: > 0 } && LogStreamNamePrefix is not null)
        {
            throw Invalid("InvalidLogQuery", "Give either stream names or a stream name prefix, not both.");
        }
        if (LogStreamNames is { Count: > 100 })
        {
            throw Invalid("InvalidLogQuery", $"FilterLogEvents takes at most 100 stream names; {LogStreamNames.Count} were given. Use a stream name prefix instead.");
        }
        if (StartTime is DateTime s && EndTime is DateTime e && s >= e)
        {
            throw Invalid("InvalidTimeRange", $"The start ({s:u}) is not before the end ({e:u}). Give an earlier start or a later end.");
        }
    }

    private CloudWatcherException Invalid(string errorId, string message) => new(errorId, ErrorKind.InvalidInput, message, LogGroupName);

    /// <summary>What identifies the selection in a checkpoint, so a checkpoint is never applied to another query.</summary>
    public string Fingerprint => string.Join("|", LogGroupName, Mode, string.Join(",", LogStreamNames ?? Array.Empty<string>()),
        LogStreamNamePrefix ?? "", FilterPattern ?? "");
}

/// <summary>Where reading one log group stands; serialisable into a checkpoint.</summary>
public sealed record LogPosition
{
    /// <summary>The token that fetches the current page (null: the first page of the query).</summary>
    public string? Token { get; init; }

    /// <summary>Events of the current page already emitted.</summary>
    public int Skip { get; init; }

    /// <summary>Filter mode: the start (epoch ms) of the current scan; each new scan starts the late-event window before the newest timestamp seen.</summary>
    public long? ScanStart { get; init; }

    /// <summary>Read from checkpoints written before the late-event window: ids of the events emitted at the newest timestamp.</summary>
    public IReadOnlyList<string> BoundaryIds { get; init; } = Array.Empty<string>();

    /// <summary>Filter mode: the events emitted within the late-event window before the newest timestamp, by id (a rescan drops them).</summary>
    public IReadOnlyList<RecentEvent> RecentEvents { get; init; } = Array.Empty<RecentEvent>();

    /// <summary>The newest event timestamp emitted (epoch ms).</summary>
    public long? LastTimestamp { get; init; }
}

/// <summary>An event already emitted: its id and timestamp (epoch ms).</summary>
public sealed record RecentEvent(string Id, long Timestamp);
