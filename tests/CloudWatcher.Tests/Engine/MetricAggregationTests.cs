using CloudWatcher.Aws.Metrics;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>The aggregator, the payload bound and the batcher: datums from values, and calls from datums.</summary>
public sealed class MetricAggregationTests
{
    private static readonly DateTime T0 = new(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc);

    private static MetricSeriesKey Series(string name = "latency", bool high = false, string ns = "App", params Dimension[] dims) =>
        MetricSeriesKey.Create(ns, name, dims, "Milliseconds", high);

    [Fact]
    public void ValuesKeepsEachDistinctValueWithItsCountPerMinute()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var s = Series();
        foreach (var (second, value) in new[] { (1, 5.0), (10, 5.0), (20, 7.0), (59, 5.0), (61, 9.0) })
        {
            aggregator.Add(s, T0.AddSeconds(second), value);
        }

        var datums = aggregator.Drain();

        Assert.Equal(2, datums.Count);
        Assert.Equal(T0, datums[0].Datum.Timestamp);
        Assert.Equal(new[] { 5.0, 7.0 }, datums[0].Datum.Values);
        Assert.Equal(new[] { 3.0, 1.0 }, datums[0].Datum.Counts);
        Assert.Equal(4, datums[0].Values);
        Assert.Equal(T0.AddMinutes(1), datums[1].Datum.Timestamp);
        Assert.Equal(9.0, datums[1].Datum.Value); // one value seen once: a plain Value
        Assert.Null(datums[1].Datum.Values);
        Assert.Equal("Milliseconds", datums[0].Datum.Unit);
        Assert.Null(datums[0].Datum.StorageResolution);
        Assert.Equal(0, aggregator.PendingValues);
        Assert.Empty(aggregator.Drain());
    }

    [Fact]
    public void MoreThan150DistinctValuesAreSplitIntoDatumsOfAtMost150()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var s = Series();
        for (var i = 0; i < 1000; i++)
        {
            aggregator.Add(s, T0, i % 400);
        }

        var datums = aggregator.Drain();

        Assert.Equal(new[] { 150, 150, 100 }, datums.Select(d => d.Datum.Values!.Count));
        Assert.All(datums, d => Assert.Equal(T0, d.Datum.Timestamp));
        Assert.Equal(1000, datums.Sum(d => d.Values));
        Assert.Equal(1000, datums.Sum(d => d.Datum.Counts!.Sum()));
        Assert.Equal(Enumerable.Range(0, 400).Select(v => (double)v), datums.SelectMany(d => d.Datum.Values!));
    }

    [Fact]
    public void CountsOfOneAreLeftOutAsTheServiceAssumesThem()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        aggregator.Add(Series(), T0, 1);
        aggregator.Add(Series(), T0, 2);
        var datum = Assert.Single(aggregator.Drain()).Datum;
        Assert.Equal(new[] { 1.0, 2.0 }, datum.Values);
        Assert.Null(datum.Counts);
    }

    [Fact]
    public void HighResolutionBucketsAreSecondsAndCarryStorageResolution1()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var s = Series(high: true);
        aggregator.Add(s, T0.AddMilliseconds(100), 1);
        aggregator.Add(s, T0.AddMilliseconds(900), 2);
        aggregator.Add(s, T0.AddSeconds(1.5), 3);

        var datums = aggregator.Drain();

        Assert.Equal(new DateTime?[] { T0, T0.AddSeconds(1) }, datums.Select(d => d.Datum.Timestamp));
        Assert.All(datums, d => Assert.Equal(1, d.Datum.StorageResolution));
    }

    [Fact]
    public void StatisticSetKeepsSampleCountSumMinimumAndMaximum()
    {
        var aggregator = new MetricAggregator(MetricAggregation.StatisticSet);
        var s = Series();
        foreach (var v in new[] { 4.0, -2.0, 10.0, 4.0 })
        {
            aggregator.Add(s, T0.AddSeconds(30), v);
        }
        aggregator.Add(s, T0.AddSeconds(30), 1, count: 6);

        var datum = Assert.Single(aggregator.Drain());

        Assert.Equal(new StatisticValues(10, 22, -2, 10), datum.Datum.StatisticValues);
        Assert.Equal(T0, datum.Datum.Timestamp);
        Assert.Equal(10, datum.Values);
        Assert.Null(datum.Datum.Value);
        Assert.Null(datum.Datum.Values);
    }

    [Fact]
    public void NoneKeepsEveryValueAtItsOwnTime()
    {
        var aggregator = new MetricAggregator(MetricAggregation.None);
        var s = Series();
        aggregator.Add(s, T0.AddMilliseconds(1234), 5);
        aggregator.Add(s, T0.AddMilliseconds(1234), 5);
        aggregator.Add(s, T0.AddSeconds(7), 6);

        var datums = aggregator.Drain();

        Assert.Equal(new double?[] { 5, 5, 6 }, datums.Select(d => d.Datum.Value));
        Assert.Equal(new DateTime?[] { T0.AddMilliseconds(1234), T0.AddMilliseconds(1234), T0.AddSeconds(7) }, datums.Select(d => d.Datum.Timestamp));
    }

    [Fact]
    public void SeriesAreTheirDimensionSetsInAnyOrder()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        aggregator.Add(Series("m", dims: new[] { new Dimension("A", "1"), new Dimension("B", "2") }), T0, 1);
        aggregator.Add(Series("m", dims: new[] { new Dimension("B", "2"), new Dimension("A", "1") }), T0, 1);
        aggregator.Add(Series("m", dims: new[] { new Dimension("A", "1") }), T0, 1);

        var datums = aggregator.Drain();

        Assert.Equal(2, datums.Count);
        Assert.Equal(new[] { 1.0 }, datums[0].Datum.Values);
        Assert.Equal(new[] { 2.0 }, datums[0].Datum.Counts);
    }

    [Fact]
    public void TheAggregatorTakesValuesFromManyThreads()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var s = Series();
        Parallel.For(0, 8, t =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                aggregator.Add(s, T0, i % 10);
            }
        });
        Assert.Equal(80_000, aggregator.PendingValues);
        Assert.Equal(10, aggregator.PendingEntries);
        Assert.Equal(80_000, aggregator.Drain().Sum(d => d.Datum.Counts!.Sum()));
    }

    [Theory]
    [InlineData("plain", "web-1")]
    [InlineData("needs <escaping> & \"quotes\"", "a+b'c\\d")]
    [InlineData("unicodé ✓", "/path/with:colon")]
    public void ThePayloadBoundIsNeverBelowTheGeneratedWritersSize(string name, string value)
    {
        var dims = Enumerable.Range(0, 30).Select(i => new Dimension($"D{i}", value + i)).ToList();
        var extreme = new[] { double.MaxValue, -double.Epsilon, -1.2345678901234567E-300, 0.1, 123456789.123456789 };
        var datums = new[]
        {
            new MetricDatum(name) { Value = -1.2345678901234567E-308 },
            new MetricDatum(name) { Dimensions = dims, Timestamp = T0.AddMilliseconds(123), Value = double.MinValue, Unit = "Bytes/Second", StorageResolution = 1 },
            new MetricDatum(name) { Dimensions = dims, Timestamp = T0, Values = Enumerable.Range(0, 150).Select(i => extreme[i % 5] * (i + 1)).ToList(), Counts = Enumerable.Range(0, 150).Select(i => i + 0.5).ToList() },
            new MetricDatum(name) { Timestamp = T0, StatisticValues = new StatisticValues(1e9, -1.7976931348623157E+308, -1.7976931348623157E+308, 1.7976931348623157E+308) },
        };
        foreach (var datum in datums)
        {
            var one = CloudWatchApi.JsonBytes(new PutMetricDataRequest(name, new[] { datum }));
            var bound = PayloadSize.EnvelopeBound(name) + PayloadSize.DatumBound(datum);
            Assert.True(bound >= one, $"bound {bound} < real {one}");
        }
        var all = CloudWatchApi.JsonBytes(new PutMetricDataRequest(name, datums));
        Assert.True(PayloadSize.EnvelopeBound(name) + datums.Sum(PayloadSize.DatumBound) >= all);
    }

    [Fact]
    public void ThePayloadBoundIsCloseForOrdinaryDatums()
    {
        var s = Series("request_latency", dims: new[] { new Dimension("Service", "checkout"), new Dimension("Host", "ip-10-0-1-23") });
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            aggregator.Add(s, T0.AddSeconds(i % 3600), Math.Round(random.NextDouble() * 500, 1));
        }
        var datums = aggregator.Drain();
        var real = CloudWatchApi.JsonBytes(new PutMetricDataRequest("App", datums.Select(d => d.Datum).ToList()));
        var bound = PayloadSize.EnvelopeBound("App") + datums.Sum(d => PayloadSize.DatumBound(d.Datum));
        Assert.InRange(bound, real, real * 1.1);
    }

    [Fact]
    public void BatchesHoldAtMost1000DatumsAndAreTheFewestForTheCount()
    {
        var s = Series();
        var datums = Enumerable.Range(0, 2500).Select(i => new PendingDatum(s, new MetricDatum("latency") { Value = i }, 1)).ToList();

        var batches = MetricBatcher.Cut(datums);

        Assert.Equal(new[] { 1000, 1000, 500 }, batches.Select(b => b.Data.Count));
        Assert.Equal(MetricBatcher.LowerBound(datums), batches.Count);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (double?)i), batches.SelectMany(b => b.Data).Select(d => d.Datum.Value));
    }

    [Fact]
    public void BatchesStayUnderTheSizeLimitInTheFewestCalls()
    {
        var s = Series(dims: new[] { new Dimension("Service", "checkout") });
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        for (var minute = 0; minute < 900; minute++)
        {
            for (var v = 0; v < 150; v++)
            {
                aggregator.Add(s, T0.AddMinutes(-minute), 1000.123456789 + v);
            }
        }
        var datums = aggregator.Drain();

        var batches = MetricBatcher.Cut(datums);

        Assert.True(batches.Count > 1);
        Assert.Equal(MetricBatcher.LowerBound(datums), batches.Count);
        Assert.All(batches, b => Assert.True(CloudWatchApi.JsonBytes(b.ToRequest()) <= PutMetricDataLimits.MaxRequestBytes, $"{CloudWatchApi.JsonBytes(b.ToRequest())} bytes"));
        Assert.All(batches, b => Assert.True(b.Bytes <= PutMetricDataLimits.MaxRequestBytes));
        Assert.Equal(900, batches.Sum(b => b.Data.Count));
    }

    [Fact]
    public void WhenTakingDatumsInOrderNeedsMoreCallsFirstFitDecreasingIsUsed()
    {
        // Sizes c+120, c+100, c+100, c+80 with room for 2c+200 a call: in order they need three calls
        // ([120], [100, 100], [80]); by decreasing size two ([120, 80], [100, 100]), the lower bound.
        var s = Series();
        MetricDatum Sized(int values) => new("latency") { Values = Enumerable.Repeat(1.0, values).ToList() };
        var datums = new[] { 60, 50, 50, 40 }.Select(n => new PendingDatum(s, Sized(n), n)).ToList();
        var budget = PayloadSize.EnvelopeBound("App") + PayloadSize.DatumBound(Sized(60)) + PayloadSize.DatumBound(Sized(40));

        var batches = MetricBatcher.Cut(datums, maxBytes: budget);

        Assert.Equal(2, MetricBatcher.LowerBound(datums, maxBytes: budget));
        Assert.Equal(new[] { new long[] { 60, 40 }, new long[] { 50, 50 } }, batches.Select(b => b.Data.Select(d => d.Values).ToArray()));
        Assert.All(batches, b => Assert.True(b.Bytes <= budget));
    }

    [Fact]
    public void EachNamespaceHasCallsOfItsOwn()
    {
        var datums = new[] { "A", "B", "A" }.Select(ns => new PendingDatum(Series(ns: ns), new MetricDatum("latency") { Value = 1 }, 1)).ToList();
        var batches = MetricBatcher.Cut(datums);
        Assert.Equal(new[] { "A", "B" }, batches.Select(b => b.Namespace));
        Assert.Equal(new[] { 2, 1 }, batches.Select(b => b.Data.Count));
    }
}
