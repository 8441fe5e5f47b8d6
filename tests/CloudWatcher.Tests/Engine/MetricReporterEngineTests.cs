using System.Text.Json;
using CloudWatcher.Metrics.Emf;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;
using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// The reporter's engine without a runspace or a network: the aggregator's entry bound, the reporter's pending limit
/// (memory stays bounded however much is recorded; what is dropped is counted), failed sends kept for the next flush,
/// the counters' invariant Recorded = Sent + Pending + Refused + Dropped, the stop flush; and the EMF formatter's
/// splitting on every limit of the specification.
/// </summary>
public sealed class MetricReporterEngineTests
{
    private static readonly DateTime Now = Minute(DateTime.UtcNow.AddMinutes(-5));

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);

    private static MetricSeriesKey Series(string name = "latency", string ns = "App", string? unit = "Milliseconds", params Dimension[] dims) =>
        MetricSeriesKey.Create(ns, name, dims, unit, false);

    [Fact]
    public void TheAggregatorTakesNoNewEntryBeyondItsBoundButAlwaysAValueItHolds()
    {
        var aggregator = new MetricAggregator(MetricAggregation.Values);
        var s = Series();

        Assert.True(aggregator.TryAdd(s, Now, 1, 1, 3));
        Assert.True(aggregator.TryAdd(s, Now, 2, 1, 3));
        Assert.True(aggregator.TryAdd(s, Now, 3, 1, 3));
        Assert.False(aggregator.TryAdd(s, Now, 4, 1, 3));
        Assert.False(aggregator.TryAdd(Series("other"), Now, 1, 1, 3));
        Assert.True(aggregator.TryAdd(s, Now, 2, 1, 3));

        Assert.Equal(3, aggregator.PendingEntries);
        Assert.Equal(4, aggregator.PendingValues);
        var datum = Assert.Single(aggregator.Drain());
        Assert.Equal(new[] { 1.0, 2, 3 }, datum.Datum.Values);
        Assert.Equal(new[] { 1.0, 2, 1 }, datum.Datum.Counts);
        Assert.Equal(0, aggregator.PendingEntries);
    }

    [Fact]
    public void AStatisticSetIsOneEntryHoweverManyValuesItTakes()
    {
        var aggregator = new MetricAggregator(MetricAggregation.StatisticSet);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(aggregator.TryAdd(Series(), Now, i, 1, 1));
        }
        Assert.Equal(1, aggregator.PendingEntries);
        var stats = Assert.Single(aggregator.Drain()).Datum.StatisticValues!;
        Assert.Equal((10_000.0, 0.0, 9_999.0), (stats.SampleCount, stats.Minimum, stats.Maximum));
    }

    [Fact]
    public async Task MemoryStaysWithinThePendingLimitHoweverMuchIsRecordedAndEveryValueIsAccountedFor()
    {
        var output = new FakeOutput { Fail = true };
        await using var reporter = NewReporter(output, limit: 1_000);
        var s = Series();

        for (var i = 0; i < 100_000; i++)
        {
            reporter.Record(s, Now, new[] { (double)i });
        }
        Assert.True(reporter.Pending <= 1_000);
        await reporter.FlushAsync(CancellationToken.None); // fails: kept for the next flush
        for (var i = 0; i < 5_000; i++)
        {
            reporter.Record(s, Now.AddMinutes(1), new[] { (double)i });
        }

        Assert.Equal(105_000, reporter.Recorded);
        Assert.True(reporter.Pending <= 1_000, $"pending {reporter.Pending}");
        Assert.True(reporter.Failed >= 1_000);
        Assert.Equal(reporter.Recorded, reporter.Sent + reporter.Pending + reporter.Refused + reporter.Dropped);
        var notices = reporter.TakeNotices();
        Assert.Contains(notices, n => n.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("kept for the next flush", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedFlushKeepsItsDataAndTheNextOneSendsItOldestFirst()
    {
        var output = new FakeOutput { Fail = true };
        await using var reporter = NewReporter(output);
        reporter.Record(Series(), Now, new[] { 1.0, 2, 2 });
        await reporter.FlushAsync(CancellationToken.None);
        Assert.Equal((0L, 3L, 3L), (reporter.Sent, reporter.Pending, reporter.Failed));
        Assert.Equal("refused on purpose", reporter.LastError);

        output.Fail = false;
        reporter.Record(Series(), Now.AddMinutes(1), new[] { 9.0 });
        await reporter.FlushAsync(CancellationToken.None);

        Assert.Equal((4L, 0L, 3L, 0L), (reporter.Sent, reporter.Pending, reporter.Failed, reporter.Dropped));
        var sent = output.Sent.Last();
        Assert.Equal(Now, sent[0].Datum.Timestamp);
        Assert.Equal(Now.AddMinutes(1), sent[1].Datum.Timestamp);
        Assert.Equal(2, reporter.Flushes);
    }

    [Fact]
    public async Task StoppingFlushesOnceThenRefusesValues()
    {
        var output = new FakeOutput();
        var reporter = NewReporter(output);
        reporter.Start();
        reporter.Record(Series(), Now, new[] { 1.0, 2, 3 });

        var summary = await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, summary.ValuesLost);
        Assert.Equal((3L, 0L, MetricReporterState.Stopped), (reporter.Sent, reporter.Pending, reporter.State));
        Assert.Null(reporter.NextFlush);
        var ex = Assert.Throws<CloudWatcherException>(() => reporter.Record(Series(), Now, new[] { 1.0 }));
        Assert.Equal("MetricReporterStopped", ex.ErrorId);
        await reporter.DisposeAsync();
    }

    [Fact]
    public async Task StoppingWhileSendsFailCountsWhatIsLeftAsDropped()
    {
        var output = new FakeOutput { Fail = true };
        var reporter = NewReporter(output);
        reporter.Record(Series(), Now, new[] { 1.0, 2 });

        var summary = await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, summary.ValuesLost);
        Assert.Equal((2L, 0L, 0L, 2L), (reporter.Recorded, reporter.Sent, reporter.Pending, reporter.Dropped));
        await reporter.DisposeAsync();
    }

    [Fact]
    public async Task MetaMetricsOfAFlushAreSentWithTheNext()
    {
        var output = new FakeOutput();
        await using var reporter = NewReporter(output, meta: true);
        reporter.Record(Series(), Now, new[] { 1.0 });
        await reporter.FlushAsync(CancellationToken.None);
        await reporter.FlushAsync(CancellationToken.None);

        var names = output.Sent.Last().Select(d => d.Series.MetricName).ToList();
        Assert.Equal(ReporterMetaMetrics.Names.OrderBy(n => n), names.OrderBy(n => n));
        Assert.All(output.Sent.Last(), d => Assert.Contains(d.Series.Dimensions, x => x.Name == "Reporter" && x.Value == "test"));
    }

    [Fact]
    public async Task TheLastFlushOfAStopLeavesNothingBehindWithMetaAndProcessMetrics()
    {
        var output = new FakeOutput();
        var reporter = new Reporter(1, new ReporterOptions("test", "App") { MetaMetrics = true, ProcessMetrics = true, Interval = TimeSpan.FromHours(1) }, output);
        reporter.Record(Series(), Now, new[] { 1.0 });
        await reporter.FlushAsync(CancellationToken.None);

        var summary = await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, summary.ValuesLost);
        Assert.Equal(0, reporter.Dropped);
        Assert.Contains(output.Sent.Last(), d => d.Series.MetricName == ReporterMetaMetrics.Sends);
        Assert.Contains(output.Sent.Last(), d => d.Series.MetricName == "Process.WorkingSet");
        Assert.Equal(reporter.Recorded, reporter.Sent);
        await reporter.DisposeAsync();
    }

    [Fact]
    public async Task ValuesBeingSentStillCountAsPendingSoTheCountersAddUpDuringASend()
    {
        var output = new FakeOutput { Gate = new TaskCompletionSource() };
        await using var reporter = NewReporter(output);
        reporter.Record(Series(), Now, new[] { 1.0, 2, 3 });

        var flush = reporter.FlushAsync(CancellationToken.None);
        await output.Entered.Task;
        Assert.Equal((0L, 3L), (reporter.Sent, reporter.Pending));
        output.Gate.SetResult();
        await flush;

        Assert.Equal((3L, 0L), (reporter.Sent, reporter.Pending));
    }

    [Fact]
    public async Task ValuesCloudWatchWouldRefuseAreRejectedAtOnceAndNotRecorded()
    {
        await using var reporter = NewReporter(new FakeOutput());
        var rejected = reporter.Record(Series(), Now, new[] { 1.0, double.NaN, double.PositiveInfinity });
        Assert.Equal(2, rejected.Count);
        Assert.Equal(1, reporter.Recorded);
    }

    [Fact]
    public void ReporterDimensionsComeBetweenTheMetricsAndTheGlobalOnes()
    {
        var defaults = DimensionDefaults.FromEnvironment(false, name => name == "CLOUDWATCHER_DIMENSIONS" ? "Stage=global,Region=eu,Team=global" : null, "box");
        using var reporter = new Reporter(1, new ReporterOptions("test", "App") { Defaults = defaults, Dimensions = new[] { new Dimension("Team", "reporter"), new Dimension("Stage", "reporter") } }, new FakeOutput());
        var series = reporter.Series(null, "M", new[] { new Dimension("Stage", "metric") }, null, false);
        Assert.Equal(new[] { "Host=box", "Region=eu", "Stage=metric", "Team=reporter" }, series.Dimensions.Select(d => $"{d.Name}={d.Value}").OrderBy(x => x));
    }

    [Fact]
    public void EmfSplits250MetricsInto3DirectivesOf100100And50()
    {
        var data = Enumerable.Range(1, 250).Select(i => Datum(Series($"M{i}"), i)).ToList();

        var batch = EmfFormatter.Format(data);

        Assert.Empty(batch.Rejected);
        Assert.Equal(new[] { 100, 100, 50 }, batch.Events.Select(e => Directive(e.Json).GetProperty("Metrics").GetArrayLength()));
        Assert.Equal(250, batch.Events.Sum(e => e.Values));
        var first = JsonDocument.Parse(batch.Events[0].Json).RootElement;
        Assert.Equal(1.0, first.GetProperty("M1").GetDouble());
        Assert.Equal(new DateTimeOffset(Now).ToUnixTimeMilliseconds(), first.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
    }

    [Fact]
    public void EmfSplitsAMetricOfMoreThan100ValuesAndWritesAValueSeenNTimesNTimes()
    {
        var s = Series();
        var values = Enumerable.Range(1, 240).Select(i => (double)i).ToList();
        var data = new List<PendingDatum>
        {
            new(s, MetricAggregator.Datum(s, Now) with { Values = values, Counts = values.Select(v => v == 1 ? 11.0 : 1.0).ToList() }, 250),
        };

        var batch = EmfFormatter.Format(data);

        var lengths = batch.Events.Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("latency").GetArrayLength()).ToList();
        Assert.Equal(new[] { 100, 100, 50 }, lengths);
        var all = batch.Events.SelectMany(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("latency").EnumerateArray().Select(v => v.GetDouble())).ToList();
        Assert.Equal(11, all.Count(v => v == 1));
        Assert.Equal(values.Sum() + 10, all.Sum());
    }

    [Fact]
    public void EmfTakes30DimensionKeysInOneSetWithTheirValuesAsMembers()
    {
        var dims = Enumerable.Range(1, 30).Select(i => new Dimension($"D{i}", $"v{i}")).ToArray();
        var batch = EmfFormatter.Format(new[] { Datum(Series("M", dims: dims), 1) });

        var e = Assert.Single(batch.Events);
        var set = Directive(e.Json).GetProperty("Dimensions")[0];
        Assert.Equal(30, set.GetArrayLength());
        var root = JsonDocument.Parse(e.Json).RootElement;
        Assert.All(dims, d => Assert.Equal(d.Value, root.GetProperty(d.Name).GetString()));
        // A 31st dimension is refused before it reaches EMF, as PutMetricData refuses it.
        Assert.Throws<CloudWatcherException>(() => Series("M", dims: dims.Append(new Dimension("D31", "v")).ToArray()));
    }

    [Fact]
    public void EmfKeepsEveryEventWithinTheSizeAndLosesNoValue()
    {
        var data = Enumerable.Range(1, 300).Select(i => Datum(Series($"metric-with-a-long-name-{i:D4}"), i * 1.000001)).ToList();

        var batch = EmfFormatter.Format(data, maxEventBytes: 4_000);

        Assert.True(batch.Events.Count > 3);
        Assert.All(batch.Events, e => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(e.Json), 1, 4_000));
        Assert.Equal(300, batch.Events.Sum(e => e.Values));
    }

    [Fact]
    public void EmfPutsTheSameNameWithAnotherUnitInAnotherEventAndRefusesStatisticSets()
    {
        var s = Series();
        var data = new List<PendingDatum>
        {
            Datum(Series("M", unit: "Seconds"), 1),
            Datum(Series("M", unit: "Milliseconds"), 1000),
            new(s, MetricAggregator.Datum(s, Now) with { StatisticValues = new StatisticValues(2, 3, 1, 2) }, 2),
        };

        var batch = EmfFormatter.Format(data);

        Assert.Equal(2, batch.Events.Count);
        Assert.Single(batch.Rejected);
    }

    private static JsonElement Directive(string json) => JsonDocument.Parse(json).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

    private static PendingDatum Datum(MetricSeriesKey series, double value) => new(series, MetricAggregator.Datum(series, Now) with { Value = value }, 1);

    private static Reporter NewReporter(IReporterOutput output, int limit = 100_000, bool meta = false) =>
        new(1, new ReporterOptions("test", "App") { PendingLimit = limit, MetaMetrics = meta, Interval = TimeSpan.FromHours(1) }, output);

    /// <summary>An output that keeps what it was given, or fails every send while <see cref="Fail"/>.</summary>
    private sealed class FakeOutput : IReporterOutput
    {
        public bool Fail { get; set; }

        public List<IReadOnlyList<PendingDatum>> Sent { get; } = new();

        public MetricFormat Format => MetricFormat.PutMetricData;

        public string Destination => "fake";

        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            if (Gate is not null)
            {
                await Gate.Task;
            }
            return Send(data);
        }

        private ReporterSendResult Send(IReadOnlyList<PendingDatum> data)
        {
            var result = new ReporterSendResult { Sends = 1 };
            if (Fail)
            {
                result.FailedSends = 1;
                result.NotSent(data, new CloudWatcherException("Refused", ErrorKind.Unavailable, "refused on purpose"));
                return result;
            }
            Sent.Add(data.ToList());
            result.Calls = 1;
            result.DatumsSent = data.Count;
            result.ValuesSent = data.Sum(d => d.Values);
            return result;
        }

        public Task<string?> CloseAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
