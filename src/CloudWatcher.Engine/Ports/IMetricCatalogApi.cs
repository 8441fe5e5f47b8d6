namespace CloudWatcher.Ports;

/// <summary>Listing the metrics CloudWatch knows (ListMetrics), in the engine's own types.</summary>
public interface IMetricCatalogApi
{
    Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken);
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
