using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>
/// Which series would be new metrics: those ListMetrics does not list with exactly their dimensions (a metric is
/// its namespace, name and full set of dimensions; unit and resolution do not make another). Asks per metric name
/// (ListMetrics filtered by namespace and name) while there are few names, else lists the namespace once. CloudWatch
/// can take up to 15 minutes to list a new metric, so a series first published moments ago may show as new.
/// </summary>
public sealed class NewSeriesFinder
{
    /// <summary>Up to this many metric names in a namespace are listed one by one; more, and the namespace is listed whole.</summary>
    public const int NamesListedOneByOne = 10;

    private readonly MetricCatalog _catalog;
    private readonly IEngineSink _sink;

    public NewSeriesFinder(IMetricCatalogApi api, IEngineSink? sink = null)
    {
        _sink = sink ?? NullSink.Instance;
        _catalog = new MetricCatalog(api, _sink);
    }

    /// <summary>The series (one per metric identity, in the order given) that ListMetrics does not know.</summary>
    public async Task<IReadOnlyList<MetricSeriesKey>> FindAsync(IEnumerable<MetricSeriesKey> series, CancellationToken cancellationToken = default)
    {
        var distinct = series.GroupBy(s => s.Identity, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var calls = 0;
        foreach (var ns in distinct.GroupBy(s => s.Namespace, StringComparer.Ordinal))
        {
            var names = ns.Select(s => s.MetricName).Distinct(StringComparer.Ordinal).ToList();
            var filters = names.Count <= NamesListedOneByOne
                ? names.Select(n => new ListMetricsRequest { Namespace = ns.Key, MetricName = n })
                : new[] { new ListMetricsRequest { Namespace = ns.Key } };
            foreach (var filter in filters)
            {
                await foreach (var page in _catalog.ListPagesAsync(filter, cancellationToken).ConfigureAwait(false))
                {
                    calls++;
                    foreach (var metric in page.Metrics)
                    {
                        known.Add(MetricSeriesKey.IdentityOf(metric.Namespace, metric.MetricName, metric.Dimensions));
                    }
                }
            }
        }
        var fresh = distinct.Where(s => !known.Contains(s.Identity)).ToList();
        _sink.Verbose($"{fresh.Count} of {distinct.Count} metrics are not listed by ListMetrics ({calls} call(s)): they would be new.");
        return fresh;
    }
}
