using CloudWatcher.Api;

namespace CloudWatcher.Metrics;

/// <summary>Lists the metrics CloudWatch knows (ListMetrics), every page followed.</summary>
public sealed class MetricCatalog
{
    private readonly ICloudWatchApi _api;

    public MetricCatalog(ICloudWatchApi api) => _api = api;

    /// <summary>Pages of metrics, in the service's order; each page is one ListMetrics call (at most 500 metrics).</summary>
    public IAsyncEnumerable<ListMetricsResult> ListPagesAsync(ListMetricsRequest filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Validate(filter);
        return Paging.FollowAsync(
            (token, ct) => _api.ListMetricsAsync(filter with { NextToken = token }, ct),
            page => page.NextToken,
            cancellationToken);
    }

    private static void Validate(ListMetricsRequest filter)
    {
        if (filter.Dimensions.Count > 10)
        {
            throw new ArgumentException($"ListMetrics accepts at most 10 dimension filters; {filter.Dimensions.Count} were given.");
        }
        var duplicate = filter.Dimensions.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The dimension '{duplicate.Key}' is given more than once; give each dimension name once.");
        }
    }
}
