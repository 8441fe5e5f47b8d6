using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>The read side as a hostile tester and a PowerShell user met it: each case failed before its fix.</summary>
public sealed class ReadSideHardeningTests : IClassFixture<EmulatorFixture>
{
    private const string Jobs = "/cloudwatcher/demo/jobs";
    private const string Instance = "i-0123456789abcdef0";
    private readonly EmulatorFixture _emulator;

    public ReadSideHardeningTests(EmulatorFixture emulator) => _emulator = emulator;

    private string NewGroup(string stream, params (TimeSpan Ago, string Message)[] events)
    {
        var group = "/hardening/" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        _emulator.Server.Logs.AppendEvents(group, stream, events.Select(e => ((now - e.Ago).ToUnixTimeMilliseconds(), e.Message)));
        return group;
    }

    [Fact]
    public async Task AnHtmlPageFromTheEndpointIsAnErrorNotAnEmptySeries()
    {
        await using var proxy = await ScriptedHttpServer.AnsweringAsync(200, "text/html", "<html><head><title>Proxy login</title></head></html>");
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance} -EndpointUrl {proxy.Endpoint} -ErrorAction Stop");
        Assert.StartsWith("InvalidResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("Proxy login", error.Exception.Message);
        var list = ps.RunExpectingTerminatingError($"Find-CwMetric -EndpointUrl {proxy.Endpoint}");
        Assert.StartsWith("InvalidResponse,", list.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersEndsWithOperationTimeout()
    {
        await using var silent = await ScriptedHttpServer.StartAsync((context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var ps = new HostedPowerShell(_emulator);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = ps.RunExpectingTerminatingError($"Get-CwLogGroup -EndpointUrl {silent.Endpoint} -TimeoutSec 1");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.StartsWith("OperationTimeout,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
    }

    [Fact]
    public void SinceTakesATimeSpanADateTimeOrText()
    {
        var group = NewGroup("s", (TimeSpan.FromHours(3), "three hours ago"), (TimeSpan.FromMinutes(30), "half an hour ago"));
        using var ps = new HostedPowerShell(_emulator);
        string[] Messages(string since) => ps.Run($"Get-CwLog {group} -Since {since}").Objects<LogEvent>().Select(e => e.Message).ToArray();
        Assert.Equal(new[] { "half an hour ago" }, Messages("([timespan]'01:00:00')"));
        Assert.Equal(new[] { "half an hour ago" }, Messages("1h"));
        Assert.Equal(new[] { "three hours ago", "half an hour ago" }, Messages("3d")); // a number literal that keeps its text
        Assert.Equal(new[] { "half an hour ago" }, Messages("([datetime]::UtcNow.AddHours(-1))"));
        Assert.Equal(new[] { "half an hour ago" }, Messages("([datetime]::Now.AddHours(-1))"));
    }

    [Theory]
    [InlineData("99999999d")]
    [InlineData("5000000d")]
    [InlineData("soonish")]
    public void AnImpossibleSinceIsInvalidTimeRangeNotADotNetError(string since)
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"Get-CwLog {Jobs} -Since {since}");
        Assert.StartsWith("InvalidTimeRange,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("(Parameter", error.Exception.Message);
    }

    [Fact]
    public void FollowStartsTenMinutesBackUnlessToldOtherwise()
    {
        var group = NewGroup("s", (TimeSpan.FromHours(2), "old"), (TimeSpan.FromMinutes(2), "recent"));
        using var ps = new HostedPowerShell(_emulator);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var pipeline = ps.Create($"Watch-CwLog {group} -Follow -PollIntervalSeconds 0.1 | ForEach-Object {{ $sink.Enqueue($_.Message) }}", ("sink", seen));
        var running = pipeline.BeginInvoke();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (seen.IsEmpty && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Thread.Sleep(500);
        pipeline.Stop();
        Assert.Equal(new[] { "recent" }, seen);
        Assert.True(running.IsCompleted);
    }

    [Fact]
    public void StringsPipeToGetCwLogAndWildcardsSelectGroupsAndStreams()
    {
        var root = "/wild-" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _emulator.Server.Logs.AppendEvents($"{root}/api", "web-1", new[] { (now - 3000, "api web-1") });
        _emulator.Server.Logs.AppendEvents($"{root}/api", "web-2", new[] { (now - 2000, "api web-2") });
        _emulator.Server.Logs.AppendEvents($"{root}/api", "worker-1", new[] { (now - 1000, "api worker-1") });
        _emulator.Server.Logs.AppendEvents($"{root}/db", "web-1", new[] { (now - 500, "db web-1") });
        using var ps = new HostedPowerShell(_emulator);
        string[] Messages(string command) => ps.Run(command).Objects<LogEvent>().Select(e => e.Message).OrderBy(m => m).ToArray();
        Assert.Equal(new[] { "api web-1", "api web-2", "api worker-1" }, Messages($"'{root}/api' | Get-CwLog"));
        Assert.Equal(new[] { "api web-1", "api web-2", "api worker-1", "db web-1" }, Messages($"Get-CwLog '{root}/*'"));
        Assert.Equal(new[] { "api web-1", "api web-2", "db web-1" }, Messages($"Get-CwLog '{root}/*' -LogStreamName 'web-*'"));
        Assert.Equal(new[] { "api web-1", "api worker-1", "db web-1" }, Messages($"Get-CwLog '{root}/*' -LogStreamName '*-1'"));
        Assert.Equal(new[] { "api web-2" }, Messages($"Watch-CwLog '{root}/a*' -LogStreamName 'web-[2]'"));
    }

    [Fact]
    public void EveryPipedStreamIsWatchedNotOnlyTheLast()
    {
        using var ps = new HostedPowerShell(_emulator);
        var piped = ps.Run($"Get-CwLogStream {Jobs} | Watch-CwLog").Objects<LogEvent>().Select(e => e.LogStreamName).Distinct().Count();
        var streams = ps.Run($"Get-CwLogStream {Jobs}").Objects<LogStream>().Count(s => s.LastEventTime is not null);
        Assert.True(streams > 1);
        Assert.Equal(streams, piped);
    }

    [Fact]
    public void APresetPipedToFindCwMetricListsItsMetricForEveryInstance()
    {
        using var ps = new HostedPowerShell(_emulator);
        var metrics = ps.Run("Get-CwPreset nephele_mem | Find-CwMetric").Objects<MetricInfo>().ToList();
        Assert.Equal(2, metrics.Count);
        Assert.All(metrics, m => Assert.Equal("mem_used", m.MetricName));
    }

    [Fact]
    public void DimensionsTakeCustomObjectsFromJsonAndCsv()
    {
        using var ps = new HostedPowerShell(_emulator);
        var series = ps.Run($"$d = [pscustomobject]@{{ Name = 'InstanceId'; Value = '{Instance}' }}; Get-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_used -Dimension $d -Hours 1");
        Assert.Empty(series.Errors);
        Assert.Equal(Instance, Assert.Single(series.Objects<TimedMetric>()).Dimensions["InstanceId"]);
    }

    [Fact]
    public void ABrokenPresetElsewhereDoesNotStopAQueryOfAGoodOne()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("broken.json"), "{ \"namespace\": ");
        using var ps = new HostedPowerShell(_emulator);
        var good = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance} -Hours 1 -PresetPath '{dir.Path}', '{dir.File("missing-folder")}' -ErrorAction Stop");
        Assert.Single(good.Objects<TimedMetric>());
        Assert.Empty(good.Errors);
        Assert.Contains(good.Warnings, w => w.Contains("broken.json"));
        var broken = ps.RunExpectingTerminatingError($"Get-CwMetric broken -InstanceId {Instance} -PresetPath '{dir.Path}' -ErrorAction Stop");
        Assert.StartsWith("PresetInvalid,", broken.FullyQualifiedErrorId);
        Assert.DoesNotContain("PresetDocument", broken.Exception.Message);
    }

    [Fact]
    public void AHugePresetFileIsRefusedWithoutReadingIt()
    {
        using var dir = new TempDirectory();
        using (var huge = File.Create(dir.File("huge.json")))
        {
            huge.SetLength(3 * 1024 * 1024);
        }
        using var ps = new HostedPowerShell(null);
        var result = ps.Run($"Get-CwPreset -Path '{dir.Path}'");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PresetInvalid,", error.FullyQualifiedErrorId);
        Assert.Contains("3 MB", error.Exception.Message);
    }

    [Fact]
    public void AProfileNameNextToKeysMustExist()
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError("Get-CwLogGroup -ProfileName no-such-profile-typo");
        Assert.StartsWith("ProfileNotFound,", error.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("Get-CwMetric nephele_mem -InstanceId i-0123456789abcdef0 -Hours 1 | Export-CwMetric variable:/x")]
    [InlineData("Watch-CwLog /cloudwatcher/demo/jobs -CheckpointPath env:/cp")]
    public void APathOfAnotherProviderIsRefused(string command)
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError(command);
        Assert.StartsWith("InvalidPath,", error.FullyQualifiedErrorId);
        Assert.Contains("not a file system path", error.Exception.Message);
    }

    [Fact]
    public void AFileNameWhoseExtensionIsNoFormatWeWriteIsRefused()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance} -Hours 1 | Export-CwMetric '{dir.File("metrics.xlsx")}'");
        Assert.StartsWith("UnknownExportFormat,", error.FullyQualifiedErrorId);
        Assert.False(File.Exists(dir.File("metrics.xlsx")));
        var forced = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance} -Hours 1 | Export-CwMetric '{dir.File("metrics.txt")}' -Format Csv");
        Assert.Empty(forced.Errors);
        Assert.StartsWith("time,value", File.ReadAllText(dir.File("metrics.txt")));
    }

    [Fact]
    public void AwsToolsSessionDefaultsAreHonouredAfterParametersAndBeforeTheEnvironment()
    {
        using var ps = new HostedPowerShell(_emulator, connectionDefaults: false);
        ps.Run($"$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{_emulator.Endpoint}'");
        ps.Run("$global:StoredAWSRegion = 'eu-north-1'");
        ps.Run("$global:StoredAWSCredentials = $creds", ("creds", new AwsPsCredentialsLookalike(new Amazon.Runtime.BasicAWSCredentials(EmulatorFixture.AccessKey, EmulatorFixture.SecretKey))));
        var result = ps.Run($"Get-CwLogGroup {Jobs} -Verbose");
        Assert.Empty(result.Errors);
        Assert.Single(result.Objects<LogGroup>());
        Assert.Contains(result.Verbose, v => v.Contains("region eu-north-1"));
        Assert.Contains(result.Verbose, v => v.Contains("StoredAWSCredentials"));
        Assert.Contains(result.Verbose, v => v.Contains("credentials from parameters"));
        var explicitRegion = ps.Run($"Get-CwLogGroup {Jobs} -Region us-west-2 -Verbose");
        Assert.Contains(explicitRegion.Verbose, v => v.Contains("region us-west-2"));
    }

    /// <summary>The shape of AWS.Tools' AWSPSCredentials: the SDK credentials in a non-public property.</summary>
    private sealed class AwsPsCredentialsLookalike
    {
        public AwsPsCredentialsLookalike(Amazon.Runtime.AWSCredentials credentials) => Credentials = credentials;

        internal Amazon.Runtime.AWSCredentials Credentials { get; }

        public override string ToString() => "default";
    }

    [Fact]
    public void CompletersHonourPSDefaultParameterValuesAndCompleteStreamsNamespacesMetricsAndProfiles()
    {
        using var ps = new HostedPowerShell(_emulator);
        string[] Complete(string line) => ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", ("line", line))
            .Output.Select(o => o.ToString()!).ToArray();
        Assert.Contains(Jobs, Complete("Get-CwLog /cloudwatcher/demo/j"));
        Assert.NotEmpty(Complete($"Get-CwLog {Jobs} -LogStreamName job-"));
        Assert.All(Complete($"Get-CwLog {Jobs} -LogStreamName job-"), s => Assert.StartsWith("job-", s));
        Assert.Contains("NepheleNamespaceEC2", Complete("Find-CwMetric -Namespace Neph"));
        Assert.Contains("mem_used", Complete("Find-CwMetric -Namespace NepheleNamespaceEC2 -MetricName mem_"));
    }

    [Fact]
    public void LongMetricReadsShowProgressPerCall()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwPreset nephele_* | Get-CwMetric -InstanceId {Instance}, i-0fedcba9876543210 -Days 7 -Statistic Maximum, Average, Minimum");
        Assert.True(result.Objects<TimedMetric>().Count() == 48);
        var progress = result.Progress.Where(p => p.Activity == "Reading CloudWatch metrics" && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.True(progress.Count >= 2, $"{progress.Count} progress records");
        Assert.Contains(progress, p => p.StatusDescription.Contains("GetMetricData calls"));
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }
}
