using System.Diagnostics;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine.Writing;

/// <summary>The writer against the fake: calls, creation, rejections, retries, the spool, resends, stops.</summary>
public sealed class LogWriterTests : IDisposable
{
    private static readonly LogDestination Destination = new("us-east-1", null, "/app/api", "web-1");
    private readonly TempDirectory _temp = new();
    private readonly FakeLogsApi _api = new();
    private readonly RecordingSink _sink = new();

    public void Dispose() => _temp.Dispose();

    private LogWriterOptions Options => new()
    {
        SpoolPath = _temp.Path,
        VerifySettle = TimeSpan.Zero,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(40),
    };

    private LogWriter NewWriter(LogWriterOptions? options = null, ILogReadApi? read = null, LogDestination? destination = null) =>
        new(destination ?? Destination, options ?? Options, _api, _api, read ?? _api, _sink);

    private static IEnumerable<(DateTime, string)> Numbered(int count, DateTime? start = null, string prefix = "event") =>
        Enumerable.Range(0, count).Select(i => ((start ?? DateTime.UtcNow.AddHours(-1)).AddMilliseconds(i), $"{prefix} {i:D6}"));

    private static async Task<LogWriteSummary> Write(LogWriter writer, IEnumerable<(DateTime Time, string Message)> events)
    {
        writer.Start();
        foreach (var (time, message) in events)
        {
            await writer.AddAsync(time, message, CancellationToken.None);
        }
        return await writer.CompleteAsync(CancellationToken.None);
    }

    private static List<CloudWatcherException> Failures(LogWriter writer)
    {
        var failures = new List<CloudWatcherException>();
        while (writer.TryTakeFailure(out var f))
        {
            failures.Add(f);
        }
        return failures;
    }

    private List<string> Stored(LogDestination? destination = null) =>
        _api.EventsOf((destination ?? Destination).LogGroupName, (destination ?? Destination).LogStreamName).Select(e => e.Message).ToList();

    private int SpoolFiles() => Directory.Exists(_temp.Path) ? Directory.EnumerateFiles(_temp.Path, "*.cwspool", SearchOption.AllDirectories).Count() : 0;

    /// <summary>The destination's group and stream exist (so the first PutLogEvents is not the one that finds them missing).</summary>
    private async Task CreateStream(LogDestination? destination = null)
    {
        var d = destination ?? Destination;
        if (!_api.HasGroup(d.LogGroupName))
        {
            await _api.CreateLogGroupAsync(d.LogGroupName, CancellationToken.None);
        }
        await _api.CreateLogStreamAsync(d.LogGroupName, d.LogStreamName, CancellationToken.None);
    }

    private static CloudWatcherServiceException ServiceError(string code, ErrorKind kind, int status = 400) =>
        new("CloudWatch Logs", "PutLogEvents", code, kind, status, null, $"CloudWatch Logs PutLogEvents failed ({code}).");

    [Fact]
    public async Task EventsAreStoredInTheFewestCallsAndTheSpoolIsEmptiedAfterwards()
    {
        await CreateStream();
        await using var writer = NewWriter();
        var summary = await Write(writer, Numbered(25_000));
        Assert.Equal(3, _api.PutCalls);
        Assert.Equal(Numbered(25_000).Select(e => e.Item2), Stored());
        Assert.Equal((25_000L, 3L, 0L), (summary.EventsSent, summary.Calls, summary.Spooled));
        Assert.Equal(25_000L * (12 + 26), summary.Bytes);
        Assert.Equal(0, SpoolFiles());
        Assert.Empty(Failures(writer));
    }

    [Fact]
    public async Task AMissingGroupIsCreatedWithTheRetentionAndAnExistingGroupKeepsItsOwn()
    {
        await using (var writer = NewWriter(Options with { RetentionInDays = 30 }))
        {
            await Write(writer, Numbered(3));
        }
        Assert.Equal(30, _api.RetentionOf("/app/api"));
        Assert.Equal(3, Stored().Count);

        await _api.CreateLogGroupAsync("/existing", CancellationToken.None);
        var existing = new LogDestination("us-east-1", null, "/existing", "new-stream");
        await using (var writer = NewWriter(Options with { RetentionInDays = 30 }, destination: existing))
        {
            await Write(writer, Numbered(2));
        }
        Assert.Null(_api.RetentionOf("/existing"));
        Assert.Equal(2, Stored(existing).Count);
    }

    [Fact]
    public async Task WithCreateOffAMissingStreamEndsWithTheEventsSpooled()
    {
        await using var writer = NewWriter(Options with { Create = false });
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => Write(writer, Numbered(7)));
        Assert.Equal("LogEventsSpooled", ex.ErrorId);
        Assert.Equal("LogStreamNotFound", ((CloudWatcherException)ex.InnerException!).ErrorId);
        Assert.Contains("7 events are kept", ex.Message, StringComparison.Ordinal);
        Assert.False(_api.HasGroup("/app/api"));
        Assert.Equal(7, new LogSpool(_temp.Path).EntryFor(Destination).Events);
    }

    [Fact]
    public async Task AnOversizeEventIsReportedAndWithTruncateItIsSentCutWithAMarker()
    {
        var big = new string('x', LogWriteLimits.MaxMessageBytes + 1);
        var exact = new string('y', LogWriteLimits.MaxMessageBytes);
        await using (var writer = NewWriter())
        {
            var summary = await Write(writer, new[] { (DateTime.UtcNow, big), (DateTime.UtcNow, exact), (DateTime.UtcNow, "small") });
            var failure = Assert.Single(Failures(writer));
            Assert.Equal("LogEventTooLarge", failure.ErrorId);
            Assert.Equal(ErrorKind.LimitExceeded, failure.Kind);
            Assert.Contains("1,048,577 bytes", failure.Message, StringComparison.Ordinal);
            Assert.Contains("('xxxxxxxx", failure.Message, StringComparison.Ordinal);
            Assert.Equal((2L, 1L, 2L), (summary.EventsSent, summary.Oversize, summary.Calls));
        }
        Assert.Equal(new[] { exact.Length, 5 }, Stored().Select(m => m.Length));

        var truncated = new LogDestination("us-east-1", null, "/app/api", "cut");
        await using (var writer = NewWriter(Options with { Truncate = true }, destination: truncated))
        {
            var summary = await Write(writer, new[] { (DateTime.UtcNow, big) });
            Assert.Empty(Failures(writer));
            Assert.Equal(1, summary.Truncated);
        }
        var stored = Assert.Single(Stored(truncated));
        Assert.Equal(LogWriteLimits.MaxBytesPerCall, LogWriteLimits.SizeOf(stored));
        Assert.EndsWith("bytes]", stored, StringComparison.Ordinal);
        Assert.Contains("…[truncated by CloudWatcher: ", stored, StringComparison.Ordinal);
        Assert.Contains(_sink.Warnings, w => w.Contains("over the 1 MB limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectedEventsAreReportedByTimeAndMessageAndTheRestIsStored()
    {
        var now = DateTime.UtcNow;
        await using var writer = NewWriter();
        var summary = await Write(writer, new[]
        {
            (now.AddDays(-20), "ancient history"),
            (now.AddDays(-20).AddSeconds(1), "also ancient"),
            (now.AddMinutes(-1), "kept"),
            (now.AddHours(3), "from the future"),
        });
        var failures = Failures(writer);
        Assert.Equal(new[] { "LogEventRejectedTooOld", "LogEventRejectedTooOld", "LogEventRejectedTooNew" }, failures.Select(f => f.ErrorId));
        Assert.Contains("'ancient history'", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains(CloudWatcher.Time.Epoch.ToIso8601(now.AddDays(-20)), failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("'from the future'", failures[2].Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "kept" }, Stored());
        Assert.Equal((1L, 3L, 0L), (summary.EventsSent, summary.Rejected, summary.Spooled));
    }

    [Fact]
    public async Task DataAlreadyAcceptedMeansStored()
    {
        await CreateStream();
        _api.FailNext(1, ServiceError("DataAlreadyAcceptedException", ErrorKind.InvalidInput));
        await using var writer = NewWriter();
        var summary = await Write(writer, Numbered(5));
        Assert.Equal((5L, 1L, 0L), (summary.EventsSent, summary.Calls, summary.Spooled));
        Assert.Empty(Failures(writer));
        Assert.Equal(0, SpoolFiles());
    }

    [Fact]
    public async Task ThrottlingAndServiceErrorsAreTriedAgain()
    {
        await CreateStream();
        _api.FailNext(3, ServiceError("ThrottlingException", ErrorKind.Throttled));
        await using var writer = NewWriter();
        var summary = await Write(writer, Numbered(10));
        Assert.Equal(4, _api.PutCalls);
        Assert.Equal(10, summary.EventsSent);
        Assert.Equal(3, _sink.Warnings.Count(w => w.Contains("trying again", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WhenTheServiceCannotBeReachedEverythingIsSpooledAndTheNextWriterSendsItFirst()
    {
        await CreateStream();
        _api.FailNext(int.MaxValue, ServiceError("ServiceUnavailableException", ErrorKind.Unavailable, 503));
        await using (var writer = NewWriter())
        {
            var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => Write(writer, Numbered(500, prefix: "old")));
            Assert.Equal("LogEventsSpooled", ex.ErrorId);
            Assert.Equal(ErrorKind.Unavailable, ex.Kind);
            Assert.Contains("500 events are kept in the spool folder", ex.Message, StringComparison.Ordinal);
            Assert.Contains(new LogSpool(_temp.Path).FolderOf(Destination), ex.Message, StringComparison.Ordinal);
            Assert.Contains("Send-CwLogSpool", ex.RecommendedAction, StringComparison.Ordinal);
        }
        var entry = Assert.Single(new LogSpool(_temp.Path).List());
        Assert.Equal((500L, 500L), (entry.Events, entry.InDoubt));

        _api.FailNext(0, new InvalidOperationException());
        var firstMessages = new List<string>();
        _api.BeforePut = (request, _) =>
        {
            firstMessages.Add(request.Events[0].Message);
            return Task.CompletedTask;
        };
        await using (var writer = NewWriter())
        {
            var summary = await Write(writer, Numbered(10, DateTime.UtcNow.AddMinutes(-1), prefix: "new"));
            Assert.Equal((510L, 500L, 0L, 0L, 0L), (summary.EventsSent, summary.Resent, summary.AlreadyDelivered, summary.PossibleDuplicates, summary.Spooled));
        }
        Assert.Equal(new[] { "old 000000", "new 000000" }, firstMessages);
        Assert.Equal(510, Stored().Count);
        Assert.Equal(510, Stored().Distinct().Count());
        Assert.Equal(0, SpoolFiles());
    }

    /// <summary>The answer to a call is lost (the process is killed while it is out): the call is in doubt.</summary>
    private async Task LeaveACallInDoubt(int events, bool storeIt)
    {
        await CreateStream();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.BeforePut = async (request, ct) =>
        {
            _api.BeforePut = null;
            if (storeIt)
            {
                await _api.PutLogEventsAsync(request, CancellationToken.None);
            }
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var writer = NewWriter();
        writer.Start();
        foreach (var (time, message) in Numbered(events))
        {
            await writer.AddAsync(time, message, CancellationToken.None);
        }
        var completing = writer.CompleteAsync(CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var summary = await writer.StopAsync(TimeSpan.Zero);
        Assert.Equal(events, summary.Spooled);
        await writer.DisposeAsync();
        _ = completing.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    [Fact]
    public async Task ACallInDoubtThatArrivedIsNotSentAgain()
    {
        await LeaveACallInDoubt(1_200, storeIt: true);
        Assert.Equal(1_200, Stored().Count);
        var puts = _api.PutCalls;
        await using var writer = NewWriter();
        var summary = await Write(writer, Array.Empty<(DateTime, string)>());
        Assert.Equal((1_200L, 0L, 0L, 0L), (summary.AlreadyDelivered, summary.Resent, summary.PossibleDuplicates, summary.Spooled));
        Assert.Equal(puts, _api.PutCalls);
        Assert.Equal(1_200, Stored().Distinct().Count());
        Assert.Equal(0, SpoolFiles());
    }

    [Fact]
    public async Task ACallInDoubtThatDidNotArriveIsSentAgainOnce()
    {
        await LeaveACallInDoubt(1_200, storeIt: false);
        Assert.Empty(Stored());
        await using var writer = NewWriter();
        var summary = await Write(writer, Array.Empty<(DateTime, string)>());
        Assert.Equal((0L, 1_200L, 0L), (summary.AlreadyDelivered, summary.Resent, summary.PossibleDuplicates));
        Assert.Equal(Numbered(1_200).Select(e => e.Item2), Stored());
    }

    [Fact]
    public async Task ACallInDoubtThatCannotBeCheckedIsSentAgainAndCountedAsPossibleDuplicates()
    {
        await LeaveACallInDoubt(300, storeIt: true);
        await using var writer = NewWriter(read: new DeniedReads());
        var summary = await Write(writer, Array.Empty<(DateTime, string)>());
        Assert.Equal((0L, 300L, 300L), (summary.AlreadyDelivered, summary.Resent, summary.PossibleDuplicates));
        var stored = Stored();
        Assert.Equal(600, stored.Count);
        Assert.Equal(stored.Count - stored.Distinct().Count(), summary.PossibleDuplicates);
        Assert.Contains(_sink.Warnings, w => w.Contains("may be duplicates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStopSendsWithinTheBoundAndLeavesTheRestInTheSpool()
    {
        await CreateStream();
        _api.BeforePut = (_, ct) => Task.Delay(300, ct);
        var writer = NewWriter(Options with { StopFlushTimeout = TimeSpan.FromMilliseconds(500) });
        writer.Start();
        var taken = 0;
        var producer = Task.Run(async () =>
        {
            foreach (var (time, message) in Numbered(200_000))
            {
                try
                {
                    await writer.AddAsync(time, message, CancellationToken.None);
                }
                catch (InvalidOperationException)
                {
                    return; // stopped: this one was not taken
                }
                taken++;
            }
        });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_api.PutCalls < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var clock = Stopwatch.StartNew();
        var summary = await writer.StopAsync(TimeSpan.FromMilliseconds(500));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the stop took {clock.Elapsed}");
        await producer.WaitAsync(TimeSpan.FromSeconds(5));
        await writer.DisposeAsync();
        summary = writer.Summary();

        Assert.True(summary.Spooled > 0, "some events should be left");
        Assert.Equal(taken, summary.EventsSent + summary.Spooled);

        _api.BeforePut = null;
        await using var resend = NewWriter();
        var after = await Write(resend, Array.Empty<(DateTime, string)>());
        Assert.Equal(summary.Spooled, after.Resent + after.AlreadyDelivered);
        Assert.Equal(Numbered(taken).Select(e => e.Item2), Stored());
    }

    [Fact]
    public async Task ABatchThatIsNotFullIsSentAfterTheFlushInterval()
    {
        await CreateStream();
        await using var writer = NewWriter(Options with { FlushInterval = TimeSpan.FromMilliseconds(100) });
        writer.Start();
        foreach (var (time, message) in Numbered(3))
        {
            await writer.AddAsync(time, message, CancellationToken.None);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Stored().Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(3, Stored().Count);
        await writer.CompleteAsync(CancellationToken.None);
        Assert.Equal(1, _api.PutCalls);
    }

    [Fact]
    public async Task TheProducerWaitsWhileTheQueueIsFullSoMemoryStaysFlat()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.BeforePut = (_, ct) => release.Task.WaitAsync(ct);
        await using var writer = NewWriter(Options with { QueuedBatches = 2 });
        writer.Start();
        var taken = 0;
        ValueTask adding = default;
        foreach (var (time, message) in Numbered(200_000))
        {
            adding = writer.AddAsync(time, message, CancellationToken.None);
            if (!adding.IsCompleted)
            {
                break;
            }
            taken++;
        }
        // One batch out, two queued, one being filled: the producer waits at the fourth full batch.
        Assert.InRange(taken, 20_000, 40_000);
        release.SetResult();
        await adding;
        var summary = await writer.CompleteAsync(CancellationToken.None);
        Assert.Equal(taken + 1, summary.EventsSent);
    }

    [Fact]
    public async Task ADryRunCountsEventsBytesAndCallsAndSendsNothing()
    {
        await using var writer = new LogWriter(Destination, new LogWriterOptions { DryRun = true }, null, null, null, _sink);
        var summary = await Write(writer, Numbered(10_001));
        Assert.Equal((10_001L, 2L, true), (summary.EventsSent, summary.Calls, summary.WhatIf));
        Assert.Equal(0, _api.PutCalls);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, Destination.FolderName)));
    }

    [Fact]
    public async Task EmptyMessagesAreSkippedAndCounted()
    {
        await using var writer = NewWriter();
        var summary = await Write(writer, new[] { (DateTime.UtcNow, ""), (DateTime.UtcNow, "x"), (DateTime.UtcNow, (string)null!) });
        Assert.Equal((1L, 2L), (summary.EventsSent, summary.Skipped));
    }

    [Fact]
    public async Task ASpooledFileOfAnotherProcessIsLeftAloneWhileItIsHeld()
    {
        var spool = new LogSpool(_temp.Path);
        using var live = spool.CreateSegment(Destination, null);
        live.Append(new PendingLogEvent(0, CloudWatcher.Time.Epoch.ToMilliseconds(DateTime.UtcNow), "held elsewhere", 40));
        await using var writer = NewWriter();
        var summary = await Write(writer, Numbered(2));
        Assert.Equal((2L, 0L), (summary.EventsSent, summary.Resent));
        Assert.DoesNotContain("held elsewhere", Stored());
        Assert.True(File.Exists(live.Path));
    }

    [Fact]
    public async Task ADamagedSpoolFileIsReportedAndLeftWhileEverythingElseIsSent()
    {
        var spool = new LogSpool(_temp.Path);
        var damaged = spool.CreateSegment(Destination, null);
        damaged.Append(new PendingLogEvent(0, CloudWatcher.Time.Epoch.ToMilliseconds(DateTime.UtcNow), "fine", 30));
        damaged.Dispose();
        File.AppendAllText(damaged.Path, "garbage line\n");
        await using var writer = NewWriter();
        var summary = await Write(writer, Numbered(3));
        Assert.Equal(3, summary.EventsSent);
        var failure = Assert.Single(Failures(writer));
        Assert.Equal("SpoolSegmentDamaged", failure.ErrorId);
        Assert.True(File.Exists(damaged.Path));
    }

    /// <summary>A read port without permission (GetLogEvents denied).</summary>
    private sealed class DeniedReads : ILogReadApi
    {
        public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken) =>
            throw new CloudWatcherServiceException("CloudWatch Logs", "GetLogEvents", "AccessDeniedException", ErrorKind.AccessDenied, 400, null, "denied");

        public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    [Fact]
    public async Task ASpoolOnlyWriterSendsNothingAndKeepsEveryEventForTheResend()
    {
        await CreateStream();
        await using (var writer = NewWriter(Options with { SpoolOnly = true }))
        {
            var summary = await Write(writer, Numbered(12_000)); // more than a batch: a full one is kept too, not queued
            Assert.Equal(0, _api.PutCalls);
            Assert.Equal((0L, 12_000L), (summary.EventsSent, summary.Spooled));
        }
        await using (var resend = NewWriter())
        {
            var summary = await Write(resend, Array.Empty<(DateTime, string)>());
            Assert.Equal(12_000L, summary.Resent);
        }
        Assert.Equal(Numbered(12_000).Select(e => e.Item2), Stored());
    }
}
