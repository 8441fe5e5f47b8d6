using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>GetMetricData of put data as CloudWatch answers it: statistics per period, order, units, labels and paging.</summary>
public abstract class MetricDataContract : PortContract
{
    private static readonly Dimension[] Dims = { new("Host", "web-1"), new("Path", "/a:b") };

    protected MetricDataContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task MaximumAndSampleCountComeBackPerMinuteAtTheMinutesPut()
    {
        var (metric, m0) = await PutLatency();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("maxq", metric, 60, "Maximum"),
            Stat("cntq", metric, 60, "SampleCount"),
        }, m0.AddMinutes(-1), m0.AddMinutes(5)), None);

        Assert.Null(result.NextToken);
        Assert.Equal(new[] { "maxq", "cntq" }, result.Results.Select(r => r.Id));
        var max = result.Results[0];
        Assert.Equal(new[] { m0, m0.AddMinutes(1), m0.AddMinutes(3) }, max.Timestamps);
        Assert.All(max.Timestamps, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(new[] { 30.0, 15.0, 7.0 }, max.Values);
        Assert.Equal(new[] { 4.0, 4.0, 1.0 }, result.Results[1].Values);
        Assert.All(result.Results, r => Assert.Equal("Complete", r.StatusCode));
        Assert.All(result.Results, r => Assert.Empty(r.Messages));
    }

    [ContractFact]
    public async Task SumAverageAndMinimumAggregateValuesCountsAndStatisticValues()
    {
        var (metric, m0) = await PutLatency();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("sumq", metric, 60, "Sum"),
            Stat("avgq", metric, 60, "Average"),
            Stat("minq", metric, 60, "Minimum"),
            Stat("fivem", metric, 300, "Sum"),
        }, m0, m0.AddMinutes(5)), None);

        Assert.Equal(new[] { 10.0 + 20 + 60, 40.0, 7.0 }, result.Results[0].Values);
        Assert.Equal(new[] { 90.0 / 4, 10.0, 7.0 }, result.Results[1].Values);
        Assert.Equal(new[] { 10.0, 5.0, 7.0 }, result.Results[2].Values);
        Assert.Equal(new[] { m0 }, result.Results[3].Timestamps);
        Assert.Equal(new[] { 137.0 }, result.Results[3].Values);
    }

    [ContractFact]
    public async Task ScanningDescendingGivesTheNewestFirst()
    {
        var (metric, m0) = await PutLatency();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[] { Stat("maxq", metric, 60, "Maximum") }, m0, m0.AddMinutes(5))
        {
            ScanAscending = false,
        }, None);

        Assert.Equal(new[] { m0.AddMinutes(3), m0.AddMinutes(1), m0 }, result.Results[0].Timestamps);
        Assert.Equal(new[] { 7.0, 15.0, 30.0 }, result.Results[0].Values);
    }

    [ContractFact]
    public async Task TheRangeStartsInclusiveAndEndsExclusive()
    {
        var (metric, m0) = await PutLatency();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[] { Stat("maxq", metric, 60, "Maximum") }, m0.AddMinutes(1), m0.AddMinutes(3)), None);

        Assert.Equal(new[] { m0.AddMinutes(1) }, result.Results[0].Timestamps);
    }

    [ContractFact]
    public async Task MaxDatapointsPagesWithNextTokenAndPartialDataUntilEveryPointIsReadOnce()
    {
        var (metric, m0) = await PutLatency();
        var queries = new[] { Stat("maxq", metric, 60, "Maximum"), Stat("cntq", metric, 60, "SampleCount") };

        var pages = new List<GetMetricDataResult>();
        string? token = null;
        do
        {
            var page = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(queries, m0, m0.AddMinutes(5)) { MaxDatapoints = 2, NextToken = token }, None);
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Null(pages[^1].NextToken);
        Assert.All(pages, p => Assert.InRange(p.Results.Sum(r => r.Values.Count), 0, 2));
        var results = pages.SelectMany(p => p.Results).ToList();
        Assert.Equal(new[] { 30.0, 15.0, 7.0 }, results.Where(r => r.Id == "maxq").SelectMany(r => r.Values));
        Assert.Equal(new[] { 4.0, 4.0, 1.0 }, results.Where(r => r.Id == "cntq").SelectMany(r => r.Values));
        Assert.Equal("PartialData", pages[0].Results.Single(r => r.Id == "maxq").StatusCode);
        Assert.Equal("Complete", pages[^1].Results.Single(r => r.Id == "cntq").StatusCode);
    }

    [ContractFact]
    public async Task AUnitOtherThanTheDataHasReturnsNoDatapoints()
    {
        var (metric, m0) = await PutLatency();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("same") { MetricStat = new MetricStat(metric, 60, "Maximum") { Unit = "Milliseconds" } },
            new MetricDataQuery("other") { MetricStat = new MetricStat(metric, 60, "Maximum") { Unit = "Seconds" } },
        }, m0, m0.AddMinutes(5)), None);

        Assert.Equal(3, result.Results.Single(r => r.Id == "same").Values.Count);
        var other = result.Results.Single(r => r.Id == "other");
        Assert.Empty(other.Values);
        Assert.Equal("Complete", other.StatusCode);
    }

    [ContractFact]
    public async Task LabelsDefaultToTheMetricNameAndQueriesNotReturningDataAreLeftOut()
    {
        var (metric, m0) = await PutLatency();
        var unknown = new MetricIdentity(metric.Namespace, "nothing", Dims);

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("plain", metric, 60, "Maximum"),
            Stat("named", metric, 60, "Maximum") with { Label = "my label" },
            Stat("hidden", metric, 60, "Maximum") with { ReturnData = false },
            Stat("empty", unknown, 60, "Maximum"),
        }, m0, m0.AddMinutes(5)), None);

        Assert.Equal(new[] { "plain", "named", "empty" }, result.Results.Select(r => r.Id));
        Assert.Equal(new[] { "latency", "my label", "nothing" }, result.Results.Select(r => r.Label));
        Assert.Empty(result.Results[2].Timestamps);
        Assert.Equal("Complete", result.Results[2].StatusCode);
    }

    [ContractTheory]
    [InlineData(45, "maxq", 5)]
    [InlineData(60, "Upper", 5)]
    [InlineData(60, "maxq", 0)]
    public async Task ABadPeriodIdOrRangeIsRefused(int period, string id, int rangeMinutes)
    {
        var metric = new MetricIdentity(Unique("Contract/Bad"), "x", Array.Empty<Dimension>());
        var start = Floor(Now.AddMinutes(-10), 60);
        var end = start.AddMinutes(rangeMinutes);
        await Fails(ErrorKind.InvalidInput, null, "GetMetricData",
            () => MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[] { Stat(id, metric, period, "Maximum") }, start, end), None));
    }

    [ContractFact]
    public async Task ValuesAndCountsGiveSampleCountSumMinimumMaximumAndAverageByCount()
    {
        var (metric, m0) = await PutDistribution();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            new[] { "SampleCount", "Sum", "Minimum", "Maximum", "Average" }.Select((stat, i) => Stat($"q{i}", metric, 60, stat)).ToList(), m0, m0.AddMinutes(1)), None);

        Assert.Equal(new[] { 100, 394, 1, 4, 3.94 }, result.Results.Select(r => Assert.Single(r.Values)));
        Assert.All(result.Results, r => Assert.Equal(new[] { m0 }, r.Timestamps));
    }

    [ContractFact]
    public async Task PercentilesComeFromValuesWeightedByTheirCounts()
    {
        var (metric, m0) = await PutDistribution();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            new[] { "p1", "p2", "p3", "p50", "p99" }.Select((stat, i) => Stat($"q{i}", metric, 60, stat)).ToList(), m0, m0.AddMinutes(1)), None);

        Assert.Equal(new[] { 1.0, 2, 3, 4, 4 }, result.Results.Select(r => Assert.Single(r.Values)));
    }

    [ContractFact]
    public async Task StatisticValuesComeBackExactly()
    {
        var (ns, m0) = await PutStatisticSets();
        var metric = new MetricIdentity(ns, "spread", Array.Empty<Dimension>());

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            new[] { "SampleCount", "Sum", "Minimum", "Maximum", "Average" }.Select((stat, i) => Stat($"q{i}", metric, 60, stat)).ToList(), m0, m0.AddMinutes(1)), None);

        Assert.Equal(new[] { 4.0, 40, 5, 15, 10 }, result.Results.Select(r => Assert.Single(r.Values)));
    }

    [ContractFact]
    public async Task StatisticValuesGiveNoPercentilesUnlessTheirValuesAreAllEqual()
    {
        var (ns, m0) = await PutStatisticSets();

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("spread", new MetricIdentity(ns, "spread", Array.Empty<Dimension>()), 60, "p50"),
            Stat("flat", new MetricIdentity(ns, "flat", Array.Empty<Dimension>()), 60, "p90"),
        }, m0, m0.AddMinutes(1)), None);

        Assert.Empty(result.Results.Single(r => r.Id == "spread").Values);
        Assert.Equal(new[] { 7.0 }, result.Results.Single(r => r.Id == "flat").Values);
    }

    [ContractFact]
    public async Task HighResolutionDataIsReadPerSecondAndStandardDataPerMinute()
    {
        var ns = Unique("Contract/HighRes");
        var m0 = Floor(Now.AddMinutes(-10), 60);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { 1, 2, 3 }.SelectMany(s => new[]
        {
            new MetricDatum("fast") { Timestamp = m0.AddSeconds(s).AddMilliseconds(250), Value = s, StorageResolution = 1 },
            new MetricDatum("slow") { Timestamp = m0.AddSeconds(s).AddMilliseconds(250), Value = s, StorageResolution = 60 },
        }).ToList()), None);
        MetricIdentity M(string name) => new(ns, name, Array.Empty<Dimension>());

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("fast1", M("fast"), 1, "Sum"), Stat("slow1", M("slow"), 1, "Sum"), Stat("fast10", M("fast"), 10, "Sum"), Stat("fast60", M("fast"), 60, "SampleCount"),
        }, m0, m0.AddMinutes(1)), None);

        var fast = result.Results.Single(r => r.Id == "fast1");
        Assert.Equal(new[] { m0.AddSeconds(1), m0.AddSeconds(2), m0.AddSeconds(3) }, fast.Timestamps);
        Assert.Equal(new[] { 1.0, 2, 3 }, fast.Values);
        var slow = result.Results.Single(r => r.Id == "slow1");
        Assert.Equal(new[] { m0 }, slow.Timestamps);
        Assert.Equal(new[] { 6.0 }, slow.Values);
        Assert.Equal(new[] { 6.0 }, result.Results.Single(r => r.Id == "fast10").Values);
        Assert.Equal(new[] { 3.0 }, result.Results.Single(r => r.Id == "fast60").Values);
    }

    [ContractFact]
    public async Task PeriodsUnderAMinuteReadOnlyTheLastThreeHours()
    {
        var ns = Unique("Contract/Retention");
        var old = Floor(Now.AddHours(-4), 60);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("fast") { Timestamp = old.AddSeconds(5), Value = 1, StorageResolution = 1 },
        }), None);
        var metric = new MetricIdentity(ns, "fast", Array.Empty<Dimension>());

        var result = await MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Stat("second", metric, 1, "Sum"), Stat("minute", metric, 60, "Sum"),
        }, old, old.AddMinutes(1)), None);

        Assert.Empty(result.Results.Single(r => r.Id == "second").Values);
        Assert.Equal(new[] { old }, result.Results.Single(r => r.Id == "minute").Timestamps);
    }

    /// <summary>
    /// Puts latency (Milliseconds) at m0 (whole 5 minutes, some minutes ago): 10 at m0, 20 once and 30 twice at m0+20 s;
    /// pre-aggregated 4 samples (sum 40, 5..15) at m0+1 min; 7 at m0+3 min.
    /// </summary>
    private async Task<(MetricIdentity Metric, DateTime M0)> PutLatency()
    {
        var ns = Unique("Contract/Data");
        var m0 = Floor(Now.AddMinutes(-15), 300);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("latency") { Dimensions = Dims, Timestamp = m0, Value = 10, Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = Dims, Timestamp = m0.AddSeconds(20), Values = new[] { 20.0, 30.0 }, Counts = new[] { 1.0, 2.0 }, Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = new[] { Dims[1], Dims[0] }, Timestamp = m0.AddMinutes(1), StatisticValues = new StatisticValues(4, 40, 5, 15), Unit = "Milliseconds" },
            new MetricDatum("latency") { Dimensions = Dims, Timestamp = m0.AddMinutes(3), Value = 7, Unit = "Milliseconds" },
        }), None);
        return (new MetricIdentity(ns, "latency", Dims), m0);
    }

    /// <summary>Puts Values 1, 2, 3, 4 with Counts 1, 1, 1, 97 at m0 (a whole minute, some minutes ago).</summary>
    private async Task<(MetricIdentity Metric, DateTime M0)> PutDistribution()
    {
        var ns = Unique("Contract/Dist");
        var m0 = Floor(Now.AddMinutes(-15), 60);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("dist") { Timestamp = m0, Values = new[] { 1.0, 2, 3, 4 }, Counts = new[] { 1.0, 1, 1, 97 }, Unit = "Count" },
        }), None);
        return (new MetricIdentity(ns, "dist", Array.Empty<Dimension>()), m0);
    }

    /// <summary>Puts the statistic sets "spread" (4 samples, sum 40, 5..15) and "flat" (5 samples of 7) at m0.</summary>
    private async Task<(string Namespace, DateTime M0)> PutStatisticSets()
    {
        var ns = Unique("Contract/StatSet");
        var m0 = Floor(Now.AddMinutes(-15), 60);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("spread") { Timestamp = m0, StatisticValues = new StatisticValues(4, 40, 5, 15) },
            new MetricDatum("flat") { Timestamp = m0, StatisticValues = new StatisticValues(5, 35, 7, 7) },
        }), None);
        return (ns, m0);
    }

    private static MetricDataQuery Stat(string id, MetricIdentity metric, int period, string stat) =>
        new(id) { MetricStat = new MetricStat(metric, period, stat) };
}
