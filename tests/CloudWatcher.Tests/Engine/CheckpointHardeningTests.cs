using System.Text.Json.Nodes;
using CloudWatcher.Logs;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

/// <summary>Checkpoints under abuse: two runs at once, positions out of range, damaged journals, events ingested late.</summary>
public sealed class CheckpointHardeningTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<List<LogEvent>> Read(FakeLogsApi api, LogQuery query, LogReaderOptions options, int? stopAfter = null)
    {
        var events = new List<LogEvent>();
        await foreach (var e in new LogReader(api).ReadAsync(new[] { query }, options))
        {
            if (events.Count == stopAfter)
            {
                break;
            }
            events.Add(e);
        }
        return events;
    }

    private static LogQuery Stream() => new("/g") { LogStreamNames = new[] { "s1" } };

    [Fact]
    public async Task ASecondRunOnTheSameCheckpointFailsAtOnceAndTheFirstIsUndisturbed()
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 10);
        var path = dir.File("cp.json");
        using var first = new LogCheckpoint(path);
        using var second = new LogCheckpoint(path);
        var reader = new LogReader(api).ReadAsync(new[] { Stream() }, new LogReaderOptions { Checkpoint = first }).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync()); // the first run holds the lock from here
        var ex = await Assert.ThrowsAsync<CloudWatcherException>(() => Read(api, Stream(), new LogReaderOptions { Checkpoint = second }));
        Assert.Equal("CheckpointInUse", ex.ErrorId);
        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        var rest = 1;
        while (await reader.MoveNextAsync())
        {
            rest++;
        }
        Assert.Equal(10, rest);
        await reader.DisposeAsync();
        first.Dispose();
        using var third = new LogCheckpoint(path); // released: the next run goes ahead
        Assert.Empty(await Read(api, Stream(), new LogReaderOptions { Checkpoint = third }));
    }

    [Theory]
    [InlineData(-5, "negative position")]
    [InlineData(500, "page has")]
    public async Task APositionOutOfRangeIsACorruptCheckpointAndIsLeftAlone(int skip, string reason)
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi { PageSize = 20 };
        api.Append("/g", "s1", T0, 50);
        var path = dir.File("cp.json");
        using (var checkpoint = new LogCheckpoint(path))
        {
            await Read(api, Stream(), new LogReaderOptions { Checkpoint = checkpoint }, stopAfter: 5);
        }
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["Sources"]![0]!["Position"]!["Skip"] = skip;
        File.WriteAllText(path, json.ToJsonString());
        File.Delete(path + ".journal");
        var before = File.ReadAllText(path);
        using var damaged = new LogCheckpoint(path);
        var ex = await Assert.ThrowsAsync<CheckpointException>(() => Read(api, Stream(), new LogReaderOptions { Checkpoint = damaged }));
        Assert.Equal("CheckpointUnusable", ex.ErrorId);
        Assert.Contains(reason, ex.Message);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public async Task ADamagedJournalLineIsAnErrorButATornLastLineIsNot()
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi { PageSize = 20 };
        api.Append("/g", "s1", T0, 50);
        var path = dir.File("cp.json");
        using (var checkpoint = new LogCheckpoint(path))
        {
            await Read(api, Stream(), new LogReaderOptions { Checkpoint = checkpoint }, stopAfter: 5);
        }
        var journal = File.ReadAllLines(path + ".journal");
        var generation = journal[^1].Split(' ')[0];
        File.AppendAllText(path + ".journal", $"{generation} 0 ");  // torn: the process died mid-line
        using (var torn = new LogCheckpoint(path))
        {
            Assert.Equal(45, (await Read(api, Stream(), new LogReaderOptions { Checkpoint = torn })).Count);
        }

        using (var again = new LogCheckpoint(path))
        {
            await Read(api, Stream(), new LogReaderOptions { Checkpoint = again });
        }
        api.Append("/g", "s1", T0.AddHours(1), 30);
        using (var partial = new LogCheckpoint(path))
        {
            await Read(api, Stream(), new LogReaderOptions { Checkpoint = partial }, stopAfter: 3);
        }
        var lines = File.ReadAllLines(path + ".journal").ToList();
        lines.Insert(0, lines[0].Split(' ')[0] + " 0 -7");
        File.WriteAllLines(path + ".journal", lines);
        using var damaged = new LogCheckpoint(path);
        var ex = await Assert.ThrowsAsync<CheckpointException>(() => Read(api, Stream(), new LogReaderOptions { Checkpoint = damaged }));
        Assert.Contains("journal line 1", ex.Message);
    }

    [Fact]
    public async Task AnEventIngestedLateIsDeliveredByTheNextScheduledRunExactlyOnce()
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 20, step: TimeSpan.FromSeconds(10));          // up to T0 + 190 s
        api.Append("/g", "s2", T0.AddSeconds(5), 5, step: TimeSpan.FromSeconds(30));
        var path = dir.File("cp.json");
        var group = new LogQuery("/g");
        using (var checkpoint = new LogCheckpoint(path))
        {
            Assert.Equal(25, (await Read(api, group, new LogReaderOptions { Checkpoint = checkpoint })).Count);
        }
        // Two minutes behind the newest event already shipped, and one older than the window.
        api.Append("/g", "s2", T0.AddSeconds(190 - 120), 1, _ => "late by two minutes");
        api.Append("/g", "s2", T0.AddSeconds(190 - 600), 1, _ => "late by ten minutes");
        using (var checkpoint = new LogCheckpoint(path))
        {
            var next = await Read(api, group, new LogReaderOptions { Checkpoint = checkpoint });
            Assert.Equal(new[] { "late by two minutes" }, next.Select(e => e.Message));
        }
        using (var checkpoint = new LogCheckpoint(path))
        {
            Assert.Empty(await Read(api, group, new LogReaderOptions { Checkpoint = checkpoint }));
        }
    }

    [Fact]
    public async Task WithoutAWindowALateEventIsMissedAsBefore()
    {
        using var dir = new TempDirectory();
        var api = new FakeLogsApi();
        api.Append("/g", "s1", T0, 20, step: TimeSpan.FromSeconds(10));
        var path = dir.File("cp.json");
        var options = (LogCheckpoint c) => new LogReaderOptions { Checkpoint = c, LateEventWindow = TimeSpan.Zero };
        using (var checkpoint = new LogCheckpoint(path))
        {
            await Read(api, new LogQuery("/g"), options(checkpoint));
        }
        api.Append("/g", "s2", T0.AddSeconds(100), 1, _ => "late");
        using (var checkpoint = new LogCheckpoint(path))
        {
            Assert.Empty(await Read(api, new LogQuery("/g"), options(checkpoint)));
        }
    }
}
