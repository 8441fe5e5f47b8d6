using System.Management.Automation;
using CloudWatcher.Emulator.Faults;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Write-CwMetric in a hosted engine against the emulator: every aggregation mode and every limit, checked by reading
/// back with GetMetricData (SampleCount, Sum, Minimum, Maximum as written; percentiles from value/count pairs) and by
/// counting the PutMetricData calls the emulator saw; TimedMetric copies, -WhatIf, -PassThru and per-value errors.
/// </summary>
public sealed class WriteCwMetricTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public WriteCwMetricTests(EmulatorFixture emulator) => _emulator = emulator;

    /// <summary>A whole minute, ten minutes ago, as text PowerShell reads as UTC.</summary>
    private static readonly DateTime M0 = Minute(DateTime.UtcNow.AddMinutes(-10));

    private static string Ns(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private long Puts => _emulator.Server.Stats.Count("PutMetricData");

    [Theory]
    [InlineData("Values", 7)]
    [InlineData("StatisticSet", 1)]
    [InlineData("None", 1000)]
    public async Task EveryAggregationModeReadsBackTheCountSumMinimumAndMaximumWritten(string mode, int datums)
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Agg");
        var before = Puts;

        var result = ps.Run($"1..1000 | Write-CwMetric -Namespace {ns} -MetricName Latency -Unit Milliseconds -Aggregate {mode} -Timestamp '{M0:o}' -NoHostDimension -PassThru");

        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal((1000L, 1, datums, 1, 0, 0, mode), (summary.Values, summary.Series, summary.Datums, summary.Calls, summary.Rejected, summary.Unsent, summary.Aggregation));
        Assert.Equal(1, Puts - before);
        var stats = await Read(ns, "Latency", Array.Empty<Dimension>(), 60, "SampleCount", "Sum", "Minimum", "Maximum", "Average");
        Assert.Equal(new[] { 1000.0, 500500, 1, 1000, 500.5 }, stats);
    }

    [Fact]
    public async Task ValuesKeepsPercentilesExactFromValueAndCountPairs()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Pct");

        ps.Run($"(1..97 | ForEach-Object {{ 4 }}) + 1, 2, 3 | Write-CwMetric -Namespace {ns} -MetricName Dist -Timestamp '{M0:o}' -NoHostDimension");

        Assert.Equal(new[] { 100.0, 394, 1, 2, 3, 4, 4 }, await Read(ns, "Dist", Array.Empty<Dimension>(), 60, "SampleCount", "Sum", "p1", "p2", "p3", "p50", "p99"));
        var datum = Assert.Single(await Read(ns, "Dist", Array.Empty<Dimension>(), 60, "SampleCount"));
        Assert.Equal(100, datum);
    }

    [Fact]
    public async Task StatisticSetsGiveNoPercentiles()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Set");
        ps.Run($"1..10 | Write-CwMetric -Namespace {ns} -MetricName M -Timestamp '{M0:o}' -Aggregate StatisticSet -NoHostDimension");
        Assert.Empty(await Read(ns, "M", Array.Empty<Dimension>(), 60, "p50"));
        Assert.Equal(new[] { 10.0 }, await Read(ns, "M", Array.Empty<Dimension>(), 60, "SampleCount"));
    }

    [Fact]
    public void AThousandDatumsAreTheMostACallCarries()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = Puts;

        var result = ps.Run($"1..2500 | Write-CwMetric -Namespace {Ns("Count")} -MetricName M -Aggregate None -NoHostDimension -PassThru");

        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal((2500, 3), (summary.Datums, summary.Calls));
        Assert.Equal(3, Puts - before);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Publishing CloudWatch metrics" && p.RecordType == ProgressRecordType.Processing);
        Assert.Contains(ps.Host.Progress, p => p.Activity == "Publishing CloudWatch metrics" && p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void MoreThan150DistinctValuesOfAMinuteGoAsSeveralDatumsOfOneCall()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = Puts;
        var result = ps.Run($"1..451 | Write-CwMetric -Namespace {Ns("Split")} -MetricName M -Timestamp '{M0:o}' -NoHostDimension -PassThru");
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal((4, 1), (summary.Datums, summary.Calls));
        Assert.Equal(1, Puts - before);
    }

    [Fact]
    public async Task CallsAreCutAtOneMegabyteInTheFewestThatFit()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Size");
        var before = Puts;

        // 100 series of 30 dimensions with 1,000-character values: about 31 KB of JSON a datum, 3.1 MB in all.
        var result = ps.Run($$"""
            $dims = 0..28 | ForEach-Object { "D$($_):" + ([string][char](97 + $_ % 26)) * 1000 }
            0..99 | ForEach-Object { [pscustomobject]@{ MetricName = 'Wide'; Value = $_; Timestamp = '{{M0:o}}'; Dimensions = @($dims) + "N:$_" } } |
                Write-CwMetric -Namespace {{ns}} -NoHostDimension -PassThru
            """);

        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal(100, summary.Datums);
        Assert.Equal(4, summary.Calls);
        Assert.Equal(4, Puts - before);
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        Assert.Equal(100, listed.Metrics.Count);
        Assert.All(listed.Metrics, m => Assert.Equal(30, m.Dimensions.Count));
    }

    [Fact]
    public async Task AValueThatCannotBeSentIsAnErrorRecordNamingItAndTheRestIsSent()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Bad");

        var result = ps.Run($"1, [double]::NaN, [double]::PositiveInfinity, [double]::NegativeInfinity, 4.7e108, -4.7e108, [math]::Pow(2, 360), 3 | " +
                            $"Write-CwMetric -Namespace {ns} -MetricName M -Timestamp '{M0:o}' -NoHostDimension -PassThru");
        ps.Run($"-[math]::Pow(2, 360) | Write-CwMetric -Namespace {ns} -MetricName Negative -Timestamp '{M0:o}' -NoHostDimension");

        Assert.Equal(5, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("MetricValueInvalid,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.IsType<RejectedMetricValue>(e.TargetObject);
            Assert.Contains("The other values are sent", e.Exception.Message, StringComparison.Ordinal);
        });
        Assert.Equal(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 4.7e108, -4.7e108 }, result.Errors.Select(e => ((RejectedMetricValue)e.TargetObject).Value));
        Assert.Contains("NaN", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal((8L, 5), (summary.Values, summary.Rejected));
        Assert.Equal(new[] { 3.0, 1, Math.Pow(2, 360) }, await Read(ns, "M", Array.Empty<Dimension>(), 60, "SampleCount", "Minimum", "Maximum"));
        Assert.Equal(new[] { -Math.Pow(2, 360) }, await Read(ns, "Negative", Array.Empty<Dimension>(), 60, "Minimum"));
    }

    [Fact]
    public async Task TimestampsMoreThanTwoWeeksOldOrTwoHoursAheadAreErrorRecordsAndTheRestIsSent()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Time");

        var result = ps.Run($$"""
            $now = [DateTime]::UtcNow
            [pscustomobject]@{ Value = 1; Timestamp = $now.AddDays(-15) },
            [pscustomobject]@{ Value = 2; Timestamp = $now.AddHours(3) },
            [pscustomobject]@{ Value = 3; Timestamp = [DateTime]'{{M0:o}}' } |
                Write-CwMetric -Namespace {{ns}} -MetricName M -NoHostDimension
            """);

        Assert.Equal(new[] { "MetricTimestampOutOfRange", "MetricTimestampOutOfRange" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("two weeks", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("two hours", result.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 1.0, 3 }, await Read(ns, "M", Array.Empty<Dimension>(), 60, "SampleCount", "Sum"));
    }

    [Fact]
    public void ThirtyDimensionsAreTheMostAndHostCountsToo()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Dims");
        var before = Puts;

        var result = ps.Run($$"""
            $thirty = 0..29 | ForEach-Object { "D$($_):v" }
            [pscustomobject]@{ MetricName = 'ok'; Value = 1; Dimensions = $thirty },
            [pscustomobject]@{ MetricName = 'over'; Value = 1; Dimensions = @($thirty) + 'D30:v' } | Write-CwMetric -Namespace {{ns}} -NoHostDimension
            1 | Write-CwMetric -Namespace {{ns}} -MetricName withhost -Dimension $thirty
            """);

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("InvalidDimension,", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Contains("31 dimensions", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-NoHostDimension", result.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, Puts - before); // the first command's good series; the second had nothing left to send
    }

    [Fact]
    public async Task HighResolutionIsReadPerSecond()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("High");

        ps.Run($"1..3 | ForEach-Object {{ [pscustomobject]@{{ Value = $_; Timestamp = ([DateTime]'{M0:o}').AddSeconds($_).AddMilliseconds(300) }} }} | " +
               $"Write-CwMetric -Namespace {ns} -MetricName Fast -HighResolution -NoHostDimension");

        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("s") { MetricStat = new MetricStat(new MetricIdentity(ns, "Fast", Array.Empty<Dimension>()), 1, "Sum") },
        }, M0, M0.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(new[] { M0.AddSeconds(1), M0.AddSeconds(2), M0.AddSeconds(3) }, result.Results[0].Timestamps);
        Assert.Equal(new[] { 1.0, 2, 3 }, result.Results[0].Values);
    }

    [Fact]
    public async Task ObjectsBindByPropertyName()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Objects");

        var result = ps.Run($$"""
            [pscustomobject]@{ MetricName = 'QueueDepth'; Value = 42; Unit = 'count'; Dimensions = 'Queue:orders'; Timestamp = '{{M0:o}}' },
            [pscustomobject]@{ MetricName = 'QueueDepth'; Values = 1, 2, 3; Unit = 'Count'; Dimensions = @{ Queue = 'refunds' }; Timestamp = '{{M0:o}}' } |
                Write-CwMetric -Namespace {{ns}} -NoHostDimension -PassThru
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(2, Assert.Single(result.Objects<MetricWriteSummary>()).Series);
        Assert.Equal(new[] { 42.0 }, await ReadUnit(ns, "QueueDepth", new[] { new Dimension("Queue", "orders") }, 60, "Count", "Sum"));
        Assert.Equal(new[] { 3.0, 6 }, await ReadUnit(ns, "QueueDepth", new[] { new Dimension("Queue", "refunds") }, 60, "Count", "SampleCount", "Sum"));
    }

    [Fact]
    public void DatapointsFromGetCwMetricBindByPropertyNameToo()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwMetric nephele_mem -InstanceId i-0123456789abcdef0 -Minutes 30 -AsDatapoint | Write-CwMetric -Namespace {Ns("Points")} -NoHostDimension -PassThru");
        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.InRange(summary.Values, 29, 31);
        Assert.Equal(summary.Values, summary.Datums);
    }

    [Fact]
    public async Task ATimedMetricIsCopiedValueByValueWithItsOwnDimensions()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Copy");

        var result = ps.Run($"""
            $source = Get-CwMetric nephele_mem -InstanceId i-0123456789abcdef0 -Hours 3 -Statistic Average
            $source | Write-CwMetric -Namespace {ns} -PassThru
            $source
            Get-CwMetric -Namespace {ns} -MetricName mem_used -Dimension InstanceId:i-0123456789abcdef0 -Hours 3 -Statistic Average
            """);

        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        var series = result.Objects<TimedMetric>().ToList();
        Assert.Equal(2, series.Count);
        Assert.Equal(series[0].Count, summary.Values);
        Assert.Equal(series[0].Timestamps, series[1].Timestamps);
        Assert.Equal(series[0].Values, series[1].Values);
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        Assert.Equal("InstanceId=i-0123456789abcdef0", Assert.Single(Assert.Single(listed.Metrics).Dimensions).ToString()); // no Host added
    }

    [Fact]
    public async Task ACopyCanBeRenamedAndItsDimensionsReplaced()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Rename");
        ps.Run($"Get-CwMetric nephele_mem -InstanceId i-0123456789abcdef0 -Minutes 20 | Write-CwMetric -Namespace {ns} -MetricName memory -Dimension InstanceId:copy, Env:test");
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        var metric = Assert.Single(listed.Metrics);
        Assert.Equal("memory", metric.MetricName);
        Assert.Equal(new[] { "Env=test", "InstanceId=copy" }, metric.Dimensions.Select(d => d.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryMetricGetsAHostDimensionUnlessLeftOut()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Host");
        ps.Run($"1 | Write-CwMetric -Namespace {ns} -MetricName M -Dimension Service:api");
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var metric = Assert.Single((await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None)).Metrics);
        Assert.Equal(new[] { $"Host={Environment.MachineName}", "Service=api" }, metric.Dimensions.Select(d => d.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MistakesOnTheCommandLineEndTheCommandBeforeAnythingIsSent()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;
        var unit = ps.RunExpectingTerminatingError("1 | Write-CwMetric -Namespace App -MetricName M -Unit ms");
        Assert.Equal("InvalidUnit,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand", unit.FullyQualifiedErrorId);
        Assert.Contains("Milliseconds", unit.Exception.Message, StringComparison.Ordinal);
        var reserved = ps.RunExpectingTerminatingError("1 | Write-CwMetric -Namespace AWS/EC2 -MetricName M");
        Assert.StartsWith("InvalidNamespace,", reserved.FullyQualifiedErrorId, StringComparison.Ordinal);
        var noValue = ps.RunExpectingTerminatingError("1 | Write-CwMetric -Namespace App -MetricName M -Dimension Host");
        Assert.StartsWith("InvalidDimension,", noValue.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    [Fact]
    public void AValueWithoutAMetricNameIsAnErrorOfItsOwn()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"[pscustomobject]@{{ Value = 1 }}, [pscustomobject]@{{ MetricName = 'ok'; Value = 2 }} | Write-CwMetric -Namespace {Ns("Name")} -NoHostDimension -PassThru");
        Assert.Equal("MetricNameMissing,CloudWatcher.PowerShell.Commands.WriteCwMetricCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal((2L, 1, 1), (summary.Values, summary.Rejected, summary.Datums));
    }

    [Fact]
    public async Task ThrottlingBeyondTheSdksRetriesIsWaitedOutAndTriedAgain()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Throttle");
        var before = Puts;
        _emulator.Server.Faults = FaultPlan.Parse("PutMetricData:throttle@1-4");
        try
        {
            var result = ps.Run($"1..10 | Write-CwMetric -Namespace {ns} -MetricName M -Timestamp '{M0:o}' -NoHostDimension -PassThru -Verbose");

            Assert.Empty(result.Errors);
            var summary = Assert.Single(result.Objects<MetricWriteSummary>());
            Assert.Equal(2, summary.Calls); // the SDK's three attempts of the first call failed, the second call succeeded after its first retry
            Assert.Equal(5, Puts - before); // 3 + 2 requests

            Assert.Contains(result.Verbose, v => v.Contains("trying again", StringComparison.Ordinal));
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
        Assert.Equal(new[] { 10.0 }, await Read(ns, "M", Array.Empty<Dimension>(), 60, "SampleCount"));
    }

    [Fact]
    public async Task CsvTextValuesAndTimestampsBindAsPowerShellReadsThem()
    {
        // Import-Csv gives objects whose properties are text: plain numbers and times are read before binding (the fast
        // path), anything else the usual way (0x10).
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Csv");
        var at = M0.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var rows = string.Join(", ", new[] { ("1.5", at), ("2.5", at), ("0x10", at), (" 1e1 ", M0.AddSeconds(30).ToString("o")) }
            .Select(r => $"[pscustomobject]@{{ MetricName = 'Latency'; Value = '{r.Item1}'; Timestamp = '{r.Item2}' }}"));
        var result = ps.Run($"{rows} | Write-CwMetric -Namespace {ns} -NoHostDimension -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(4L, Assert.Single(result.Objects<MetricWriteSummary>()).Values);
        Assert.Equal(new[] { 4.0, 30, 1.5, 16 }, await Read(ns, "Latency", Array.Empty<Dimension>(), 60, "SampleCount", "Sum", "Minimum", "Maximum"));
        var bad = ps.Run($"[pscustomobject]@{{ MetricName = 'Latency'; Value = 'fast' }} | Write-CwMetric -Namespace {ns} -NoHostDimension");
        // Text that is no number is left to PowerShell, which does not bind it either: the value is reported missing, as before.
        Assert.StartsWith("MetricValueMissing", Assert.Single(bad.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    /// <summary>One value of each statistic for the minute M0.</summary>
    private Task<double[]> Read(string ns, string name, IReadOnlyList<Dimension> dims, int period, params string[] stats) =>
        ReadUnit(ns, name, dims, period, null, stats);

    private async Task<double[]> ReadUnit(string ns, string name, IReadOnlyList<Dimension> dims, int period, string? unit, params string[] stats)
    {
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var metric = new MetricIdentity(ns, name, dims);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            stats.Select((s, i) => new MetricDataQuery($"q{i}") { MetricStat = new MetricStat(metric, period, s) { Unit = unit } }).ToList(), M0, M0.AddMinutes(1)), CancellationToken.None);
        return result.Results.SelectMany(r => r.Values).ToArray();
    }

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
}
