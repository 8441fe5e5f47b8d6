using System.Diagnostics;
using System.Management.Automation;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Measure-CwCommand in a hosted engine against the emulator: output, errors, scope and a terminating error behave as
/// they do without it; the duration and the outcome counts are published (read back), the failure after publishing.
/// </summary>
public sealed class MeasureCwCommandTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public MeasureCwCommandTests(EmulatorFixture emulator) => _emulator = emulator;

    private static string Ns(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ASuccessPassesTheOutputThroughAndPublishesItsDurationAndOutcome()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Ok");
        var before = _emulator.Server.Stats.Count("PutMetricData");

        var result = ps.Run($"Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ 'first'; [System.Threading.Thread]::Sleep(200); 'second' }}");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "first", "second" }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(1, _emulator.Server.Stats.Count("PutMetricData") - before);
        var (duration, success, failure) = await ReadRun(ns, "Job");
        Assert.InRange(duration, 190, 5000);
        Assert.Equal((1.0, 0.0), (success, failure));
    }

    [Fact]
    public async Task AFailureIsPublishedThenThrownOnAsItWasThrown()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Fail");

        var wrapped = ps.RunExpectingTerminatingError($"Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ 'before'; throw 'the source is offline' }}");
        var bare = ps.RunExpectingTerminatingError("& { 'before'; throw 'the source is offline' }");

        Assert.Equal(bare.FullyQualifiedErrorId, wrapped.FullyQualifiedErrorId);
        Assert.Equal(bare.Exception.GetType(), wrapped.Exception.GetType());
        Assert.Equal("the source is offline", wrapped.Exception.Message);
        Assert.Equal(bare.CategoryInfo.Category, wrapped.CategoryInfo.Category);
        var (_, success, failure) = await ReadRun(ns, "Job");
        Assert.Equal((0.0, 1.0), (success, failure));
    }

    [Fact]
    public async Task ATryCatchAroundItCatchesTheBlocksErrorByItsType()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Catch");
        var result = ps.Run($"try {{ Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ throw [System.IO.FileNotFoundException]::new('gone') }} }} catch [System.IO.FileNotFoundException] {{ 'caught ' + $_.Exception.Message }}");
        Assert.Equal("caught gone", Assert.Single(result.Output).BaseObject);
        Assert.Empty(result.Errors);
        Assert.Equal((0.0, 1.0), (await ReadRun(ns, "Job")).Outcome());
    }

    [Fact]
    public async Task BreakingOutOfTheCallersLoopIsNotAFailure()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Break");
        var result = ps.Run($"foreach ($i in 1..3) {{ Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ $i; if ($i -eq 2) {{ break }} }} }}; 'after'");
        Assert.Equal(new object[] { 1, 2, "after" }, result.Output.Select(o => o.BaseObject));
        Assert.Empty(result.Errors);
        var run = await ReadRun(ns, "Job");
        Assert.Equal((2.0, 0.0), run.Outcome());
    }

    [Fact]
    public async Task NonTerminatingErrorsPassThroughAndTheRunStillSucceeds()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Soft");

        ps.Run(SoftError);
        var wrapped = ps.Run($"Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ 'a'; Write-SoftError 'soft failure'; 'b' }}");
        var bare = ps.Run("& { 'a'; Write-SoftError 'soft failure'; 'b' }");

        Assert.Equal(bare.Output.Select(o => o.BaseObject), wrapped.Output.Select(o => o.BaseObject));
        var error = Assert.Single(wrapped.Errors);
        Assert.Equal(Assert.Single(bare.Errors).FullyQualifiedErrorId, error.FullyQualifiedErrorId);
        Assert.Equal("soft failure", error.ToString());
        var (_, success, failure) = await ReadRun(ns, "Job");
        Assert.Equal((1.0, 0.0), (success, failure));
    }

    [Fact]
    public async Task UnderErrorActionStopAWrittenErrorEndsTheBlockAsItWouldWithoutIt()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Stop");
        ps.Run(SoftError);
        var wrapped = ps.RunExpectingTerminatingError($"$ErrorActionPreference = 'Stop'; Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ Write-SoftError 'hard'; 'not reached' }}");
        var bare = ps.RunExpectingTerminatingError("$ErrorActionPreference = 'Stop'; & { Write-SoftError 'hard'; 'not reached' }");
        Assert.Equal(bare.FullyQualifiedErrorId, wrapped.FullyQualifiedErrorId);
        Assert.Equal("hard", wrapped.Exception.Message);
        Assert.Equal((0.0, 1.0), (await ReadRun(ns, "Job")).Outcome());
    }

    [Fact]
    public void TheBlockRunsInTheCallersScopeAsIfWrittenInPlace()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"$before = 'seen'; Measure-CwCommand -Namespace {Ns("Scope")} -MetricName Job -NoHostDimension {{ $inside = \"$before inside\" }}; $inside");
        Assert.Equal("seen inside", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task OutputStreamsAsItComesAndTheTimeSpentDownstreamIsNotCounted()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Stream");
        var stamps = new List<long>();

        ps.Run($"Measure-CwCommand -Namespace {ns} -MetricName Job -NoHostDimension {{ 'a'; [System.Threading.Thread]::Sleep(300); 'b' }} | " +
               "ForEach-Object { $stamps.Add([System.Diagnostics.Stopwatch]::GetTimestamp()); [System.Threading.Thread]::Sleep(400) }", ("stamps", stamps));

        Assert.Equal(2, stamps.Count);
        // 'a' arrived downstream before the block slept: the two arrivals are the block's sleep plus the first item's handling apart.
        Assert.True(Stopwatch.GetElapsedTime(stamps[0], stamps[1]) >= TimeSpan.FromMilliseconds(650));
        var (duration, _, _) = await ReadRun(ns, "Job");
        Assert.InRange(duration, 290, 650); // the block's 300 ms, not the 800 ms spent downstream
    }

    [Fact]
    public async Task DimensionsAndHighResolutionApplyToAllThreeMetrics()
    {
        using var ps = new HostedPowerShell(_emulator);
        var ns = Ns("Dims");
        ps.Run($"Measure-CwCommand -Namespace {ns} -MetricName Job -Dimension Job:nightly -HighResolution {{ 1 }}");

        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var listed = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, CancellationToken.None);
        Assert.Equal(new[] { "Job", "Job.Failure", "Job.Success" }, listed.Metrics.Select(m => m.MetricName).Order(StringComparer.Ordinal));
        Assert.All(listed.Metrics, m => Assert.Equal(new[] { $"Host={Environment.MachineName}", "Job=nightly" }, m.Dimensions.Select(d => d.ToString()).Order(StringComparer.Ordinal)));
        var perSecond = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            new MetricDataQuery("n") { MetricStat = new MetricStat(new MetricIdentity(ns, "Job.Success", listed.Metrics[0].Dimensions), 1, "SampleCount") },
        }, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(new[] { 1.0 }, perSecond.Results[0].Values);
        Assert.Equal(0, perSecond.Results[0].Timestamps[0].Millisecond);
    }

    [Fact]
    public void WhatIfRunsTheBlockAndSendsNothing()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Count("PutMetricData");
        var result = ps.Run($"Measure-CwCommand -Namespace {Ns("WhatIf")} -MetricName Job -NoHostDimension -WhatIf {{ 'ran' }}");
        Assert.Equal("ran", Assert.Single(result.Output).BaseObject);
        Assert.Equal(before, _emulator.Server.Stats.Count("PutMetricData"));
        Assert.Contains("What if: Publish Job (success,", ps.Host.Text, StringComparison.Ordinal);
        Assert.Contains("New metrics (not listed by ListMetrics): 3, an estimated 0.90 USD a month", ps.Host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void StoppingEndsTheBlockPromptlyAndPublishesNothing()
    {
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Count("PutMetricData");
        using var pipeline = ps.Create($"Measure-CwCommand -Namespace {Ns("Stopped")} -MetricName Job -NoHostDimension {{ 'started'; while ($true) {{ $null = 1 }} }} | ForEach-Object {{ $started.Set() }}",
            ("started", new ManualResetEventSlim()));
        var started = (ManualResetEventSlim)ps.Runspace.SessionStateProxy.GetVariable("started");
        var running = pipeline.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromSeconds(20)));
        var watch = Stopwatch.StartNew();
        pipeline.Stop();
        Assert.True(watch.ElapsedMilliseconds < 2000, $"Stop took {watch.ElapsedMilliseconds} ms");
        Assert.True(running.IsCompleted);
        Assert.Equal(before, _emulator.Server.Stats.Count("PutMetricData"));
    }

    [Fact]
    public void APublishingFailureIsReportedAndTheBlocksOutcomeStands()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        var result = ps.Run($"Measure-CwCommand -Namespace App -MetricName Job -Region us-east-1 -AccessKey {EmulatorFixture.AccessKey} -SecretKey wrong-secret -EndpointUrl {_emulator.Endpoint} {{ 'done' }}");
        Assert.Equal("done", Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AuthenticationFailed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);

        var refused = ps.Run("Measure-CwCommand -Namespace AWS/Reserved -MetricName Job -Region us-east-1 { 'never' }");
        Assert.Empty(refused.Output); // the namespace is checked before the block runs
        Assert.StartsWith("InvalidNamespace,", Assert.Single(refused.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    /// <summary>A function that writes a non-terminating error, as Write-Error does (the hosted engine has only the core cmdlets).</summary>
    private const string SoftError = """
        function Write-SoftError {
            [CmdletBinding()] param([string] $Message)
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), 'Soft', 'InvalidOperation', $null))
        }
        """;

    /// <summary>The duration (Maximum, ms) and the Sums of .Success and .Failure over the last few minutes.</summary>
    private async Task<Run> ReadRun(string ns, string name)
    {
        using var session = new Aws.AwsSessionFactory().Connect(_emulator.Settings);
        var now = DateTime.UtcNow;
        MetricDataQuery Q(string id, string metric, string stat) =>
            new(id) { MetricStat = new MetricStat(new MetricIdentity(ns, metric, Array.Empty<Dimension>()), 300, stat) };
        var result = await session.MetricRead.GetMetricDataAsync(new GetMetricDataRequest(new[]
        {
            Q("d", name, "Maximum"), Q("s", name + ".Success", "Sum"), Q("f", name + ".Failure", "Sum"),
        }, now.AddMinutes(-10), now.AddMinutes(5)), CancellationToken.None);
        double One(string id) => Assert.Single(result.Results.Single(r => r.Id == id).Values);
        return new Run(One("d"), One("s"), One("f"));
    }

    private sealed record Run(double Duration, double Success, double Failure)
    {
        public (double, double) Outcome() => (Success, Failure);
    }
}
