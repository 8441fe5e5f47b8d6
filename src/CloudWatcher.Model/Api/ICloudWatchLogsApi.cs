namespace CloudWatcher.Api;

/// <summary>The CloudWatch Logs operations the engine uses, in the engine's own types.</summary>
public interface ICloudWatchLogsApi
{
    Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken);

    Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken);

    Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken);

    Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken);

    Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken);

    Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken);

    Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken);
}

public sealed record GetLogEventsRequest(string LogGroupName, string LogStreamName)
{
    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    public bool StartFromHead { get; init; } = true;

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record GetLogEventsResult(IReadOnlyList<LogEvent> Events, string? NextForwardToken, string? NextBackwardToken);

public sealed record FilterLogEventsRequest(string LogGroupName)
{
    public IReadOnlyList<string>? LogStreamNames { get; init; }

    public string? LogStreamNamePrefix { get; init; }

    public DateTime? StartTime { get; init; }

    public DateTime? EndTime { get; init; }

    public string? FilterPattern { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record FilterLogEventsResult(IReadOnlyList<LogEvent> Events, string? NextToken);

public sealed record DescribeLogGroupsRequest
{
    public string? LogGroupNamePrefix { get; init; }

    public string? LogGroupNamePattern { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record DescribeLogGroupsResult(IReadOnlyList<LogGroup> LogGroups, string? NextToken);

public sealed record DescribeLogStreamsRequest(string LogGroupName)
{
    public string? LogStreamNamePrefix { get; init; }

    public bool OrderByLastEventTime { get; init; }

    public bool Descending { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record DescribeLogStreamsResult(IReadOnlyList<LogStream> LogStreams, string? NextToken);

public sealed record InputLogEvent(DateTime Timestamp, string Message);

public sealed record PutLogEventsRequest(string LogGroupName, string LogStreamName, IReadOnlyList<InputLogEvent> Events);

/// <summary>Indexes (into the request's events) that the service rejected; null when none.</summary>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex);
