using CloudWatcher.Api;

namespace CloudWatcher.Logs;

/// <summary>
/// Lists log groups (DescribeLogGroups) and log streams (DescribeLogStreams), every page followed lazily, so callers
/// stream objects as pages arrive. The service's parameter rules are checked before anything is sent.
/// </summary>
public sealed class LogCatalog
{
    /// <summary>The most DescribeLogGroups and DescribeLogStreams return per call.</summary>
    public const int MaxPageSize = 50;

    private readonly ICloudWatchLogsApi _api;

    public LogCatalog(ICloudWatchLogsApi api) => _api = api ?? throw new ArgumentNullException(nameof(api));

    /// <summary>
    /// Pages of log groups in the service's order (by name). <paramref name="namePrefix"/> is a case-sensitive prefix;
    /// <paramref name="namePattern"/> a substring; the service takes one or the other, not both.
    /// </summary>
    public IAsyncEnumerable<DescribeLogGroupsResult> ListGroupPagesAsync(string? namePrefix = null, string? namePattern = null,
        int? pageSize = null, CancellationToken cancellationToken = default)
    {
        if (namePrefix is not null && namePattern is not null)
        {
            throw new ArgumentException("A log group name prefix and a name pattern cannot be combined (CloudWatch Logs refuses both in one call); give one of them.");
        }
        if (namePrefix is { Length: 0 })
        {
            throw new ArgumentException("The log group name prefix is empty; leave it out to list every log group.", nameof(namePrefix));
        }
        ValidatePageSize(pageSize);
        var request = new DescribeLogGroupsRequest { LogGroupNamePrefix = namePrefix, LogGroupNamePattern = namePattern, Limit = pageSize };
        return Paging.FollowAsync(
            (token, ct) => _api.DescribeLogGroupsAsync(request with { NextToken = token }, ct),
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>
    /// Pages of the streams of one log group: by name, or by last event time (ascending, or descending with
    /// <see cref="LogStreamQuery.Descending"/>). A missing group fails with a NotFound service error.
    /// </summary>
    public IAsyncEnumerable<DescribeLogStreamsResult> ListStreamPagesAsync(LogStreamQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.LogGroupName))
        {
            throw new ArgumentException("A log group name is required to list log streams.", nameof(query));
        }
        if (query.NamePrefix is { Length: 0 })
        {
            throw new ArgumentException("The log stream name prefix is empty; leave it out to list every stream.", nameof(query));
        }
        if (query.NamePrefix is not null && query.OrderByLastEventTime)
        {
            throw new ArgumentException(
                "CloudWatch Logs cannot order streams by last event time when a stream name prefix is given; drop the prefix or order by name.");
        }
        ValidatePageSize(query.PageSize);
        var request = new DescribeLogStreamsRequest(query.LogGroupName)
        {
            LogStreamNamePrefix = query.NamePrefix,
            OrderByLastEventTime = query.OrderByLastEventTime,
            Descending = query.Descending,
            Limit = query.PageSize,
        };
        return Paging.FollowAsync(
            (token, ct) => _api.DescribeLogStreamsAsync(request with { NextToken = token }, ct),
            page => page.NextToken,
            cancellationToken);
    }

    /// <summary>
    /// The fewest prefixes whose listings together cover every given prefix, in ordinal order, each listed once: a prefix
    /// that extends another is dropped. An empty or null prefix covers everything, so the answer is then a single null.
    /// Listings of the result are disjoint, and concatenated in this order they stay sorted by name.
    /// </summary>
    public static IReadOnlyList<string?> CoveringPrefixes(IEnumerable<string?> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var sorted = prefixes.ToList();
        if (sorted.Count == 0 || sorted.Any(string.IsNullOrEmpty))
        {
            return new string?[] { null };
        }
        sorted.Sort(StringComparer.Ordinal);
        var result = new List<string?>();
        foreach (var prefix in sorted)
        {
            // Sorted ordinally, an extension of a kept prefix always comes right after it.
            if (result.Count == 0 || !prefix!.StartsWith(result[^1]!, StringComparison.Ordinal))
            {
                result.Add(prefix);
            }
        }
        return result;
    }

    private static void ValidatePageSize(int? pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The page size must be between 1 and {MaxPageSize}.");
        }
    }
}

/// <summary>Which streams of a log group to list, and in which order.</summary>
public sealed record LogStreamQuery(string LogGroupName)
{
    /// <summary>Case-sensitive stream name prefix; cannot be combined with <see cref="OrderByLastEventTime"/>.</summary>
    public string? NamePrefix { get; init; }

    public bool OrderByLastEventTime { get; init; }

    public bool Descending { get; init; }

    /// <summary>Streams per call (1–50); null for the service's default (50).</summary>
    public int? PageSize { get; init; }
}
