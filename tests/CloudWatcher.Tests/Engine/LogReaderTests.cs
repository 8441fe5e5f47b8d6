using CloudWatcher.Ports;
using CloudWatcher.Logs;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

public sealed class LogReaderTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<List<LogEvent>> Read(LogReader reader, IReadOnlyList<LogQuery> queries, LogReaderOptions? options = null, int? stopAfter = null, CancellationToken ct = default)
    {
        var events = new List<LogEvent>();
        await foreach (var e in reader.ReadAsync(queries, options ?? new LogReaderOptions(), null, ct))
        {
            if (events.Count == stopAfter)
            {
                // Killed while the next event was on its way: it was never processed, the ones before were.
                break;
            }
            events.Add(e);
        }
        return events;
    }

    private static LogQuery Stream(string stream = "s1") => new("/g") { LogStreamNames = new[] { stream } };

    [Fact]
    public async Task AStreamIsReadFromItsHeadToTheSameTokenEnd()
    {
        var api = new FakeLogsApi { PageSize = 100 };
        api.Append("/g", "s1", T0, 250);
        var events = await Read(new LogReader(api), new[] { Stream() });
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"s1 line {i}"), events.Select(e => e.Message));
        Assert.Equal(4, api.GetCalls); // 100, 100, 50, then the same token comes back
    }

    [Fact]
    public async Task AOneShotGroupReadEndsAtTheEndOfItsScanWithoutARescan()
    {
        // Every event within the late-event window of the newest: a rescan would read them all again to drop them.
        var api = new FakeLogsApi { PageSize = 100 };
        api.Append("/g", "s1", T0, 130, step: TimeSpan.FromMilliseconds(10));
        api.Append("/g", "s2", T0, 120, step: TimeSpan.FromMilliseconds(10));
        var events = await Read(new LogReader(api), new[] { new LogQuery("/g") });
        Assert.Equal(250, events.Count);
        Assert.Equal(250, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(3, api.FilterCalls); // 100, 100, 50 without a nextToken: the end, as FilterLogEvents paging has it
    }

    [Fact]
    public async Task TheEndTimeIsExclusiveForEverySource()
    {
        // GetLogEvents leaves out an event at endTime, FilterLogEvents includes it: the reader makes both exclusive.
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 10);
        var end = T0.AddSeconds(5);
        var stream = await Read(new LogReader(api), new[] { Stream() with { EndTime = end } });
        var scan = await Read(new LogReader(api), new[] { new LogQuery("/g") { EndTime = end } });
        Assert.Equal(5, stream.Count);
        Assert.Equal(stream.Select(e => e.Message), scan.Select(e => e.Message));
    }

    [Fact]
    public async Task LimitStopsExactlyAndTheTokenContinuesThere()
    {
        var api = new FakeLogsApi { PageSize = 100 };
        api.Append("/g", "s1", T0, 250);
        var reader = new LogReader(api);
        var first = await Read(reader, new[] { Stream() }, new LogReaderOptions { Limit = 130 });
        Assert.Equal(130, first.Count);
        var token = reader.Positions[0].Token;
        var rest = new List<LogEvent>();
        await foreach (var e in new LogReader(api).ReadAsync(new[] { Stream() }, new LogReaderOptions(), new LogPosition?[] { new LogPosition { Token = token } }))
        {
            rest.Add(e);
        }
        Assert.Equal(first.Concat(rest).Select(e => e.Message), Enumerable.Range(0, 250).Select(i => $"s1 line {i}"));
    }

    [Fact]
    public async Task GroupsAreMergedInTimestampOrder()
    {
        var api = new FakeLogsApi { PageSize = 7 };
        api.Append("/a", "x", T0, 50, step: TimeSpan.FromSeconds(2));
        api.Append("/b", "y", T0.AddSeconds(1), 50, step: TimeSpan.FromSeconds(2));
        var events = await Read(new LogReader(api), new[] { new LogQuery("/a"), new LogQuery("/b") });
        Assert.Equal(100, events.Count);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.Equal(new[] { "/a", "/b", "/a", "/b" }, events.Take(4).Select(e => e.LogGroupName));
    }

    [Fact]
    public async Task FollowPicksUpNewEventsWithoutRepeatsAndStopsOnCancel()
    {
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 3);
        api.Append("/g", "s2", T0, 3);
        using var cts = new CancellationTokenSource();
        var reader = new LogReader(api);
        var seen = new List<LogEvent>();
        var options = new LogReaderOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(20), MaxPollInterval = TimeSpan.FromMilliseconds(50) };
        var reading = Task.Run(async () =>
        {
            await foreach (var e in reader.ReadAsync(new[] { new LogQuery("/g") }, options, null, cts.Token))
            {
                lock (seen) seen.Add(e);
            }
        });
        await WaitFor(() => seen.Count == 6);
        api.Append("/g", "s1", T0.AddSeconds(2), 2, i => $"late {i}"); // same timestamp as the newest seen: must not repeat old ones
        api.Append("/g", "s2", T0.AddMinutes(1), 2, i => $"new {i}");
        await WaitFor(() => seen.Count == 10);
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.True(watch.ElapsedMilliseconds < 500);
        Assert.Equal(10, seen.Count);
        Assert.Equal(10, seen.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task FollowWaitsOutThrottlingThatOutlastsTheSdkRetries()
    {
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 5);
        api.FailNext(2, new CloudWatcherServiceException("CloudWatch Logs", "FilterLogEvents", "ThrottlingException", ErrorKind.Throttled, 400, null, "Rate exceeded"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var sink = new RecordingSink();
        var reader = new LogReader(api, sink);
        var events = new List<LogEvent>();
        await foreach (var e in reader.ReadAsync(new[] { new LogQuery("/g") }, new LogReaderOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(10) }, null, cts.Token))
        {
            events.Add(e);
            if (events.Count == 5)
            {
                break;
            }
        }
        Assert.Equal(5, events.Count);
        Assert.Equal(2, sink.Warnings.Count(n => n.Contains("Rate exceeded")));
    }

    [Fact]
    public async Task WithoutFollowThrottlingIsAnError()
    {
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 5);
        api.FailNext(1, new CloudWatcherServiceException("CloudWatch Logs", "FilterLogEvents", "ThrottlingException", ErrorKind.Throttled, 400, null, "Rate exceeded"));
        await Assert.ThrowsAsync<CloudWatcherServiceException>(() => Read(new LogReader(api), new[] { new LogQuery("/g") }));
    }

    [Theory]
    [InlineData(LogReadMode.Stream, 1)]
    [InlineData(LogReadMode.Stream, 37)]
    [InlineData(LogReadMode.Stream, 100)]
    [InlineData(LogReadMode.Filter, 63)]
    [InlineData(LogReadMode.Filter, 100)]
    public async Task ACheckpointedRunKilledAnywhereResumesWithNothingLostOrRepeated(LogReadMode mode, int killAfter)
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi { PageSize = 25 };
        api.Append("/g", "s1", T0, 120);
        api.Append("/g", "s2", T0.AddMilliseconds(500), 30);
        var query = mode == LogReadMode.Stream ? Stream() : new LogQuery("/g");
        var expected = mode == LogReadMode.Stream ? 120 : 150;
        var path = dir.File("cp.json");

        var all = new List<LogEvent>();
        using (var checkpoint = new LogCheckpoint(path))
        {
            all.AddRange(await Read(new LogReader(api), new[] { query }, new LogReaderOptions { Checkpoint = checkpoint }, stopAfter: killAfter));
        }
        // More events arrive between the runs.
        api.Append("/g", "s1", T0.AddHours(1), 10, i => $"later {i}");
        for (var run = 0; run < 3; run++)
        {
            using var checkpoint = new LogCheckpoint(path);
            all.AddRange(await Read(new LogReader(api), new[] { query }, new LogReaderOptions { Checkpoint = checkpoint }, stopAfter: 40));
        }
        using (var last = new LogCheckpoint(path))
        {
            all.AddRange(await Read(new LogReader(api), new[] { query }, new LogReaderOptions { Checkpoint = last }));
        }
        Assert.Equal(expected + 10, all.Count);
        Assert.Equal(all.Count, all.Select(e => (e.LogStreamName, e.Message)).Distinct().Count());
    }

    [Fact]
    public async Task ACorruptCheckpointIsAnErrorAndIsLeftAlone()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cp.json");
        File.WriteAllText(path, "{ not json");
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 5);
        using var checkpoint = new LogCheckpoint(path);
        var ex = await Assert.ThrowsAsync<CheckpointException>(() => Read(new LogReader(api), new[] { Stream() }, new LogReaderOptions { Checkpoint = checkpoint }));
        Assert.Contains("not valid JSON", ex.Message);
        Assert.Equal("{ not json", File.ReadAllText(path));
        Assert.Equal(0, api.GetCalls);
    }

    [Fact]
    public async Task ACheckpointOfAnotherQueryIsRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cp.json");
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 5);
        api.Append("/g", "s2", T0, 5);
        using (var checkpoint = new LogCheckpoint(path))
        {
            await Read(new LogReader(api), new[] { Stream("s1") }, new LogReaderOptions { Checkpoint = checkpoint });
        }
        using var other = new LogCheckpoint(path);
        var ex = await Assert.ThrowsAsync<CheckpointException>(() => Read(new LogReader(api), new[] { Stream("s2") }, new LogReaderOptions { Checkpoint = other }));
        Assert.Contains("another query", ex.Message);
    }

    [Fact]
    public void FormattedLinesAreCloudwatchers()
    {
        var e = new LogEvent(new DateTime(2026, 11, 22, 10, 15, 3, 123, DateTimeKind.Utc), null, "[2026-11-22 10:15:03,123 - INFO] Starting step 3/7\n", "/g", "s", null);
        Assert.Equal("[22-11-2026 10:15:03 UTC] Starting step 3/7", LogLineFormatter.Format(e));
        var local = new LogEvent(new DateTime(2026, 11, 22, 10, 15, 3, DateTimeKind.Utc).ToLocalTime(), null, "plain", "/g", "s", null);
        Assert.Equal("[22-11-2026 10:15:03 UTC] plain", LogLineFormatter.Format(local));
        Assert.Equal("[2026-11-22 10:15:03,123 - INFO] x", LogLineFormatter.Format(new LogEvent(e.Timestamp, null, "[2026-11-22 10:15:03,123 - INFO] x", "/g", "s", null), stripStamp: false)[26..]);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), "timed out");
    }
}
