using System.Management.Automation;
using System.Text;
using Microsoft.AspNetCore.Http;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Start/Stop/Get-CwMetricReporter with Write-CwMetric -Reporter and Measure-CwCommand -Reporter in a hosted engine
/// against the emulator: the interval flush, the stop flush, the flush on module removal and on pwsh exit (a child
/// pwsh), each read back with GetMetricData (count, sum, minimum and maximum as recorded); dimension precedence; failure
/// counting against an endpoint that refuses every call, surfaced as a warning and in the counters; meta and process
/// metrics.
/// </summary>
public sealed class MetricReporterTests : IClassFixture<EmulatorFixture>
{
    private static readonly DateTime M0 = Minute(DateTime.UtcNow.AddMinutes(-10));

    private readonly EmulatorFixture _emulator;

    public MetricReporterTests(EmulatorFixture emulator) => _emulator = emulator;

    private static string Ns(string prefix) => "Rep" + prefix + Guid.NewGuid().ToString("N")[..8];

    private long Puts => _emulator.Server.Stats.Count("PutMetricData");

    [Fact]
    public async Task TheIntervalFlushSendsWhatWasRecordedWithoutAStop()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Interval");
        var before = Puts;

        var start = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 1 -NoHostDimension; $r; " +
                           $"1..100 | Write-CwMetric -Reporter $r -MetricName Latency -Unit Milliseconds -Timestamp '{M0:o}'");
        Assert.Empty(start.Errors);
        var reporter = Assert.Single(start.Objects<MetricReporter>());
        Assert.Equal(100, reporter.Recorded);

        await WaitFor(() => reporter.Sent == 100, TimeSpan.FromSeconds(15), "the interval flush");
        Assert.Equal(MetricReporterState.Running, reporter.State);
        Assert.True(Puts - before >= 1);
        Assert.Equal(new[] { 100.0, 5050, 1, 100 }, await Read(ns, "Latency", Array.Empty<Dimension>(), "SampleCount", "Sum", "Minimum", "Maximum"));

        var listed = ps.Run($"Get-CwMetricReporter -Name {ns}");
        var view = Assert.Single(listed.Objects<MetricReporter>());
        Assert.Same(reporter, view);
        Assert.Equal((100L, 100L, 0L, 0L), (view.Recorded, view.Sent, view.Pending, view.Failed));
        Assert.True(view.Flushes >= 1);
        Assert.NotNull(view.NextFlush);
        ps.Run("Stop-CwMetricReporter $r");
    }

    [Fact]
    public async Task StopFlushesWhatTheIntervalHasNotSentYet()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Stop");
        var before = Puts;

        var result = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension; " +
                            $"Write-CwMetric -Reporter $r -MetricName Jobs -Value 5, 5, 7, 1 -Timestamp '{M0:o}'; " +
                            "$r.Pending; Stop-CwMetricReporter $r -PassThru; Get-CwMetricReporter");

        Assert.Empty(result.Errors);
        Assert.Equal(4L, result.Output[0].BaseObject);
        var stopped = Assert.Single(result.Objects<MetricReporter>());
        Assert.Equal((MetricReporterState.Stopped, 4L, 4L, 0L, 0L), (stopped.State, stopped.Recorded, stopped.Sent, stopped.Pending, stopped.Dropped));
        Assert.Null(stopped.NextFlush);
        Assert.Equal(1, Puts - before);
        Assert.Equal(new[] { 4.0, 18, 1, 7 }, await Read(ns, "Jobs", Array.Empty<Dimension>(), "SampleCount", "Sum", "Minimum", "Maximum"));

        var again = ps.RunExpectingTerminatingError("Write-CwMetric -Reporter $r -MetricName Jobs -Value 1");
        Assert.Equal("MetricReporterStopped", again.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task RemovingTheModuleFlushesTheReporter()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Remove");

        ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension; " +
               $"1..10 | Write-CwMetric -Reporter $r -MetricName Items -Timestamp '{M0:o}'");
        var removed = ps.Run("Remove-Module CloudWatcher; $r.State; $r.Sent");

        Assert.Empty(removed.Errors);
        Assert.Equal(new object[] { MetricReporterState.Stopped, 10L }, removed.Output.Select(o => o.BaseObject));
        Assert.Equal(new[] { 10.0, 55, 1, 10 }, await Read(ns, "Items", Array.Empty<Dimension>(), "SampleCount", "Sum", "Minimum", "Maximum"));
    }

    [Fact]
    public async Task PwshExitingWithoutAStopFlushesTheReporter()
    {
        using var temp = new TempDirectory();
        var ns = Ns("Exit");
        var script = Path.Combine(temp.Path, "exit.ps1");
        await File.WriteAllTextAsync(script, $@"$ErrorActionPreference = 'Stop'
Import-Module '{TestPaths.ModuleManifest}'
$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension
1..20 | Write-CwMetric -Reporter $r -MetricName Work -Timestamp '{M0:o}'
Measure-CwCommand -Reporter $r -MetricName Step {{ 'ran' }} | Out-Null
'recorded ' + $r.Pending
exit 0");
        var output = new StringBuilder();
        using var child = PwshChild.Start(script, new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = _emulator.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = EmulatorFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = EmulatorFixture.SecretKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, output);
        Assert.True(child.WaitForExit(120_000), "pwsh did not exit: " + output);
        child.WaitForExit();

        Assert.Contains("recorded 23", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, child.ExitCode);
        Assert.Equal(3.0, (await ReadSince(ns, "Step", "SampleCount")).Sum() + (await ReadSince(ns, "Step.Success", "Sum")).Sum() + 1);
        Assert.Equal(new[] { 20.0, 210, 1, 20 }, await Read(ns, "Work", Array.Empty<Dimension>(), "SampleCount", "Sum", "Minimum", "Maximum"));
    }

    [Fact]
    public async Task MetricDimensionsWinOverTheReportersWhichAreAddedToEveryValue()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Dims");

        var result = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension -Dimension 'Stage:test', 'Team:core'; " +
                            $"Write-CwMetric -Reporter $r -MetricName Hits -Value 3 -Dimension 'Stage:prod' -Timestamp '{M0:o}'; " +
                            $"Write-CwMetric -Reporter $r -MetricName Hits -Value 4 -Timestamp '{M0:o}'; " +
                            "Stop-CwMetricReporter $r");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { 3.0 }, await Read(ns, "Hits", new[] { new Dimension("Stage", "prod"), new Dimension("Team", "core") }, "Sum"));
        Assert.Equal(new[] { 4.0 }, await Read(ns, "Hits", new[] { new Dimension("Stage", "test"), new Dimension("Team", "core") }, "Sum"));
    }

    [Fact]
    public async Task MeasureCwCommandRecordsItsRunsIntoTheReporter()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Measure");
        var before = Puts;

        var result = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension; " +
                            "foreach ($i in 1..3) { Measure-CwCommand -Reporter $r -MetricName Step { $i } }; " +
                            "try { Measure-CwCommand -Reporter $r -MetricName Step { throw 'broken' } } catch { 'caught' }; " +
                            "Stop-CwMetricReporter $r -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 1, 2, 3, "caught" }, result.Output.Take(4).Select(o => o.BaseObject));
        Assert.Equal(12, Assert.Single(result.Objects<MetricReporter>()).Sent);
        Assert.Equal(1, Puts - before);
        Assert.Equal(4.0, (await ReadSince(ns, "Step", "SampleCount")).Sum());
        Assert.Equal(3.0, (await ReadSince(ns, "Step.Success", "Sum")).Sum());
        Assert.Equal(1.0, (await ReadSince(ns, "Step.Failure", "Sum")).Sum());
    }

    [Fact]
    public async Task FailedSendsAreCountedKeptForTheNextFlushAndSaidOnTheNextCommand()
    {
        var refusals = 0;
        await using var refusing = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            Interlocked.Increment(ref refusals);
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync("{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform cloudwatch:PutMetricData\"}");
        });
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Fail");

        var start = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 1 -NoHostDimension -EndpointUrl '{refusing.Endpoint}'; $r; " +
                           "1..10 | Write-CwMetric -Reporter $r -MetricName Lost");
        var reporter = Assert.Single(start.Objects<MetricReporter>());
        await WaitFor(() => reporter.Failed >= 10, TimeSpan.FromSeconds(15), $"a failed flush (refusals {refusals}, flushes {reporter.Flushes}, calls {reporter.Calls}, sent {reporter.Sent}, error {reporter.LastError})");

        Assert.Equal(0, reporter.Sent);
        Assert.Equal(10, reporter.Pending);
        Assert.Contains("not authorized", reporter.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(reporter.LastErrorTime);

        var next = ps.Run("Write-CwMetric -Reporter $r -MetricName Lost -Value 11");
        Assert.Empty(next.Errors);
        Assert.Contains(next.Warnings, w => w.Contains("could not send", StringComparison.Ordinal) && w.Contains("kept for the next flush", StringComparison.Ordinal));

        var listed = ps.Run("Get-CwMetricReporter -Id $r.Id");
        Assert.Single(listed.Objects<MetricReporter>());

        var stop = ps.Run("Stop-CwMetricReporter $r -FlushTimeoutSec 5 -PassThru");
        var error = Assert.Single(stop.Errors);
        Assert.Equal("MetricReporterDataLost", error.FullyQualifiedErrorId.Split(',')[0]);
        var final = Assert.Single(stop.Objects<MetricReporter>());
        Assert.Equal((11L, 0L, 0L, 11L), (final.Recorded, final.Sent, final.Pending, final.Dropped));
        Assert.True(final.Failed >= 11);
        Assert.True(refusals >= 2);
    }

    [Fact]
    public async Task MetaAndProcessMetricsArePublishedUnderTheReportersNamespace()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Meta");

        var start = ps.Run($"$r = Start-CwMetricReporter -Namespace {ns} -Name meta{ns} -IntervalSeconds 1 -NoHostDimension -IncludeMetaMetrics -IncludeProcessMetrics; $r; " +
                           "Write-CwMetric -Reporter $r -MetricName Tick -Value 1");
        var reporter = Assert.Single(start.Objects<MetricReporter>());
        await WaitFor(() => reporter.Flushes >= 2, TimeSpan.FromSeconds(20), "two flushes");
        ps.Run("Stop-CwMetricReporter $r");

        var names = ps.Run($"Find-CwMetric -Namespace {ns} | ForEach-Object MetricName").Output.Select(o => (string)o.BaseObject).ToHashSet();
        Assert.Contains("Tick", names);
        Assert.Contains("Reporter.Sends", names);
        Assert.Contains("Reporter.SendTime", names);
        Assert.Contains("Process.WorkingSet", names);
        Assert.Contains("Process.GcHeapSize", names);
        Assert.True((await ReadSince(ns, "Reporter.Sends", "Sum", new[] { new Dimension("Reporter", "meta" + ns) })).Sum() >= 1);
    }

    [Fact]
    public void AReporterNameInUseIsRefusedAndStopByNameWithWildcardsStopsAll()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Names");

        ps.Run($"Start-CwMetricReporter -Namespace {ns} -Name {ns}-a -NoHostDimension | Out-Null; Start-CwMetricReporter -Namespace {ns} -Name {ns}-b -NoHostDimension | Out-Null");
        var twice = ps.RunExpectingTerminatingError($"Start-CwMetricReporter -Namespace {ns} -Name {ns}-a");
        Assert.Equal("MetricReporterExists", twice.FullyQualifiedErrorId.Split(',')[0]);

        var stopped = ps.Run($"Stop-CwMetricReporter -Name {ns}-* -PassThru");
        Assert.Equal(2, stopped.Objects<MetricReporter>().Count(r => r.State == MetricReporterState.Stopped));
        var missing = ps.Run($"Get-CwMetricReporter -Name {ns}-a");
        Assert.Equal("MetricReporterNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task CtrlCEndsAStopWaitingOnASlowServicePromptlyAndTheStopStaysWithinItsBound()
    {
        var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(60) });
        try
        {
            using var ps = new HostedPowerShell(null);
            var start = ps.Run($"$r = Start-CwMetricReporter -Namespace {Ns("CtrlC")} -IntervalSeconds 3600 -NoHostDimension -Region us-east-1 -AccessKey a -SecretKey b -EndpointUrl {slow.Endpoint}; $r; " +
                               "Write-CwMetric -Reporter $r -MetricName M -Value 1");
            var reporter = Assert.Single(start.Objects<MetricReporter>());
            using var pipeline = ps.Create("Stop-CwMetricReporter $r -FlushTimeoutSec 3");
            var async = pipeline.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (slow.Stats.Total == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(slow.Stats.Total > 0, "the last flush never reached the service");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            pipeline.Stop();
            Assert.Throws<PipelineStoppedException>(() => pipeline.EndInvoke(async));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {watch.Elapsed}");

            // The stop goes on in the background within its bound; the value it could not send is counted as dropped.
            await WaitFor(() => reporter.State == MetricReporterState.Stopped, TimeSpan.FromSeconds(10), "the bounded stop");
            Assert.Equal((1L, 0L, 0L, 1L), (reporter.Recorded, reporter.Sent, reporter.Pending, reporter.Dropped));
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }

    [Fact]
    public void EachRunspaceListsAndNamesItsOwnReportersButAReporterObjectWorksAnywhere()
    {
        using var first = new HostedPowerShell(_emulator);
        using var second = new HostedPowerShell(_emulator);
        var ns = Ns("Runspaces");

        var mine = Assert.Single(first.Run($"Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension").Objects<MetricReporter>());
        var theirs = second.Run($"Start-CwMetricReporter -Namespace {ns} -IntervalSeconds 3600 -NoHostDimension");
        Assert.Empty(theirs.Errors);
        Assert.Equal(mine.Id, Assert.Single(first.Run($"Get-CwMetricReporter -Name {ns}").Objects<MetricReporter>()).Id);
        Assert.NotEqual(mine.Id, Assert.Single(second.Run($"Get-CwMetricReporter -Name {ns}").Objects<MetricReporter>()).Id);

        var recorded = second.Run("Write-CwMetric -Reporter $mine -MetricName M -Value 1; Stop-CwMetricReporter $mine -PassThru", ("mine", mine));
        Assert.Empty(recorded.Errors);
        Assert.Equal((MetricReporterState.Stopped, 1L), (mine.State, mine.Sent));
        second.Run($"Stop-CwMetricReporter -Name {ns}");
    }

    [Fact]
    public void WhatIfStartsNoReporter()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("WhatIf");
        var result = ps.Run($"Start-CwMetricReporter -Namespace {ns} -WhatIf; @(Get-CwMetricReporter -Name {ns} -ErrorAction SilentlyContinue).Count");
        Assert.Equal(0, Assert.Single(result.Output).BaseObject);
    }

    private Task<double[]> Read(string ns, string name, IReadOnlyList<Dimension> dims, params string[] stats) => ReadRange(ns, name, dims, M0, M0.AddMinutes(1), 60, stats);

    /// <summary>Per-minute values of a statistic over the last 15 minutes.</summary>
    private Task<double[]> ReadSince(string ns, string name, string stat, IReadOnlyList<Dimension>? dims = null) =>
        ReadRange(ns, name, dims ?? Array.Empty<Dimension>(), Minute(DateTime.UtcNow.AddMinutes(-15)), Minute(DateTime.UtcNow.AddMinutes(2)), 60, stat);

    private async Task<double[]> ReadRange(string ns, string name, IReadOnlyList<Dimension> dims, DateTime from, DateTime to, int period, params string[] stats)
    {
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var metric = new MetricIdentity(ns, name, dims);
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(
            stats.Select((s, i) => new MetricDataQuery($"q{i}") { MetricStat = new MetricStat(metric, period, s) }).ToList(), from, to), CancellationToken.None);
        return result.Results.SelectMany(r => r.Values).ToArray();
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan limit, string what)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
}
