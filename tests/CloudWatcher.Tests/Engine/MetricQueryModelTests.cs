using CloudWatcher.Metrics;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Tests.Engine;

/// <summary>Queries that grow: expressions beside metrics, ids kept together with what they name, several series per id.</summary>
public sealed class MetricQueryModelTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static MetricStatQuery Stat(int i, string? id = null) =>
        new(new MetricIdentity("App", $"m{i}", new[] { new Dimension("Host", $"h{i}") }), "Sum", 60) { Id = id };

    [Fact]
    public void IdsAreMadeWhereNoneIsGivenAndNeverCollide()
    {
        var batches = QueryBatcher.Batch(new MetricQuery[] { Stat(0), Stat(1, "q0"), Stat(2) });
        var ids = Assert.Single(batches).Select(q => q.Id).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Contains("q0", ids);
    }

    [Fact]
    public void AnExpressionStaysInTheCallOfTheQueriesItNames()
    {
        // 499 plain queries fill most of a call; the expression and its two inputs must go together into the next.
        var queries = new List<MetricQuery>();
        queries.AddRange(Enumerable.Range(0, 499).Select(i => Stat(i)));
        queries.Add(Stat(1000, "errors") with { ReturnData = false });
        queries.Add(Stat(1001, "requests") with { ReturnData = false });
        queries.Add(new ExpressionQuery("100 * errors / requests", 60) { Id = "rate" });
        var batches = QueryBatcher.Batch(queries);
        Assert.All(batches, b => Assert.True(b.Count <= 500));
        var withRate = Assert.Single(batches, b => b.Any(q => q.Id == "rate"));
        Assert.Contains(withRate, q => q.Id == "errors");
        Assert.Contains(withRate, q => q.Id == "requests");
        Assert.Equal(queries.Count, batches.Sum(b => b.Count));
    }

    [Fact]
    public void BadOrDuplicateIdsAreRefused()
    {
        Assert.Equal("InvalidQueryId", Assert.Throws<CloudWatcherException>(() => QueryBatcher.Batch(new MetricQuery[] { Stat(0, "Upper") })).ErrorId);
        Assert.Equal("InvalidQueryId", Assert.Throws<CloudWatcherException>(() => QueryBatcher.Batch(new MetricQuery[] { Stat(0, "a"), Stat(1, "a") })).ErrorId);
    }

    [Fact]
    public async Task ASearchComesBackAsOneSeriesPerLabelAndInputsThatReturnNoDataAreNotShown()
    {
        var api = new SearchApi();
        var queries = new MetricQuery[]
        {
            Stat(0, "hidden") with { ReturnData = false },
            new ExpressionQuery("SEARCH('{App,Host} MetricName=\"m0\"', 'Sum', 60)", 60) { Id = "search" },
        };
        var series = new List<TimedMetric>();
        await foreach (var batch in new MetricReader(api).ReadAsync(queries, new TimeRange(Start, Start.AddHours(1))))
        {
            series.AddRange(batch.Series);
        }
        Assert.Equal(new[] { "m0 h1", "m0 h2" }, series.Select(s => s.Label));
        Assert.All(series, s => Assert.StartsWith("SEARCH(", s.Expression));
        Assert.Equal(new[] { 1.0, 2.0 }, series[0].Values); // merged across the two pages
        Assert.Equal(new[] { 5.0 }, series[1].Values);
        var sent = Assert.Single(api.Requests.Select(r => r.NextToken is null ? r : null).OfType<GetMetricDataRequest>()).Queries;
        Assert.False(sent.Single(q => q.Id == "hidden").ReturnData);
        Assert.Equal("SEARCH('{App,Host} MetricName=\"m0\"', 'Sum', 60)", sent.Single(q => q.Id == "search").Expression);
    }

    /// <summary>Answers a SEARCH with two labels for one id, the first split across two pages.</summary>
    private sealed class SearchApi : IMetricReadApi
    {
        public List<GetMetricDataRequest> Requests { get; } = new();

        public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            MetricDataResult R(string label, params double[] values) => new("search", label,
                values.Select((_, i) => Start.AddMinutes(i + (request.NextToken is null ? 0 : 1))).ToList(), values, "Complete", Array.Empty<MetricMessage>());
            return Task.FromResult(request.NextToken is null
                ? new GetMetricDataResult(new[] { R("m0 h1", 1) }, "more", Array.Empty<MetricMessage>())
                : new GetMetricDataResult(new[] { R("m0 h1", 2), R("m0 h2", 5) }, null, Array.Empty<MetricMessage>()));
        }
    }
}
