namespace CloudWatcher.Ports;

/// <summary>Reading log events (GetLogEvents, FilterLogEvents), in the engine's own types.</summary>
public interface ILogReadApi
{
    Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken);

    Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken);
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
