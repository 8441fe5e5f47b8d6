using System.Management.Automation;
using CloudWatcher.Emulator.Faults;
using Microsoft.AspNetCore.Http;
using CloudWatcher.Tests.Infrastructure;
using StoredEvent = CloudWatcher.Emulator.Logs.LogEvent;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Write-CwLog in a hosted engine against the emulator: every PutLogEvents limit at its edge (calls counted by the
/// emulator), objects as JSON, times, errors per event, -WhatIf, -PassThru, creation, retries, and the spool.
/// </summary>
public sealed class WriteCwLogTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly TempDirectory _spool = new();
    private readonly HostedPowerShell _ps;

    public WriteCwLogTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = new HostedPowerShell(emulator);
        _ps.Run($"$PSDefaultParameterValues['*-CwLog*:SpoolPath'] = '{_spool.Path}'");
    }

    public void Dispose()
    {
        _ps.Dispose();
        _spool.Dispose();
    }

    private long Puts => _emulator.Server.Stats.Count("PutLogEvents");

    /// <summary>A new group with a stream "s" (so the first call is not the one that finds it missing), unless told not to.</summary>
    private string NewGroup(bool create = true)
    {
        var group = "/write/" + Guid.NewGuid().ToString("N")[..10];
        if (create)
        {
            _emulator.Server.Logs.TryCreateGroup(group)!.TryCreateStream("s", _emulator.Server.Logs.NowMs);
        }
        return group;
    }

    private List<StoredEvent> Stored(string group, string stream = "s")
    {
        var s = _emulator.Server.Logs.FindGroup(group)?.FindStream(stream);
        return s is null ? new List<StoredEvent>() : s.ReadForward(0, s.Count, int.MaxValue, int.MaxValue, out _);
    }

    private (RunResult Result, long Calls) Write(string script)
    {
        var before = Puts;
        var result = _ps.Run(script);
        return (result, Puts - before);
    }

    [Fact]
    public void ExactlyTheByteLimitIsOneCallAndOneByteMoreIsTwo()
    {
        var group = NewGroup();
        var (exact, exactCalls) = Write($"$a = 'a' * 524262; $a, $a | Write-CwLog {group} s");
        Assert.Empty(exact.Errors);
        Assert.Equal(1, exactCalls);
        var (_, overCalls) = Write($"('a' * 524262), ('b' * 524263) | Write-CwLog {group} s");
        Assert.Equal(2, overCalls);
        Assert.Equal(4, Stored(group).Count);
    }

    [Fact]
    public void TenThousandEventsAreOneCallAndTenThousandAndOneAreTwo()
    {
        var group = NewGroup();
        Assert.Equal(1, Write($"1..10000 | ForEach-Object {{ \"event $_\" }} | Write-CwLog {group} s").Calls);
        Assert.Equal(2, Write($"1..10001 | ForEach-Object {{ \"event $_\" }} | Write-CwLog {group} s").Calls);
        Assert.Equal(20_001, Stored(group).Count);
    }

    [Fact]
    public void A25HourSpreadIsTwoCallsAndUnsortedInputIsSortedInOne()
    {
        var group = NewGroup();
        var (spread, calls) = Write($@"$start = [datetime]::UtcNow.AddHours(-30)
0..25 | ForEach-Object {{ [pscustomobject]@{{ Timestamp = $start.AddHours($_); hour = $_ }} }} | Write-CwLog {group} s");
        Assert.Empty(spread.Errors);
        Assert.Equal(2, calls);

        var other = NewGroup();
        var (_, unsortedCalls) = Write($@"$t0 = [datetime]::UtcNow.AddMinutes(-10)
5, 1, 9, 3, 1 | ForEach-Object {{ [pscustomobject]@{{ Timestamp = $t0.AddSeconds($_); n = $_ }} }} | Write-CwLog {other} s");
        Assert.Equal(1, unsortedCalls);
        Assert.Equal(new[] { 1, 1, 3, 5, 9 }, Stored(other).Select(e => int.Parse(e.Message.Split("\"n\":")[1].TrimEnd('}'), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AnOversizeEventIsAnErrorAndWithTruncateItIsSentCutWithAWarning()
    {
        var group = NewGroup();
        var (result, calls) = Write($"('x' * 1100000), 'small' | Write-CwLog {group} s -PassThru");
        var error = Assert.Single(result.Errors);
        Assert.Equal("LogEventTooLarge,CloudWatcher.PowerShell.Commands.WriteCwLogCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.QuotaExceeded, error.CategoryInfo.Category);
        Assert.Contains("1,100,026 bytes", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Truncate", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(1, calls);
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((1L, 1L), (summary.EventsSent, summary.Oversize));

        var (truncated, _) = Write($"'x' * 1100000 | Write-CwLog {group} s -Truncate");
        Assert.Empty(truncated.Errors);
        Assert.Contains(truncated.Warnings, w => w.Contains("truncated by CloudWatcher", StringComparison.Ordinal));
        var stored = Stored(group).Single(e => e.Message.Length > 100).Message;
        Assert.Matches(@"…\[truncated by CloudWatcher: \d+ bytes\]$", stored);
        Assert.Equal(1_048_576, System.Text.Encoding.UTF8.GetByteCount(stored) + 26);
    }

    [Fact]
    public void RejectedEventsAreErrorsNamingThemAndTheRestIsStored()
    {
        var group = NewGroup();
        var (result, _) = Write($@"$now = [datetime]::UtcNow
[pscustomobject]@{{ Timestamp = $now.AddDays(-20); msg = 'too old to keep' }},
[pscustomobject]@{{ Timestamp = $now.AddMinutes(-1); msg = 'kept' }},
[pscustomobject]@{{ Timestamp = $now.AddHours(3); msg = 'from the future' }} | Write-CwLog {group} s -PassThru");
        Assert.Equal(new[] { "LogEventRejectedTooOld", "LogEventRejectedTooNew" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.Contains("too old to keep", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("from the future", result.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("\"msg\":\"kept\"", Assert.Single(Stored(group)).Message, StringComparison.Ordinal);
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((1L, 2L, 0L), (summary.EventsSent, summary.Rejected, summary.Spooled));
    }

    [Fact]
    public void WhatIfSaysWhatWouldBeSentAndSendsNothing()
    {
        var group = NewGroup(create: false);
        var (result, calls) = Write($"1..10001 | ForEach-Object {{ \"event $_\" }} | Write-CwLog {group} s -WhatIf");
        Assert.Equal(0, calls);
        Assert.Empty(result.Errors);
        Assert.Null(_emulator.Server.Logs.FindGroup(group));
        Assert.Contains($"What if: Performing the operation \"Write 10,001 log events (", _ps.Host.Text, StringComparison.Ordinal);
        Assert.Contains("in 2 PutLogEvents calls\" on target \"" + group + " / s\"", _ps.Host.Text, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_spool.Path));
    }

    [Fact]
    public void PassThruWritesASummary()
    {
        var group = NewGroup();
        var (result, _) = Write($"Write-CwLog {group} s -Message 'one', 'two', '' -PassThru");
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((group, "s"), (summary.LogGroupName, summary.LogStreamName));
        Assert.Equal((2L, 1L, 2L * 29, 1L, 0L), (summary.EventsSent, summary.Calls, summary.Bytes, summary.Skipped, summary.Spooled));
        Assert.False(summary.WhatIf);
        Assert.Contains(result.Warnings, w => w.Contains("1 empty message was not sent", StringComparison.Ordinal));
    }

    [Fact]
    public void ObjectsBecomeOneLineJsonAndPropertiesChooseMessageAndTime()
    {
        var group = NewGroup();
        Write($@"[ordered]@{{ level = 'INFO'; at = [datetime]::new(2026, 11, 30, 10, 0, 0, [DateTimeKind]::Utc); kind = [DayOfWeek]::Monday; tags = @('a', 'b'); nested = @{{ deep = @{{ deeper = @{{ deepest = 1 }} }} }}; ratio = 0.5; none = $null }} | Write-CwLog {group} s");
        var json = Assert.Single(Stored(group)).Message;
        Assert.Equal("{\"level\":\"INFO\",\"at\":\"2026-11-30T10:00:00Z\",\"kind\":\"Monday\",\"tags\":[\"a\",\"b\"],\"nested\":{\"deep\":{\"deeper\":\"System.Collections.Hashtable\"}},\"ratio\":0.5,\"none\":null}", json);

        var other = NewGroup();
        var (result, _) = Write($@"$t = [datetimeoffset]::new(2026, 11, 30, 9, 30, 0, [timespan]::Zero).ToUnixTimeMilliseconds()
[pscustomobject]@{{ when = $t; text = 'the message'; n = 1 }}, [pscustomobject]@{{ when = '2026-11-30T09:31:00Z'; text = 'second'; n = 2 }} |
    Write-CwLog {other} s -Property text -TimestampProperty when");
        Assert.Empty(result.Errors);
        var stored = Stored(other);
        Assert.Equal(new[] { "the message", "second" }, stored.Select(e => e.Message));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stored[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 31, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stored[1].Timestamp);
    }

    [Fact]
    public void ATimestampPropertyIsUsedAndABadOneIsAnErrorForThatInputOnly()
    {
        var group = NewGroup();
        var (result, _) = Write($@"$at = [datetime]::UtcNow.AddMinutes(-3)
[pscustomobject]@{{ Timestamp = $at; m = 1 }}, [pscustomobject]@{{ Timestamp = 'not a time'; m = 2 }}, [pscustomobject]@{{ '@timestamp' = $at.AddSeconds(1); m = 3 }} |
    Write-CwLog {group} s");
        var error = Assert.Single(result.Errors);
        Assert.Equal("LogEventTimestampInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        var stored = Stored(group);
        Assert.Equal(2, stored.Count);
        Assert.Equal(1_000, stored[1].Timestamp - stored[0].Timestamp);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - stored[0].Timestamp, 179_000, 240_000);
    }

    [Fact]
    public void LogEventsFromGetCwLogKeepTheirMessageAndTime()
    {
        var group = NewGroup();
        _ps.Run($"Get-CwLog /cloudwatcher/demo/jobs -Since 1d -Limit 50 | Write-CwLog {group} s");
        var source = _ps.Run("Get-CwLog /cloudwatcher/demo/jobs -Since 1d -Limit 50").Objects<LogEvent>().ToList();
        var stored = Stored(group);
        Assert.Equal(source.Select(e => e.Message), stored.Select(e => e.Message));
        Assert.Equal(source.Select(e => new DateTimeOffset(e.Timestamp).ToUnixTimeMilliseconds()), stored.Select(e => e.Timestamp));
    }

    [Fact]
    public void AMissingGroupAndStreamAreCreatedAndNoCreateEndsWithTheEventsSpooled()
    {
        var group = NewGroup(create: false);
        var (created, _) = Write($"Write-CwLog {group} web-1 -Message 'first' -Verbose");
        Assert.Empty(created.Errors);
        Assert.Contains(created.Verbose, v => v.Contains($"Created the log group '{group}'", StringComparison.Ordinal));
        Assert.Single(Stored(group, "web-1"));

        var missing = NewGroup(create: false);
        var error = _ps.RunExpectingTerminatingError($"Write-CwLog {missing} web-1 -Message 'a', 'b' -NoCreate");
        Assert.Equal("LogEventsSpooled", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("-NoCreate", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("2 events are kept in the spool folder", error.Exception.Message, StringComparison.Ordinal);
        Assert.Null(_emulator.Server.Logs.FindGroup(missing));
        var entry = Assert.Single(_ps.Run($"Get-CwLogSpool {missing}").Objects<LogSpoolEntry>());
        Assert.Equal(2, entry.Events);
    }

    [Fact]
    public void ThrottlingIsTriedAgainUntilItPasses()
    {
        var group = NewGroup();
        var plan = new FaultPlan();
        plan.Add(FaultRule.OnRequests(FaultKind.Throttle, "PutLogEvents", 1, 2, 3, 4));
        _emulator.Server.Faults = plan;
        try
        {
            var (result, calls) = Write($"1..100 | ForEach-Object {{ \"event $_\" }} | Write-CwLog {group} s -PassThru");
            Assert.Empty(result.Errors);
            Assert.Equal(100, Assert.Single(result.Objects<LogWriteSummary>()).EventsSent);
            Assert.Equal(5, calls); // three by the SDK, then the writer's second attempt (the SDK's retries again)
            Assert.Contains(result.Warnings, w => w.Contains("ThrottlingException", StringComparison.Ordinal) && w.Contains("trying again", StringComparison.Ordinal));
            Assert.Equal(100, Stored(group).Count);
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
    }

    [Fact]
    public void WhenTheServiceKeepsFailingTheEventsAreSpooledAndTheNextWriteSendsThemFirst()
    {
        var group = NewGroup();
        var plan = new FaultPlan();
        plan.Add(FaultRule.EveryNth(FaultKind.Unavailable, "PutLogEvents", 1));
        _emulator.Server.Faults = plan;
        ErrorRecord error;
        try
        {
            error = _ps.RunExpectingTerminatingError($"1..300 | ForEach-Object {{ \"old $_\" }} | Write-CwLog {group} s");
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
        Assert.Equal("LogEventsSpooled", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("300 events are kept in the spool folder", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains(_spool.Path, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Send-CwLogSpool", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(Stored(group));

        var (result, _) = Write($"1..5 | ForEach-Object {{ \"new $_\" }} | Write-CwLog {group} s -PassThru");
        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((305L, 300L, 0L, 0L), (summary.EventsSent, summary.Resent, summary.PossibleDuplicates, summary.Spooled));
        var stored = Stored(group).Select(e => e.Message).ToList();
        Assert.Equal(305, stored.Distinct().Count());
        Assert.Equal(305, stored.Count);
        Assert.Empty(_ps.Run("Get-CwLogSpool").Objects<LogSpoolEntry>());
    }

    [Fact]
    public void SendCwLogSpoolSendsWhatWasLeftAndGetCwLogSpoolListsIt()
    {
        var group = NewGroup();
        var plan = new FaultPlan();
        plan.Add(FaultRule.EveryNth(FaultKind.Internal, "PutLogEvents", 1));
        _emulator.Server.Faults = plan;
        try
        {
            _ps.RunExpectingTerminatingError($"Write-CwLog {group} s -Message 'a', 'b', 'c'");
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
        var entry = Assert.Single(_ps.Run($"Get-CwLogSpool -LogGroupName '{group}'").Objects<LogSpoolEntry>());
        Assert.Equal((group, "s", 3L, 3L, 1, 0), (entry.LogGroupName, entry.LogStreamName, entry.Events, entry.InDoubt, entry.Files, entry.FilesInUse));
        Assert.Equal("us-east-1", entry.Region);

        var whatIf = _ps.Run($"Get-CwLogSpool '{group}' | Send-CwLogSpool -WhatIf");
        Assert.Contains("Send 3 spooled log events", _ps.Host.Text, StringComparison.Ordinal);
        Assert.Empty(Stored(group));

        var result = _ps.Run($"Get-CwLogSpool '{group}' | Send-CwLogSpool -PassThru");
        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((3L, 3L, 0L), (summary.Resent, summary.EventsSent, summary.Spooled));
        Assert.Equal(new[] { "a", "b", "c" }, Stored(group).Select(e => e.Message));
        Assert.Empty(_ps.Run($"Get-CwLogSpool '{group}'").Objects<LogSpoolEntry>());
        Assert.Empty(_ps.Run("Send-CwLogSpool -PassThru").Objects<LogWriteSummary>());
    }

    [Fact]
    public async Task DataAlreadyAcceptedIsSuccess()
    {
        await using var server = await ScriptedHttpServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync("{\"__type\":\"DataAlreadyAcceptedException\",\"message\":\"The given batch of log events has already been accepted.\",\"expectedSequenceToken\":\"1\"}");
        });
        var result = _ps.Run($"Write-CwLog /g s -Message 'one', 'two' -EndpointUrl {server.Endpoint} -PassThru -Verbose");
        Assert.Empty(result.Errors);
        var summary = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal((2L, 1L, 0L), (summary.EventsSent, summary.Calls, summary.Spooled));
        Assert.Contains(result.Verbose, v => v.Contains("DataAlreadyAcceptedException", StringComparison.Ordinal));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void ProgressShowsWhileManyCallsAreMade()
    {
        var group = NewGroup();
        var (result, _) = Write($"1..30000 | ForEach-Object {{ \"event $_\" }} | Write-CwLog {group} s");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Progress, p => p.Activity == "Writing log events" && p.StatusDescription.Contains("events sent", StringComparison.Ordinal));
    }
}
