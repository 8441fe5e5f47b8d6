using System.Text.Json;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Write-CwMetric -As Emf and Start-CwMetricReporter -As Emf in a hosted engine: EMF JSON lines on the pipeline, split
/// on the specification's limits; and EMF events written to a log group (PutLogEvents with x-amzn-logs-format:
/// json/emf), from which the emulator extracts the metrics as CloudWatch Logs does, read back with GetMetricData.
/// </summary>
public sealed class EmfOutputTests : IClassFixture<EmulatorFixture>
{
    private static readonly DateTime M0 = Minute(DateTime.UtcNow.AddMinutes(-10));

    private readonly EmulatorFixture _emulator;

    public EmfOutputTests(EmulatorFixture emulator) => _emulator = emulator;

    private static string Ns(string prefix) => "Emf" + prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void TwoHundredFiftyMetricsAreThreeEventsOnThePipelineAndNothingIsSent()
    {
        using var ps = new HostedPowerShell(_emulator);
        var puts = _emulator.Server.Stats.Count("PutMetricData");

        var result = ps.Run($"1..250 | ForEach-Object {{ [pscustomobject]@{{ MetricName = \"M$_\"; Value = $_ }} }} | Write-CwMetric -Namespace {Ns("Pipe")} -As Emf -NoHostDimension -Timestamp '{M0:o}'");

        Assert.Empty(result.Errors);
        var lines = result.Objects<string>().ToList();
        Assert.Equal(3, lines.Count);
        var counts = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength());
        Assert.Equal(new[] { 100, 100, 50 }, counts);
        Assert.Equal(puts, _emulator.Server.Stats.Count("PutMetricData"));
    }

    [Fact]
    public void ThirtyDimensionsGoInOneDimensionSet()
    {
        using var ps = new HostedPowerShell(_emulator);
        var dims = string.Join(", ", Enumerable.Range(1, 30).Select(i => $"'D{i}:v{i}'"));

        var result = ps.Run($"Write-CwMetric -Namespace {Ns("Dims")} -MetricName M -Value 1, 2 -Dimension {dims} -As Emf -NoHostDimension");

        var line = Assert.Single(result.Objects<string>());
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(30, root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].GetArrayLength());
        Assert.Equal("v30", root.GetProperty("D30").GetString());
        Assert.Equal(2, root.GetProperty("M").GetArrayLength());
    }

    [Fact]
    public async Task EventsWrittenToALogGroupAreExtractedIntoMetrics()
    {
        using var ps = new HostedPowerShell(_emulator);
        using var spool = new TempDirectory();
        var ns = Ns("Group");
        var group = "/cloudwatcher/test/" + ns;
        var emfCalls = _emulator.Server.Stats.LogFormatCount("json/emf");

        var result = ps.Run($"1..150 | Write-CwMetric -Namespace {ns} -MetricName Latency -Unit Milliseconds -As Emf -LogGroupName '{group}' -LogStreamName web -SpoolPath '{spool.Path}' -NoHostDimension -Timestamp '{M0:o}' -PassThru");

        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<MetricWriteSummary>());
        Assert.Equal(150, summary.Values);
        Assert.True(_emulator.Server.Stats.LogFormatCount("json/emf") > emfCalls);
        Assert.Equal(new[] { 150.0, 11325, 1, 150 }, await Read(ns, "Latency", "SampleCount", "Sum", "Minimum", "Maximum"));
        var events = ps.Run($"@(Get-CwLog -LogGroupName '{group}' -Since 1h).Count");
        Assert.True(events.Output.Count == 1, events.AllText);
        Assert.Equal(2, events.Output[0].BaseObject); // 100 values, then 50
    }

    [Fact]
    public async Task AReporterWritingEmfToALogGroupFlushesWhenStopped()
    {
        using var ps = new HostedPowerShell(_emulator);
        using var spool = new TempDirectory();
        var ns = Ns("Reporter");
        var group = "/cloudwatcher/test/" + ns;

        var result = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -As Emf -LogGroupName '{group}' -SpoolPath '{spool.Path}' -IntervalSeconds 3600 -NoHostDimension; " +
                            $"1..10 | Write-CwMetric -Reporter $r -MetricName Items -Timestamp '{M0:o}'; Stop-CwMetricReporter $r -PassThru");

        Assert.Empty(result.Errors);
        var stopped = Assert.Single(result.Objects<MetricReporter>());
        Assert.Equal(("Emf", 10L, 10L), (stopped.Format, stopped.Sent, stopped.Recorded));
        Assert.Equal(new[] { 10.0, 55, 1, 10 }, await Read(ns, "Items", "SampleCount", "Sum", "Minimum", "Maximum"));
    }

    [Fact]
    public async Task TheEmulatorExtractsEveryDimensionSetAndCountsInvalidEventsWithoutPublishingThem()
    {
        var ns = Ns("Extract");
        var group = "/cloudwatcher/test/" + ns;
        var ms = new DateTimeOffset(M0).ToUnixTimeMilliseconds();
        string Event(string metrics, string values) =>
            "{\"_aws\":{\"Timestamp\":" + ms + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + ns + "\",\"Dimensions\":[[\"Service\"],[\"Service\",\"Stage\"]],\"Metrics\":[" + metrics + "]}]},"
            + "\"Service\":\"api\",\"Stage\":\"prod\"," + values + "}";
        var good = Event("{\"Name\":\"Hits\",\"Unit\":\"Count\"}", "\"Hits\":[1,2,3]");
        var missingValue = Event("{\"Name\":\"Gone\"}", "\"Other\":1");
        var tooMany = Event(string.Join(",", Enumerable.Range(1, 101).Select(i => $"{{\"Name\":\"M{i}\"}}")), string.Join(",", Enumerable.Range(1, 101).Select(i => $"\"M{i}\":1")));
        var errors = _emulator.Server.Stats.EmfValidationErrors;
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        await session.LogWrite.CreateLogGroupAsync(group, CancellationToken.None);
        await session.LogWrite.CreateLogStreamAsync(group, "s", CancellationToken.None);

        // No x-amzn-logs-format header: current CloudWatch extracts EMF without it.
        await session.LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s",
            new[] { new InputLogEvent(M0, good), new InputLogEvent(M0, missingValue), new InputLogEvent(M0, tooMany) }), CancellationToken.None);

        Assert.Equal(2, _emulator.Server.Stats.EmfValidationErrors - errors);
        Assert.Equal(new[] { 3.0, 6 }, await ReadDims(ns, "Hits", new[] { new Dimension("Service", "api") }, "SampleCount", "Sum"));
        Assert.Equal(new[] { 3.0, 6 }, await ReadDims(ns, "Hits", new[] { new Dimension("Service", "api"), new Dimension("Stage", "prod") }, "SampleCount", "Sum"));
        Assert.Empty(await ReadDims(ns, "M1", new[] { new Dimension("Service", "api") }, "SampleCount"));
    }

    [Fact]
    public void EmfParametersWithoutEmfAndStatisticSetsAreRefused()
    {
        using var ps = new HostedPowerShell(_emulator);
        Assert.Equal("EmfParameterWithoutEmf", ps.RunExpectingTerminatingError("Write-CwMetric -Namespace X -MetricName M -Value 1 -LogGroupName /g").FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("EmfStatisticSet", ps.RunExpectingTerminatingError("Write-CwMetric -Namespace X -MetricName M -Value 1 -As Emf -Aggregate StatisticSet").FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("EmfParameterWithoutEmf", ps.RunExpectingTerminatingError("Start-CwMetricReporter -Namespace X -LogGroupName /g").FullyQualifiedErrorId.Split(',')[0]);
    }

    private Task<double[]> Read(string ns, string name, params string[] stats) => ReadDims(ns, name, Array.Empty<Dimension>(), stats);

    private async Task<double[]> ReadDims(string ns, string name, IReadOnlyList<Dimension> dims, params string[] stats)
    {
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var metric = new MetricIdentity(ns, name, dims);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            stats.Select((s, i) => new MetricDataQuery($"q{i}") { MetricStat = new MetricStat(metric, 60, s) }).ToList(), M0, M0.AddMinutes(1)), CancellationToken.None);
        return result.Results.SelectMany(r => r.Values).ToArray();
    }

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
}
