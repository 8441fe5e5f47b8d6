using CloudWatcher.Ports;
using CloudWatcher.Metrics;

using CloudWatcher.Time;

using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

public sealed class MetricReaderTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static MetricIdentity Metric(int i) => new("App", $"m{i}", new[] { new Dimension("Host", $"h{i}") });

    private static IEnumerable<(DateTime, double)> Minutes(int count, double seed) =>
        Enumerable.Range(0, count).Select(k => (Start.AddMinutes(k), seed + k));

    private static async Task<List<MetricBatch>> ReadAll(MetricReader reader, IReadOnlyList<MetricQuery> series, TimeRange range, bool raw = false)
    {
        var batches = new List<MetricBatch>();
        await foreach (var batch in reader.ReadAsync(series, range, raw))
        {
            batches.Add(batch);
        }
        return batches;
    }

    [Fact]
    public async Task AllSeriesGoInOneCallWhenTheyFit()
    {
        var api = new FakeCloudWatchApi();
        for (var i = 0; i < 20; i++)
        {
            api.AddData(Metric(i), Minutes(60, i * 1000));
        }
        var series = Enumerable.Range(0, 20).Select(i => new MetricStatQuery(Metric(i), "Maximum", 60)).ToList();
        var batches = await ReadAll(new MetricReader(api), series, new TimeRange(Start, Start.AddHours(1)));

        Assert.Single(api.DataCalls);
        var result = Assert.Single(batches).Series;
        Assert.Equal(20, result.Count);
        Assert.All(result, s => Assert.Equal(60, s.Count));
        Assert.Equal(Enumerable.Range(0, 60).Select(k => 5000.0 + k), result[5].Values);
        Assert.Equal(20, api.DataCalls[0].Queries.Select(q => q.Id).Distinct().Count());
        Assert.All(api.DataCalls[0].Queries, q => Assert.Matches("^[a-z][a-zA-Z0-9_]*$", q.Id));
    }

    [Fact]
    public async Task MoreThan500SeriesAreSplitIntoBatchesOf500()
    {
        var api = new FakeCloudWatchApi();
        var series = Enumerable.Range(0, 1203).Select(i => new MetricStatQuery(Metric(i), "Sum", 60)).ToList();
        var batches = await ReadAll(new MetricReader(api), series, new TimeRange(Start, Start.AddHours(1)));

        Assert.Equal(new[] { 500, 500, 203 }, api.DataCalls.Select(c => c.Queries.Count));
        Assert.Equal(new[] { 1, 2, 3 }, batches.Select(b => b.BatchNumber));
        Assert.All(batches, b => Assert.Equal(3, b.BatchCount));
        Assert.Equal(1203, batches.Sum(b => b.Series.Count));
        Assert.Equal(1203, batches.SelectMany(b => b.Series).Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public async Task PagesAreFollowedAndOneIdsResultsMergedAcrossThem()
    {
        var api = new FakeCloudWatchApi { MaxDatapointsPerPage = 70 };
        api.AddData(Metric(0), Minutes(100, 0));
        api.AddData(Metric(1), Minutes(100, 1000));
        var series = new[] { new MetricStatQuery(Metric(0), "Maximum", 60), new MetricStatQuery(Metric(1), "Maximum", 60) };
        var batches = await ReadAll(new MetricReader(api), series, new TimeRange(Start, Start.AddHours(2)), raw: true);

        Assert.Equal(3, api.DataCalls.Count); // 200 points, 70 a page: the minimum
        var result = Assert.Single(batches);
        Assert.Equal(3, result.CallsMade);
        Assert.Equal(Enumerable.Range(0, 100).Select(k => (double)k), result.Series[0].Values);
        Assert.Equal(Enumerable.Range(0, 100).Select(k => 1000.0 + k), result.Series[1].Values);
        Assert.All(result.Series, s => Assert.Equal("Complete", s.StatusCode));
        Assert.Equal(3, result.Series[0].RawResponses!.Count);
        Assert.Same(result.Series[0].RawResponses, result.Series[1].RawResponses);
    }

    [Fact]
    public async Task MessagesAndIncompleteStatusBecomeWarnings()
    {
        var api = new FakeCloudWatchApi { ResultMessage = new MetricMessage("ArithmeticError", "division by zero") };
        api.AddData(Metric(0), Minutes(5, 0));
        var sink = new RecordingSink();
        await ReadAll(new MetricReader(api, sink), new[] { new MetricStatQuery(Metric(0), "Average", 60) }, new TimeRange(Start, Start.AddHours(1)));
        Assert.Contains(sink.Warnings, w => w.Contains("ArithmeticError"));
    }

    [Fact]
    public async Task LabelsTellSeriesApart()
    {
        var api = new FakeCloudWatchApi();
        var a = new MetricIdentity("NS", "mem_used", new[] { new Dimension("InstanceId", "i-1") });
        var b = new MetricIdentity("NS", "mem_used", new[] { new Dimension("InstanceId", "i-2") });
        var c = new MetricIdentity("NS", "cpu", new[] { new Dimension("InstanceId", "i-1") });
        var series = new[]
        {
            new MetricStatQuery(a, "Maximum", 60), new MetricStatQuery(b, "Maximum", 60),
            new MetricStatQuery(a, "p99", 60), new MetricStatQuery(c, "Maximum", 60),
        };
        var labels = (await ReadAll(new MetricReader(api), series, new TimeRange(Start, Start.AddHours(1)))).Single().Series.Select(s => s.Label);
        Assert.Equal(new[] { "mem_used i-1 Maximum", "mem_used i-2 Maximum", "mem_used i-1 p99", "cpu" }, labels);
    }

    [Fact]
    public async Task ABadPeriodIsRefusedBeforeAnyCall()
    {
        var api = new FakeCloudWatchApi();
        Assert.Equal("InvalidPeriod", (await Assert.ThrowsAsync<CloudWatcherException>(() => ReadAll(new MetricReader(api), new[] { new MetricStatQuery(Metric(0), "Maximum", 45) }, new TimeRange(Start, Start.AddHours(1))))).ErrorId);
        Assert.Empty(api.DataCalls);
    }
}
