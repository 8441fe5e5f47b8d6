namespace CloudWatcher.Ports;

/// <summary>Creating log groups and streams and putting events (CreateLogGroup, CreateLogStream, PutLogEvents).</summary>
public interface ILogWriteApi
{
    Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken);

    Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken);

    Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken);
}

/// <summary>The shorter forms of <see cref="ILogWriteApi"/> calls.</summary>
public static class LogWriteApiExtensions
{
    /// <summary>CreateLogGroup with only a name (the group's defaults: Standard class, no key, no tags).</summary>
    public static Task CreateLogGroupAsync(this ILogWriteApi api, string logGroupName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.CreateLogGroupAsync(new CreateLogGroupRequest(logGroupName), cancellationToken);
    }
}

/// <summary>A log group to create: its name, and optionally a KMS key, tags and its class (null: the service's default, Standard).</summary>
public sealed record CreateLogGroupRequest(string LogGroupName)
{
    public string? KmsKeyId { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public LogGroupClass? LogGroupClass { get; init; }
}

public sealed record InputLogEvent(DateTime Timestamp, string Message);

public sealed record PutLogEventsRequest(string LogGroupName, string LogStreamName, IReadOnlyList<InputLogEvent> Events)
{
    /// <summary>The format the events are in, sent as the x-amzn-logs-format header (<see cref="LogFormats.Emf"/>); null for plain events.</summary>
    public string? LogFormat { get; init; }
}

/// <summary>Formats of log events that CloudWatch Logs treats specially (the x-amzn-logs-format header of PutLogEvents).</summary>
public static class LogFormats
{
    public const string Header = "x-amzn-logs-format";

    /// <summary>Embedded Metric Format: CloudWatch Logs extracts the metrics the events declare.</summary>
    public const string Emf = "json/emf";
}

/// <summary>Indexes (into the request's events) that the service rejected; null when none.</summary>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex);
