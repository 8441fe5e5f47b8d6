using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

using CloudWatcher.Time;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class LogReadTests : IClassFixture<EmulatorFixture>
{
    private const string Jobs = "/cloudwatcher/demo/jobs";
    private readonly EmulatorFixture _emulator;

    public LogReadTests(EmulatorFixture emulator) => _emulator = emulator;

    private string FirstJobStream => _emulator.Server.Logs.FindGroup(Jobs)!.Streams().OrderBy(s => s.Name).First().Name;

    /// <summary>A fresh group with <paramref name="count"/> events a second apart in each of the given streams.</summary>
    private string NewGroup(int count, params string[] streams)
    {
        var group = "/test/" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        foreach (var (stream, s) in streams.Select((s, i) => (s, i)))
        {
            _emulator.Server.Logs.AppendEvents(group, stream, Enumerable.Range(0, count).Select(i => (start + i * 1000L + s, $"{stream} event {i}")));
        }
        return group;
    }

    [Fact]
    public void OneStreamIsReadCompletelyInOrder()
    {
        using var ps = new HostedPowerShell(_emulator);
        var stored = _emulator.Server.Logs.FindGroup(Jobs)!.FindStream(FirstJobStream)!.Count;
        var events = ps.Run($"Get-CwLog -LogGroupName {Jobs} -LogStreamName {FirstJobStream}").Objects<LogEvent>().ToList();
        Assert.Equal(stored, events.Count);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        Assert.All(events, e => Assert.Equal(FirstJobStream, e.LogStreamName));
    }

    [Fact]
    public void AGroupIsInterleavedWithFilterLogEvents()
    {
        var group = NewGroup(30, "a", "b", "c");
        using var ps = new HostedPowerShell(_emulator);
        var events = ps.Run($"Get-CwLog {group}").Objects<LogEvent>().ToList();
        Assert.Equal(90, events.Count);
        Assert.Equal(new[] { "a", "b", "c", "a" }, events.Take(4).Select(e => e.LogStreamName));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.EventId)));

        var prefixed = ps.Run($"Get-CwLog {group} -LogStreamNamePrefix b").Objects<LogEvent>().ToList();
        Assert.Equal(30, prefixed.Count);
        var filtered = ps.Run($"Get-CwLog {group} -FilterPattern '\"event 7\"'").Objects<LogEvent>().ToList();
        Assert.Equal(3, filtered.Count);
    }

    [Fact]
    public void PipelineFromGetCwLogGroupAndSince()
    {
        var group = NewGroup(10, "only");
        using var ps = new HostedPowerShell(_emulator);
        var events = ps.Run($"Get-CwLogGroup -Name {group} | Get-CwLog -Since 3h").Objects<LogEvent>().ToList();
        Assert.Equal(10, events.Count);
        Assert.Empty(ps.Run($"Get-CwLog {group} -Since 30m").Output);
    }

    [Fact]
    public void LimitAndNextTokenContinueExactly()
    {
        var group = NewGroup(25, "s");
        using var ps = new HostedPowerShell(_emulator);
        var first = ps.Run($"Get-CwLog {group} -LogStreamName s -Limit 10 -NextTokenVariable next").Objects<LogEvent>().ToList();
        var rest = ps.Run($"Get-CwLog {group} -LogStreamName s -StartToken $next").Objects<LogEvent>().ToList();
        Assert.Equal(10, first.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"s event {i}"), first.Concat(rest).Select(e => e.Message));
    }

    [Fact]
    public void TextLinesAreCloudwatchersFormatWithThePythonStampRemoved()
    {
        using var ps = new HostedPowerShell(_emulator);
        var lines = ps.Run($"Get-CwLog {Jobs} -LogStreamName {FirstJobStream} -AsText").Output.Select(o => (string)o.BaseObject).ToList();
        Assert.All(lines, l => Assert.Matches(@"^\[\d\d-\d\d-\d{4} \d\d:\d\d:\d\d UTC\] ", l));
        Assert.DoesNotContain(lines, l => l.Contains(" - INFO]"));
        Assert.All(lines, l => Assert.DoesNotContain("\n", l));
        var converted = ps.Run($"Get-CwLog {Jobs} -LogStreamName {FirstJobStream} | ConvertTo-CwLogLine").Output.Select(o => (string)o.BaseObject);
        Assert.Equal(lines, converted);
        var kept = ps.Run($"Get-CwLog {Jobs} -LogStreamName {FirstJobStream} | ConvertTo-CwLogLine -KeepStamp").Output.Select(o => (string)o.BaseObject);
        Assert.Contains(kept, l => l.Contains(" - INFO]"));
    }

    [Fact]
    public void JsonMessagesExpandIntoProperties()
    {
        var group = "/test/json-" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _emulator.Server.Logs.AppendEvents(group, "api", new[]
        {
            (now - 3000, "{\"level\":\"ERROR\",\"status\":503,\"ctx\":{\"user\":\"ann\"}}"),
            (now - 2000, "{\"level\":\"INFO\",\"status\":200}"),
            (now - 1000, "plain text line"),
        });
        using var ps = new HostedPowerShell(_emulator);
        var errors = ps.Run($"Get-CwLog {group} -ExpandJson | Where-Object {{ $_.level -eq 'ERROR' -and $_.status -ge 500 }}").Output;
        var error = Assert.Single(errors);
        Assert.Equal("ann", ((PSObject)error.Properties["ctx"].Value).Properties["user"].Value);
        Assert.IsType<LogEvent>(error.BaseObject);
        Assert.Equal(3, ps.Run($"Get-CwLog {group} -ExpandJson").Output.Count);
    }

    [Fact]
    public void JsonNumbersKeepTheTypesConvertFromJsonGives()
    {
        var group = "/test/json-types-" + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _emulator.Server.Logs.AppendEvents(group, "api", new[]
        {
            (now - 1000, "{\"status\":503,\"ratio\":0.25,\"big\":123456789012345678901234,\"exp\":1e3,\"ids\":[1,2.5],\"ctx\":{\"n\":7}}"),
        });
        using var ps = new HostedPowerShell(_emulator);
        var e = Assert.Single(ps.Run($"Get-CwLog {group} -ExpandJson").Output);
        Assert.IsType<long>(e.Properties["status"].Value);
        Assert.Equal(503L, e.Properties["status"].Value);
        Assert.IsType<double>(e.Properties["ratio"].Value);
        Assert.IsType<System.Numerics.BigInteger>(e.Properties["big"].Value);
        Assert.IsType<double>(e.Properties["exp"].Value);
        var ids = Assert.IsType<object[]>(e.Properties["ids"].Value);
        Assert.IsType<long>(ids[0]);
        Assert.IsType<double>(ids[1]);
        Assert.IsType<long>(((PSObject)e.Properties["ctx"].Value).Properties["n"].Value);
    }

    [Fact]
    public void BadInputsGetClearErrors()
    {
        using var ps = new HostedPowerShell(_emulator);
        var missing = ps.Run("Get-CwLog /no/such/group");
        var error = Assert.Single(missing.Errors);
        Assert.StartsWith("ResourceNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);

        var noStream = ps.Run($"Get-CwLog {Jobs} -LogStreamName no-such-stream");
        Assert.StartsWith("ResourceNotFound,", Assert.Single(noStream.Errors).FullyQualifiedErrorId);

        var reversed = ps.RunExpectingTerminatingError($"Get-CwLog {Jobs} -StartTime ([datetime]::UtcNow) -EndTime ([datetime]::UtcNow.AddHours(-1))");
        Assert.StartsWith("InvalidTimeRange,", reversed.FullyQualifiedErrorId);

        var both = ps.RunExpectingTerminatingError($"Get-CwLog {Jobs} -LogStreamName a -LogStreamNamePrefix b");
        Assert.StartsWith("InvalidLogQuery,", both.FullyQualifiedErrorId);

        var badPattern = ps.Run($"Get-CwLog {Jobs} -FilterPattern '{{ $.level = '");
        var patternError = Assert.Single(badPattern.Errors);
        Assert.StartsWith("InvalidParameter,", patternError.FullyQualifiedErrorId);
        Assert.Contains("filter pattern", patternError.Exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ERROR", true)]
    [InlineData("?ERROR ?WARNING", true)]
    [InlineData("{ $.level = \"ERROR\" }", true)]
    [InlineData("Step -ERROR", false)]
    public void FilterPatternsSelectMatchingEvents(string pattern, bool expectErrors)
    {
        using var ps = new HostedPowerShell(_emulator);
        var events = ps.Run($"Get-CwLog {Jobs} -FilterPattern $pattern", ("pattern", pattern)).Objects<LogEvent>().ToList();
        Assert.NotEmpty(events);
        Assert.Equal(expectErrors, events.Any(e => e.Message.Contains("ERROR")));
    }

    [Fact]
    public void WatchReadsToTheEndWithoutFollow()
    {
        var group = NewGroup(40, "x", "y");
        using var ps = new HostedPowerShell(_emulator);
        Assert.Equal(80, ps.Run($"Watch-CwLog {group}").Objects<LogEvent>().Count());
    }

    [Fact]
    public void SeveralGroupsAreMergedInTimestampOrder()
    {
        var a = NewGroup(20, "a");
        var b = NewGroup(20, "b");
        using var ps = new HostedPowerShell(_emulator);
        var events = ps.Run($"Watch-CwLog {a}, {b}").Objects<LogEvent>().ToList();
        Assert.Equal(40, events.Count);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.Equal(2, events.Take(2).Select(e => e.LogGroupName).Distinct().Count());
    }

    [Fact]
    public async Task FollowPicksUpNewEventsAndStopsWithinHalfASecond()
    {
        var group = NewGroup(5, "live");
        using var ps = new HostedPowerShell(_emulator);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var pipeline = ps.Create($"Watch-CwLog {group} -LogStreamName live -Follow -Since 30d -PollIntervalSeconds 0.2 | ForEach-Object {{ $sink.Enqueue($_.Message) }}", ("sink", seen));
        var running = pipeline.BeginInvoke();
        await WaitFor(() => seen.Count == 5);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _emulator.Server.Logs.AppendEvents(group, "live", new[] { (now, "fresh 1"), (now + 1, "fresh 2") });
        await WaitFor(() => seen.Count == 7);
        await Task.Delay(1500); // let it back off into a longer wait
        var watch = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Stop();
        Assert.True(watch.ElapsedMilliseconds < 500, $"Stop took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(new[] { "fresh 1", "fresh 2" }, seen.Skip(5));
        Assert.True(running.IsCompleted);
    }

    [Fact]
    public void ACheckpointContinuesAcrossRunsAndAfterAStop()
    {
        using var dir = new TempDirectory();
        var group = NewGroup(3000, "a", "b");
        var checkpoint = dir.File("jobs.checkpoint");
        using var ps = new HostedPowerShell(_emulator);
        var seen = new List<string>();

        // Run 1 is stopped part way (as Ctrl+C would), run 2 reads to the end, run 3 finds only what arrived since.
        using (var pipeline = ps.Create($"Watch-CwLog {group} -CheckpointPath '{checkpoint}' | ForEach-Object {{ $sink.Add($_.Message); if ($sink.Count -eq 1234) {{ $stopper.Set() }} }}",
                   ("sink", seen), ("stopper", new ManualResetEventSlim())))
        {
            var stopper = (ManualResetEventSlim)ps.Runspace.SessionStateProxy.GetVariable("stopper");
            var running = pipeline.BeginInvoke();
            stopper.Wait(TimeSpan.FromSeconds(20));
            pipeline.Stop();
            Assert.True(running.IsCompleted);
        }
        Assert.InRange(seen.Count, 1234, 5999);
        seen.AddRange(ps.Run($"Watch-CwLog {group} -CheckpointPath '{checkpoint}'").Objects<LogEvent>().Select(e => e.Message));
        // Nothing lost; at most the one event that was being handed on when the stop came is handed on again.
        Assert.Equal(6000, seen.Distinct().Count());
        Assert.InRange(seen.Count, 6000, 6001);

        var later = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _emulator.Server.Logs.AppendEvents(group, "b", new[] { (later, "after 1"), (later + 5, "after 2") });
        var third = ps.Run($"Watch-CwLog {group} -CheckpointPath '{checkpoint}'").Objects<LogEvent>().Select(e => e.Message);
        Assert.Equal(new[] { "after 1", "after 2" }, third);
    }

    [Fact]
    public void CheckpointProblemsAreErrorsAndNeverAResetToTheStart()
    {
        using var dir = new TempDirectory();
        var group = NewGroup(5, "s");
        using var ps = new HostedPowerShell(_emulator);
        var corrupt = dir.File("corrupt.checkpoint");
        File.WriteAllText(corrupt, "{ half a fi");
        var error = ps.RunExpectingTerminatingError($"Watch-CwLog {group} -CheckpointPath '{corrupt}'");
        Assert.StartsWith("CheckpointUnusable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("{ half a fi", File.ReadAllText(corrupt));

        var missingFolder = ps.RunExpectingTerminatingError($"Watch-CwLog {group} -CheckpointPath '{dir.Path}/nope/x.checkpoint'");
        Assert.StartsWith("DirectoryNotFound,", missingFolder.FullyQualifiedErrorId);

        var other = dir.File("other.checkpoint");
        ps.Run($"Watch-CwLog {group} -LogStreamName s -CheckpointPath '{other}'");
        var mismatch = ps.RunExpectingTerminatingError($"Watch-CwLog {group} -CheckpointPath '{other}'");
        Assert.Contains("another query", mismatch.Exception.Message);
    }

    [Fact]
    public void DefaultViewShowsTimeStreamAndMessage()
    {
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwLog {Jobs} -LogStreamName {FirstJobStream} -Limit 3 | Out-Host");
        Assert.Matches(@"Timestamp \(UTC\)\s+LogStreamName\s+Message", ps.Host.Text);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(condition(), "timed out");
    }
}
