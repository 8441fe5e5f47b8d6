namespace CloudWatcher.Api;

/// <summary>
/// The CloudWatch operations the engine uses, in the engine's own types. Implemented on the wire by
/// the AWSSDK.Core client and in memory by the tests' fake.
/// </summary>
public interface ICloudWatchApi
{
    Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken);

    Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken);

    Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken);
}

public sealed record ListMetricsRequest
{
    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    /// <summary>Dimension filters; a null Value matches any value of that dimension.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; init; } = Array.Empty<Dimension>();

    /// <summary>Only metrics that received data in the past three hours.</summary>
    public bool RecentlyActive { get; init; }

    public string? NextToken { get; init; }
}

public sealed record ListMetricsResult(IReadOnlyList<MetricInfo> Metrics, string? NextToken);

public sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions);

public sealed record MetricDataQuery(string Id, MetricIdentity Metric, int Period, string Stat)
{
    public string? Unit { get; init; }

    public string? Label { get; init; }
}

public sealed record GetMetricDataRequest(IReadOnlyList<MetricDataQuery> Queries, DateTime StartTime, DateTime EndTime)
{
    public bool ScanAscending { get; init; } = true;

    public int? MaxDatapoints { get; init; }

    public string? NextToken { get; init; }
}

public sealed record MetricMessage(string Code, string Value);

public sealed record MetricDataResult(
    string Id,
    string? Label,
    IReadOnlyList<DateTime> Timestamps,
    IReadOnlyList<double> Values,
    string StatusCode,
    IReadOnlyList<MetricMessage> Messages);

public sealed record GetMetricDataResult(IReadOnlyList<MetricDataResult> Results, string? NextToken, IReadOnlyList<MetricMessage> Messages);

public sealed record StatisticSet(double SampleCount, double Sum, double Minimum, double Maximum);

public sealed record MetricDatum(string MetricName)
{
    public IReadOnlyList<Dimension> Dimensions { get; init; } = Array.Empty<Dimension>();

    public DateTime? Timestamp { get; init; }

    public double? Value { get; init; }

    public IReadOnlyList<double>? Values { get; init; }

    public IReadOnlyList<double>? Counts { get; init; }

    public StatisticSet? StatisticValues { get; init; }

    public string? Unit { get; init; }

    /// <summary>1 for high resolution, 60 (or null) for standard.</summary>
    public int? StorageResolution { get; init; }
}

public sealed record PutMetricDataRequest(string Namespace, IReadOnlyList<MetricDatum> Data);
