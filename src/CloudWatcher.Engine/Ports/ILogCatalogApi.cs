namespace CloudWatcher.Ports;

/// <summary>Listing log groups and streams (DescribeLogGroups, DescribeLogStreams), in the engine's own types.</summary>
public interface ILogCatalogApi
{
    Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken);

    Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken);
}

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
