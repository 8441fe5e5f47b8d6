using System.Runtime.CompilerServices;
using CloudWatcher.Common;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Metrics;

/// <summary>
/// Reads metric queries with GetMetricData in as few calls as the limits allow: up to 500 queries a call (an
/// expression in the same call as the queries it names), every NextToken page followed, and results merged across
/// pages by (id, label), so one query (a SEARCH) can come back as several series. Warnings (partial data, service
/// messages) and progress go to the engine sink.
/// </summary>
public sealed class MetricReader
{
    public const int MaxQueriesPerCall = QueryBatcher.MaxQueriesPerCall;

    private readonly IMetricReadApi _api;
    private readonly IEngineSink _sink;

    public MetricReader(IMetricReadApi api, IEngineSink? sink = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>How many calls of at most 500 queries these queries need (at least; more when results page).</summary>
    public static int BatchCount(IReadOnlyList<MetricQuery> queries) => QueryBatcher.Batch(queries).Count;

    public async IAsyncEnumerable<MetricBatch> ReadAsync(
        IReadOnlyList<MetricQuery> queries,
        TimeRange range,
        bool keepRawResponses = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var q in queries)
        {
            Periods.Validate(q.Period);
        }
        var batches = QueryBatcher.Batch(SeriesLabeler.Label(queries));
        var calls = 0;
        var progressShown = false;
        try
        {
            for (var b = 0; b < batches.Count; b++)
            {
                var batch = batches[b];
                var request = new GetMetricDataRequest(batch.Select(ToWire).ToList(), range.Start, range.End) { ScanAscending = true };
                var results = new SeriesAccumulator(batch);
                var pages = keepRawResponses ? new List<string>() : null;
                var batchCalls = 0;
                await foreach (var page in Paging.FollowAsync((token, ct) => _api.GetMetricDataAsync(request with { NextToken = token }, ct),
                                   p => p.NextToken, cancellationToken).ConfigureAwait(false))
                {
                    batchCalls++;
                    calls++;
                    pages?.Add(MetricDataJson.Serialize(page));
                    foreach (var result in page.Results)
                    {
                        if (!results.Add(result))
                        {
                            _sink.Warning($"GetMetricData returned a result for the unknown id '{result.Id}'; it is ignored.");
                        }
                    }
                    foreach (var m in page.Messages)
                    {
                        _sink.Warning($"GetMetricData: {m.Code}: {m.Value}");
                    }
                    var report = new ProgressReport(ProgressActivity.ReadingMetrics,
                        $"Batch {b + 1} of {batches.Count}, {calls} GetMetricData calls", calls, page.NextToken is not null || b + 1 < batches.Count,
                        (b * 100 + (page.NextToken is null ? 100 : 50)) / batches.Count);
                    progressShown |= report.IsWorthShowing;
                    _sink.Progress(report);
                }
                var series = results.Complete(range, pages);
                foreach (var s in series)
                {
                    Warn(s);
                }
                yield return new MetricBatch(b + 1, batches.Count, batchCalls, series);
            }
        }
        finally
        {
            if (progressShown)
            {
                _sink.Progress(new ProgressReport(ProgressActivity.ReadingMetrics, "Done", calls, Completed: true));
            }
        }
    }

    private void Warn(TimedMetric metric)
    {
        if (metric.StatusCode != "Complete")
        {
            _sink.Warning($"'{metric.Label}': CloudWatch reported {metric.StatusCode}" +
                (metric.Messages.Count > 0 ? ": " + string.Join("; ", metric.Messages.Select(m => $"{m.Code} {m.Value}")) : "") +
                ". The series may be incomplete.");
        }
        else if (metric.Messages.Count > 0)
        {
            _sink.Warning($"'{metric.Label}': " + string.Join("; ", metric.Messages.Select(m => $"{m.Code} {m.Value}")));
        }
        if (metric.Count == 0)
        {
            _sink.Verbose($"No data for '{metric.Label}' in the range.");
        }
    }

    private static MetricDataQuery ToWire(MetricQuery query) => query switch
    {
        MetricStatQuery s => new MetricDataQuery(s.Id!)
        {
            MetricStat = new MetricStat(s.Metric, s.Period, s.Statistic) { Unit = s.UnitFilter },
            Label = s.Label,
            ReturnData = s.ReturnData,
        },
        ExpressionQuery e => new MetricDataQuery(e.Id!)
        {
            Expression = e.Expression,
            Period = e.Period,
            Label = e.Label,
            ReturnData = e.ReturnData,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(query), query.GetType().Name, "Unknown query kind."),
    };

    /// <summary>Results of one call's pages, merged by (id, label) in the order the queries and labels first appear.</summary>
    private sealed class SeriesAccumulator
    {
        private readonly Dictionary<string, MetricQuery> _queries;
        private readonly List<(string Id, string? Label)> _order = new();
        private readonly Dictionary<(string Id, string? Label), Series> _series = new();

        public SeriesAccumulator(IReadOnlyList<MetricQuery> queries) =>
            _queries = queries.ToDictionary(q => q.Id!, StringComparer.Ordinal);

        public bool Add(MetricDataResult result)
        {
            if (!_queries.TryGetValue(result.Id, out var query))
            {
                return false;
            }
            // A metric query is one series whatever label the service echoes; an expression has one per label.
            var key = (result.Id, query is MetricStatQuery ? null : result.Label);
            if (!_series.TryGetValue(key, out var series))
            {
                series = new Series(result.Label);
                _series[key] = series;
                _order.Add(key);
            }
            series.Timestamps.AddRange(result.Timestamps);
            series.Values.AddRange(result.Values);
            series.StatusCode = result.StatusCode;
            series.Messages.AddRange(result.Messages);
            return true;
        }

        public List<TimedMetric> Complete(TimeRange range, IReadOnlyList<string>? pages)
        {
            var completed = new List<TimedMetric>();
            foreach (var query in _queries.Values.Where(q => q.ReturnData))
            {
                var keys = _order.Where(k => k.Id == query.Id).ToList();
                if (keys.Count == 0)
                {
                    // No result at all: an empty series, so the caller still sees what was asked.
                    keys.Add((query.Id!, null));
                    _series[keys[0]] = new Series(null);
                }
                foreach (var key in keys)
                {
                    var s = _series[key];
                    var (times, values) = SortAndDeduplicate(s.Timestamps, s.Values);
                    completed.Add(query switch
                    {
                        MetricStatQuery m => new TimedMetric(m.Id!, m.Label!, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions, m.Statistic,
                            m.Period, m.DisplayUnit ?? m.UnitFilter, times, values, s.StatusCode, s.Messages, range.Start, range.End, m.PresetName, pages),
                        ExpressionQuery e => new TimedMetric(e.Id!, s.Label ?? e.Label ?? e.Id!, "", e.Id!, Array.Empty<Dimension>(), "Expression",
                            e.Period, e.DisplayUnit, times, values, s.StatusCode, s.Messages, range.Start, range.End, e.PresetName, pages, e.Expression),
                        _ => throw new InvalidOperationException($"Unexpected query type {query.GetType().Name}."),
                    });
                }
            }
            return completed;
        }

        private static (IReadOnlyList<DateTime>, IReadOnlyList<double>) SortAndDeduplicate(List<DateTime> times, List<double> values)
        {
            var ordered = true;
            for (var i = 1; i < times.Count && ordered; i++)
            {
                ordered = times[i] > times[i - 1];
            }
            if (ordered)
            {
                return (times, values);
            }
            var pairs = times.Zip(values).GroupBy(p => p.First).Select(g => g.Last()).OrderBy(p => p.First).ToList();
            return (pairs.Select(p => p.First).ToList(), pairs.Select(p => p.Second).ToList());
        }

        private sealed class Series
        {
            public Series(string? label) => Label = label;

            public string? Label { get; }

            public List<DateTime> Timestamps { get; } = new();

            public List<double> Values { get; } = new();

            public string StatusCode { get; set; } = "Complete";

            public List<MetricMessage> Messages { get; } = new();
        }
    }
}
