namespace CloudWatcher.Ports;

/// <summary>Reading metric data (GetMetricData), in the engine's own types.</summary>
public interface IMetricReadApi
{
    Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken);
}

/// <summary>A metric, a statistic and a period: one MetricStat query.</summary>
public sealed record MetricStat(MetricIdentity Metric, int Period, string Stat)
{
    /// <summary>Only data stored with this unit matches; null matches any unit.</summary>
    public string? Unit { get; init; }
}

/// <summary>
/// One entry of MetricDataQueries: either a <see cref="MetricStat"/> or an <see cref="Expression"/> (metric math,
/// SEARCH, or a Metrics Insights query) that may reference the ids of other queries in the same call.
/// </summary>
public sealed record MetricDataQuery(string Id)
{
    public MetricStat? MetricStat { get; init; }

    public string? Expression { get; init; }

    /// <summary>The period of an expression's result (a MetricStat carries its own).</summary>
    public int? Period { get; init; }

    public string? Label { get; init; }

    /// <summary>False for a query that only feeds an expression.</summary>
    public bool ReturnData { get; init; } = true;
}

public sealed record GetMetricDataRequest(IReadOnlyList<MetricDataQuery> Queries, DateTime StartTime, DateTime EndTime)
{
    public bool ScanAscending { get; init; } = true;

    public int? MaxDatapoints { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>One result: the series of one query id and label (a SEARCH expression returns several labels for one id).</summary>
public sealed record MetricDataResult(
    string Id,
    string? Label,
    IReadOnlyList<DateTime> Timestamps,
    IReadOnlyList<double> Values,
    string StatusCode,
    IReadOnlyList<MetricMessage> Messages);

public sealed record GetMetricDataResult(IReadOnlyList<MetricDataResult> Results, string? NextToken, IReadOnlyList<MetricMessage> Messages);
