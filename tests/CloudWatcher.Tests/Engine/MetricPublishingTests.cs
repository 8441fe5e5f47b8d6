using CloudWatcher.Diagnostics;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

/// <summary>Default dimensions, value checks, the writer and the publisher (with the fake): what is sent, refused, retried or kept.</summary>
public sealed class MetricPublishingTests
{
    private static readonly PublishRetryPolicy Quick = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void GlobalDimensionsComeFromTheEnvironmentAndHostIsAddedUnlessLeftOut()
    {
        var defaults = DimensionDefaults.FromEnvironment(false, Env(("CLOUDWATCHER_DIMENSIONS", " Service = api ,Stage=prod,")), "web-1");
        Assert.Equal(new[] { new Dimension("Service", "api"), new Dimension("Stage", "prod") }, defaults.Global);
        Assert.Equal("web-1", defaults.Host);
        Assert.Null(DimensionDefaults.FromEnvironment(true, Env(), "web-1").Host);
        Assert.Null(DimensionDefaults.FromEnvironment(false, Env(("CLOUDWATCHER_NO_HOST_DIMENSION", "1")), "web-1").Host);
        Assert.Null(DimensionDefaults.FromEnvironment(false, Env(("CLOUDWATCHER_NO_HOST_DIMENSION", "True")), "web-1").Host);
        Assert.Equal("web-1", DimensionDefaults.FromEnvironment(false, Env(("CLOUDWATCHER_NO_HOST_DIMENSION", "0")), "web-1").Host);
    }

    [Theory]
    [InlineData("Service")]
    [InlineData("Service=api,=x")]
    [InlineData("Service=")]
    [InlineData("A=1,A=2")]
    public void AMalformedGlobalVariableIsAConfigurationError(string text)
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() => DimensionDefaults.FromEnvironment(false, Env(("CLOUDWATCHER_DIMENSIONS", text)), "h"));
        Assert.Equal("InvalidGlobalDimensions", ex.ErrorId);
        Assert.Contains("Name=Value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricDimensionsWinOverReporterOnesWhichWinOverGlobalOnesWhichWinOverHost()
    {
        var defaults = new DimensionDefaults(new[] { new Dimension("Stage", "prod"), new Dimension("Service", "global"), new Dimension("Zone", "a") }, "web-1");
        var merged = defaults.Merge(
            new[] { new Dimension("Service", "metric") },
            new[] { new Dimension("Service", "reporter"), new Dimension("Stage", "reporter"), new Dimension("Host", "reporter-host") });
        Assert.Equal(new[] { "Service=metric", "Stage=reporter", "Host=reporter-host", "Zone=a" }, merged.Select(d => d.ToString()));
        Assert.Equal(new[] { "Zone=a", "Host=web-1" }, new DimensionDefaults(new[] { new Dimension("Zone", "a") }, "web-1").Merge(Array.Empty<Dimension>()).Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("AWS/EC2", "m", "InvalidNamespace")]
    [InlineData(":ns", "m", "InvalidNamespace")]
    [InlineData("App", "", "InvalidMetric")]
    public void ASeriesCloudWatchWouldRefuseIsRefusedOnce(string ns, string name, string errorId)
    {
        var ex = Assert.ThrowsAny<CloudWatcherException>(() => MetricSeriesKey.Create(ns, name, Array.Empty<Dimension>(), null, false));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public void DimensionsAreCheckedForCountValuesAndDuplicates()
    {
        Assert.Equal("InvalidDimension", Assert.Throws<CloudWatcherException>(() =>
            MetricSeriesKey.Create("App", "m", Enumerable.Range(0, 31).Select(i => new Dimension($"D{i}", "v")).ToList(), null, false)).ErrorId);
        MetricSeriesKey.Create("App", "m", Enumerable.Range(0, 30).Select(i => new Dimension($"D{i}", "v")).ToList(), null, false);
        Assert.Contains("no value", Assert.Throws<CloudWatcherException>(() => MetricSeriesKey.Create("App", "m", new[] { new Dimension("Host", null) }, null, false)).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<CloudWatcherException>(() => MetricSeriesKey.Create("App", "m", new[] { new Dimension("A", "1"), new Dimension("A", "2") }, null, false)).Message, StringComparison.Ordinal);
        Assert.Equal("InvalidDimension", Assert.Throws<CloudWatcherException>(() => MetricSeriesKey.Create("App", "m", new[] { new Dimension("A", "caf\u00e9") }, null, false)).ErrorId);
    }

    [Fact]
    public void UnitsAreMatchedCaseInsensitivelyToCloudWatchsSpelling()
    {
        Assert.Equal("Bytes/Second", MetricSeriesKey.Create("App", "m", Array.Empty<Dimension>(), "bytes/second", false).Unit);
        Assert.Null(MetricSeriesKey.Create("App", "m", Array.Empty<Dimension>(), " ", false).Unit);
        var ex = Assert.Throws<CloudWatcherException>(() => MetricSeriesKey.Create("App", "m", Array.Empty<Dimension>(), "ms", false));
        Assert.Equal("InvalidUnit", ex.ErrorId);
        Assert.Contains("Milliseconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWriterRefusesValuesOneByOneAndKeepsTheRest()
    {
        var now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var writer = new MetricWriter(MetricAggregation.Values, DimensionDefaults.None, () => now);
        var s = writer.Series("App", "m", Array.Empty<Dimension>(), null, false);

        var refused = writer.Add(s, null, new[] { 1, double.NaN, double.PositiveInfinity, Math.Pow(2, 361), -Math.Pow(2, 360), 2 })
            .Concat(writer.Add(s, now.AddDays(-15), new[] { 3.0 }))
            .Concat(writer.Add(s, now.AddHours(3), new[] { 4.0 }))
            .Concat(writer.Add(s, now.AddDays(-13), new[] { 5.0 }))
            .ToList();

        Assert.Equal(new[] { "MetricValueInvalid", "MetricValueInvalid", "MetricValueInvalid", "MetricTimestampOutOfRange", "MetricTimestampOutOfRange" }, refused.Select(r => r.ErrorId));
        Assert.Equal(new[] { double.NaN, double.PositiveInfinity, Math.Pow(2, 361), 3, 4 }, refused.Select(r => r.Value.Value));
        Assert.Contains("two weeks", refused[3].Value.Reason, StringComparison.Ordinal);
        Assert.Contains("two hours", refused[4].Value.Reason, StringComparison.Ordinal);
        Assert.Equal(9, writer.ValuesTaken);
        Assert.Equal(5, writer.ValuesRejected);
        var plan = writer.Plan();
        Assert.Equal(4, plan.Values);
        Assert.Equal(1, plan.Calls);
    }

    [Fact]
    public void ATimeWithoutAKindIsLocalTime()
    {
        var local = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime(), MetricWriter.ToUtc(local));
        Assert.Equal(DateTimeKind.Utc, MetricWriter.ToUtc(local).Kind);
    }

    [Fact]
    public async Task PublishedValuesReadBackWithTheStatisticsWritten()
    {
        var api = new FakeCloudWatchApi();
        var now = DateTime.UtcNow;
        var writer = new MetricWriter(MetricAggregation.Values, DimensionDefaults.None);
        var s = writer.Series("App", "latency", new[] { new Dimension("Service", "api") }, "Milliseconds", false);
        var minute = MetricAggregator.BucketStart(now.AddMinutes(-3), false);
        writer.Add(s, minute.AddSeconds(5), Enumerable.Range(1, 1000).Select(v => (double)v));

        var outcome = await writer.Plan().PublishAsync(api, null, CancellationToken.None);

        Assert.Equal(1, outcome.Calls);
        Assert.Equal(1000, outcome.ValuesSent);
        var metric = new MetricIdentity("App", "latency", new[] { new Dimension("Service", "api") });
        var result = await api.GetMetricDataAsync(new GetMetricDataRequest(new[] { "SampleCount", "Sum", "Minimum", "Maximum", "p99" }
            .Select((stat, i) => new MetricDataQuery($"q{i}") { MetricStat = new MetricStat(metric, 60, stat) }).ToList(), minute, minute.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(new[] { 1000.0, 500500, 1, 1000, 990 }, result.Results.Select(r => Assert.Single(r.Values)));
    }

    [Fact]
    public async Task ThrottlingIsWaitedOutAndTriedAgain()
    {
        var failures = 2;
        var api = new FakeCloudWatchApi { FailPut = _ => failures-- > 0 ? Throttled() : null };
        var sink = new RecordingSink();

        var outcome = await new MetricPublisher(api, sink, Quick).PublishAsync(Plan(5).Batches);

        Assert.Equal(3, outcome.Calls);
        Assert.Equal(5, outcome.DatumsSent);
        Assert.Empty(outcome.Unsent);
        Assert.Equal(2, sink.VerboseMessages.Count(m => m.Contains("trying again", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ThrottlingBeyondTheAttemptsLeavesTheBatchUnsentAndTheNextIsStillSent()
    {
        var api = new FakeCloudWatchApi { FailPut = r => r.Data[0].MetricName == "m0" ? Throttled() : null };
        var writer = new MetricWriter(MetricAggregation.None, DimensionDefaults.None);
        writer.Add(writer.Series("A", "m0", Array.Empty<Dimension>(), null, false), null, new[] { 1.0 });
        writer.Add(writer.Series("B", "m1", Array.Empty<Dimension>(), null, false), null, new[] { 2.0 });

        var outcome = await new MetricPublisher(api, null, Quick).PublishAsync(writer.Plan().Batches);

        var unsent = Assert.Single(outcome.Unsent);
        Assert.Equal(ErrorKind.Throttled, unsent.Error.Kind);
        Assert.Equal("m0", Assert.Single(unsent.Data).Datum.MetricName);
        Assert.Equal(1, outcome.DatumsSent);
        Assert.Equal(4, outcome.Calls);
        Assert.Null(outcome.Fatal);
    }

    [Fact]
    public async Task ARefusedCallIsHalvedUntilTheDatumAtFaultStandsAloneAndTheRestIsSent()
    {
        var api = new FakeCloudWatchApi();
        var good = Enumerable.Range(0, 99).Select(i => new MetricDatum($"m{i}") { Value = i }).ToList();
        // A datum the fake refuses (a unit the service does not know), which the writer's checks would have caught.
        var bad = new MetricDatum("bad") { Value = 1, Unit = "Furlongs" };
        var key = MetricSeriesKey.Create("App", "m", Array.Empty<Dimension>(), null, false);
        var data = good.Take(40).Append(bad).Concat(good.Skip(40)).Select(d => new PendingDatum(key, d, 1)).ToList();

        var outcome = await new MetricPublisher(api, null, Quick).PublishAsync(MetricBatcher.Cut(data));

        var rejected = Assert.Single(outcome.Rejected);
        Assert.Same(bad, rejected.Datum.Datum);
        Assert.Equal(ErrorKind.InvalidInput, rejected.Error.Kind);
        Assert.Equal(99, outcome.DatumsSent);
        Assert.InRange(outcome.Calls, 3, 2 * 7 + 1); // log2(100) levels, two calls each at most
        Assert.Equal(99, (await api.ListMetricsAsync(new ListMetricsRequest { Namespace = "App" }, CancellationToken.None)).Metrics.Count);
    }

    [Fact]
    public async Task AccessDeniedStopsThePublishAndKeepsEverythingUnsent()
    {
        var api = new FakeCloudWatchApi
        {
            FailPut = _ => new CloudWatcherServiceException("CloudWatch", "PutMetricData", "AccessDenied", ErrorKind.AccessDenied, 403, null, "denied"),
        };
        var writer = new MetricWriter(MetricAggregation.None, DimensionDefaults.None);
        foreach (var ns in new[] { "A", "B", "C" })
        {
            writer.Add(writer.Series(ns, "m", Array.Empty<Dimension>(), null, false), null, new[] { 1.0 });
        }

        var outcome = await new MetricPublisher(api, null, Quick).PublishAsync(writer.Plan().Batches);

        Assert.Equal(ErrorKind.AccessDenied, outcome.Fatal?.Kind);
        Assert.Equal(3, outcome.Unsent.Count);
        Assert.Single(api.PutCalls);
        Assert.Equal(0, outcome.DatumsSent);
    }

    [Fact]
    public async Task ProgressIsReportedPerCallAndCompleted()
    {
        var sink = new RecordingSink();
        var outcome = await new MetricPublisher(new FakeCloudWatchApi(), sink, Quick).PublishAsync(Plan(2500).Batches);
        Assert.Equal(3, outcome.Calls);
        var reports = sink.Reports.ToList();
        Assert.Equal(new[] { 1, 2, 3 }, reports.Where(r => !r.Completed).Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(ProgressActivity.PublishingMetrics, r.Activity));
        Assert.True(reports[^1].Completed);
    }

    [Fact]
    public async Task NewSeriesAreThoseListMetricsDoesNotListWithExactlyTheirDimensions()
    {
        var api = new FakeCloudWatchApi();
        api.Add("App", "latency", new Dimension("Service", "api"), new Dimension("Host", "web-1"));
        api.Add("App", "latency", new Dimension("Service", "api"));
        var writer = new MetricWriter(MetricAggregation.Values, DimensionDefaults.None);
        foreach (var dims in new[]
                 {
                     new[] { new Dimension("Host", "web-1"), new Dimension("Service", "api") }, // listed, in another order
                     new[] { new Dimension("Service", "api") },                                  // listed
                     new[] { new Dimension("Service", "web") },                                  // new
                     new[] { new Dimension("Service", "api"), new Dimension("Host", "web-2") }, // new
                 })
        {
            writer.Add(writer.Series("App", "latency", dims, null, false), null, new[] { 1.0 });
        }
        writer.Add(writer.Series("App", "latency", new[] { new Dimension("Service", "web") }, "Seconds", true), null, new[] { 1.0 }); // same metric, other unit

        var fresh = await writer.Plan().FindNewSeriesAsync(api, null, CancellationToken.None);

        Assert.Equal(new[] { "App/latency [Service=web]", "App/latency [Service=api, Host=web-2]" }, fresh.Select(s => s.ToString()));
        Assert.Single(api.ListCalls);
        Assert.Equal("latency", api.ListCalls[0].MetricName);
        Assert.Equal(0.60m, MetricPrice.MonthlyUsd(fresh.Count));
    }

    private static MetricWritePlan Plan(int values)
    {
        var writer = new MetricWriter(MetricAggregation.None, DimensionDefaults.None);
        writer.Add(writer.Series("App", "m", Array.Empty<Dimension>(), null, false), null, Enumerable.Range(0, values).Select(v => (double)v));
        return writer.Plan();
    }

    private static CloudWatcherServiceException Throttled() =>
        new("CloudWatch", "PutMetricData", "Throttling", ErrorKind.Throttled, 400, null, "Rate exceeded");
}
