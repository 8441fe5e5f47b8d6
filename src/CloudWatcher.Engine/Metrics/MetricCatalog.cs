using System.Runtime.CompilerServices;
using CloudWatcher.Common;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Text;

namespace CloudWatcher.Metrics;

/// <summary>
/// Lists the metrics CloudWatch knows (ListMetrics), every page followed. Namespace and metric name may be
/// wildcards (matched here, case-insensitively); exact ones go to the service as filters.
/// </summary>
public sealed class MetricCatalog
{
    private readonly IMetricCatalogApi _api;
    private readonly IEngineSink _sink;

    public MetricCatalog(IMetricCatalogApi api, IEngineSink? sink = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>
    /// The metrics matching a namespace and a metric name (exact or with wildcards) and dimension filters. NotFound
    /// names the exact namespace/metric name asked for when nothing matched.
    /// </summary>
    public CatalogListing<MetricInfo> List(string? @namespace, string? metricName, IReadOnlyList<Dimension>? dimensions = null, bool recentlyActive = false)
    {
        var namespacePattern = @namespace is null ? null : new Wildcard(@namespace, ignoreCase: true);
        var metricPattern = metricName is null ? null : new Wildcard(metricName, ignoreCase: true);
        var filter = new ListMetricsRequest
        {
            // Wildcards are matched here; only exact names go to the service as filters.
            Namespace = namespacePattern is { HasWildcards: false } ? namespacePattern.LiteralPrefix : null,
            MetricName = metricPattern is { HasWildcards: false } ? metricPattern.LiteralPrefix : null,
            // An empty value (a preset's open InstanceId) filters on the name only, as a missing one does.
            Dimensions = (dimensions ?? Array.Empty<Dimension>()).Select(d => string.IsNullOrEmpty(d.Value) ? new Dimension(d.Name, null) : d).ToList(),
            RecentlyActive = recentlyActive,
        };
        Validate(filter);
        var found = false;
        return new CatalogListing<MetricInfo>(ct => ReadAsync(filter, namespacePattern, metricPattern, () => found = true, ct),
            () => found || (namespacePattern?.HasWildcards ?? true) && (metricPattern?.HasWildcards ?? true)
                ? Array.Empty<string>()
                : new[] { $"{@namespace ?? "*"}/{metricName ?? "*"}" });
    }

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

    private async IAsyncEnumerable<ListingEntry<MetricInfo>> ReadAsync(ListMetricsRequest filter, Wildcard? namespacePattern, Wildcard? metricPattern,
        Action found, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = new PageCounter(_sink, ProgressActivity.ListingMetrics, "metrics");
        try
        {
            await foreach (var page in ListPagesAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                progress.Page(page.Metrics.Count, page.NextToken is not null);
                _sink.Debug($"ListMetrics page {progress.Pages}: {page.Metrics.Count} metrics.");
                foreach (var metric in page.Metrics)
                {
                    if ((namespacePattern?.IsMatch(metric.Namespace) ?? true) && (metricPattern?.IsMatch(metric.MetricName) ?? true))
                    {
                        found();
                        yield return new ListingEntry<MetricInfo>(metric, null);
                    }
                }
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    private static void Validate(ListMetricsRequest filter)
    {
        if (filter.Dimensions.Count > 10)
        {
            throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput,
                $"ListMetrics accepts at most 10 dimension filters; {filter.Dimensions.Count} were given.");
        }
        var duplicate = filter.Dimensions.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput,
                $"The dimension '{duplicate.Key}' is given more than once; give each dimension name once.", duplicate.Key);
        }
    }
}
