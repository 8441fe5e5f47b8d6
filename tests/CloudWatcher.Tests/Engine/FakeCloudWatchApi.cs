using CloudWatcher.Ports;

#pragma warning disable CA1822

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// In-memory fake of the engine's CloudWatch ports for unit tests (no wire, no emulator): ListMetrics with filters and
/// paging, GetMetricData of stored points with paging by datapoint budget, PutMetricData that stores what it is given.
/// </summary>
internal sealed class FakeCloudWatchApi : IMetricReadApi, IMetricCatalogApi, IMetricWriteApi
{
    private readonly List<MetricInfo> _metrics = new();

    public int PageSize { get; init; } = 500;

    public List<ListMetricsRequest> ListCalls { get; } = new();

    /// <summary>When set, every page answers with this token (a misbehaving service).</summary>
    public string? StuckToken { get; init; }

    public void Add(string ns, string name, params Dimension[] dimensions) => _metrics.Add(new MetricInfo(ns, name, dimensions));

    public Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ListCalls.Add(request);
        var matching = _metrics
            .Where(m => request.Namespace is null || m.Namespace == request.Namespace)
            .Where(m => request.MetricName is null || m.MetricName == request.MetricName)
            .Where(m => request.Dimensions.All(f => m.Dimensions.Any(d => d.Name == f.Name && (f.Value is null || d.Value == f.Value))))
            .ToList();
        var start = int.TryParse(request.NextToken?.Split('-')[^1], out var n) ? n : 0;
        var page = matching.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < matching.Count ? $"page-{start + PageSize}" : null;
        return Task.FromResult(new ListMetricsResult(page, StuckToken ?? next));
    }

    private readonly Dictionary<string, List<(DateTime Time, double Value)>> _data = new();

    public List<GetMetricDataRequest> DataCalls { get; } = new();

    /// <summary>Datapoints per GetMetricData page before a NextToken (the real limit is 100,800).</summary>
    public int MaxDatapointsPerPage { get; init; } = 100_800;

    /// <summary>Messages the service adds to every result, e.g. to test warnings.</summary>
    public MetricMessage? ResultMessage { get; init; }

    public void AddData(MetricIdentity metric, IEnumerable<(DateTime, double)> points) => _data[Key(metric)] = points.OrderBy(p => p.Item1).ToList();

    public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DataCalls.Add(request);
        if (request.Queries.Count > 500)
        {
            throw new InvalidOperationException("more than 500 queries in one call");
        }
        // The token is the number of datapoints already returned across all queries, in query order.
        var skip = int.TryParse(request.NextToken, out var t) ? t : 0;
        var budget = MaxDatapointsPerPage;
        var offset = 0;
        var results = new List<MetricDataResult>();
        var more = false;
        foreach (var q in request.Queries)
        {
            if (q.MetricStat is null)
            {
                throw new CloudWatcherServiceException("CloudWatch", "GetMetricData", "InvalidParameterValue", ErrorKind.InvalidInput, 400, null,
                    "The fake does not evaluate expressions.");
            }
            var points = (_data.TryGetValue(Key(q.MetricStat.Metric), out var p) ? p : new List<(DateTime Time, double Value)>())
                .Where(x => x.Time >= request.StartTime && x.Time < request.EndTime).ToList();
            var from = Math.Max(0, skip - offset);
            offset += points.Count;
            var take = Math.Min(budget, Math.Max(0, points.Count - from));
            if (from >= points.Count && points.Count > 0)
            {
                continue;
            }
            var slice = points.Skip(from).Take(take).ToList();
            budget -= slice.Count;
            var partial = from + take < points.Count;
            more |= partial;
            results.Add(new MetricDataResult(q.Id, q.Label, slice.Select(x => x.Time).ToList(), slice.Select(x => x.Value).ToList(),
                partial ? "PartialData" : "Complete", ResultMessage is null ? Array.Empty<MetricMessage>() : new[] { ResultMessage }));
            if (budget == 0)
            {
                more |= request.Queries.SkipWhile(x => x != q).Skip(1).Any();
                break;
            }
        }
        var returned = skip + (MaxDatapointsPerPage - budget);
        return Task.FromResult(new GetMetricDataResult(results, more ? returned.ToString() : null, Array.Empty<MetricMessage>()));
    }

    private static string Key(MetricIdentity m) =>
        m.Namespace + "|" + m.MetricName + "|" + string.Join(",", m.Dimensions.OrderBy(d => d.Name).Select(d => d.ToString()));

    public List<PutMetricDataRequest> PutCalls { get; } = new();

    /// <summary>Stores each value at its timestamp (the latest value wins, as one datapoint per timestamp is all these tests read back).</summary>
    public Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PutCalls.Add(request);
        foreach (var datum in request.Data)
        {
            var metric = new MetricIdentity(request.Namespace, datum.MetricName, datum.Dimensions);
            if (!_metrics.Any(m => Key(new MetricIdentity(m.Namespace, m.MetricName, m.Dimensions)) == Key(metric)))
            {
                _metrics.Add(new MetricInfo(request.Namespace, datum.MetricName, datum.Dimensions));
            }
            var points = _data.TryGetValue(Key(metric), out var existing) ? existing : _data[Key(metric)] = new List<(DateTime Time, double Value)>();
            var time = datum.Timestamp ?? DateTime.UtcNow;
            var values = datum.Values ?? (datum.Value is double v ? new[] { v } : datum.StatisticValues is { } s ? new[] { s.Maximum } : Array.Empty<double>());
            foreach (var value in values)
            {
                points.RemoveAll(x => x.Time == time);
                points.Add((time, value));
            }
            points.Sort((a, b) => a.Time.CompareTo(b.Time));
        }
        return Task.CompletedTask;
    }
}
