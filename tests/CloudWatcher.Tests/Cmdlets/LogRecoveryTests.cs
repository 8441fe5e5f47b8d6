using CloudWatcher.Emulator.Faults;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// With throttling, 5xx answers and connections dropped in the middle of a page, the events written equal the
/// events stored: none lost, none duplicated. And memory stays flat over a million events.
/// </summary>
public sealed class LogRecoveryTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public LogRecoveryTests(EmulatorFixture emulator) => _emulator = emulator;

    private (string Group, List<string> Stored) Seed(int perStream, params string[] streams)
    {
        var group = "/faults/" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
        var stored = new List<string>();
        foreach (var (stream, index) in streams.Select((s, i) => (s, i)))
        {
            _emulator.Server.Logs.AppendGenerated(group, stream, perStream, start + index, 7, i => $"{stream}-{i:D6}");
            stored.AddRange(Enumerable.Range(0, perStream).Select(i => $"{stream}-{i:D6}"));
        }
        return (group, stored);
    }

    [Theory]
    [InlineData("GetLogEvents")]
    [InlineData("FilterLogEvents")]
    public void EventsWrittenEqualEventsStoredDespiteFaults(string operation)
    {
        var (group, stored) = operation == "GetLogEvents" ? Seed(35_000, "only") : Seed(12_000, "a", "b", "c");
        var plan = new FaultPlan();
        plan.Add(FaultRule.OnRequests(FaultKind.Throttle, operation, 2, 6));
        plan.Add(FaultRule.OnRequests(FaultKind.Unavailable, operation, 3));
        plan.Add(FaultRule.OnRequests(FaultKind.Internal, operation, 8));
        plan.Add(FaultRule.OnRequests(FaultKind.Drop, operation, 4, 9));
        _emulator.Server.Faults = plan;
        try
        {
            using var ps = new HostedPowerShell(_emulator);
            var selector = operation == "GetLogEvents" ? "-LogStreamName only" : "";
            var written = ps.Run($"Watch-CwLog {group} {selector}").Objects<LogEvent>().Select(e => e.Message).ToList();
            Assert.True(_emulator.Server.Stats.TotalFaults >= 6, $"only {_emulator.Server.Stats.TotalFaults} faults were injected");
            Assert.Equal(stored.Count, written.Count);
            Assert.Equal(stored.OrderBy(m => m, StringComparer.Ordinal), written.OrderBy(m => m, StringComparer.Ordinal));
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
    }

    [Fact]
    public async Task FollowingSurvivesThrottlingLongerThanTheSdkRetries()
    {
        var (group, stored) = Seed(200, "s");
        var plan = new FaultPlan();
        plan.Add(FaultRule.OnRequests(FaultKind.Throttle, "FilterLogEvents", 2, 3, 4, 5, 6, 7)); // more than 3 attempts in a row
        _emulator.Server.Faults = plan;
        try
        {
            using var ps = new HostedPowerShell(_emulator);
            var sink = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var pipeline = ps.Create($"Watch-CwLog {group} -Follow -Since 30d -PollIntervalSeconds 0.1 | ForEach-Object {{ $sink.Enqueue($_.Message) }}", ("sink", sink));
            var running = pipeline.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (sink.Count < stored.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            // The polls after the first page are throttled six times in a row; events added now arrive after them.
            while (_emulator.Server.Stats.TotalFaults < 6 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _emulator.Server.Logs.AppendEvents(group, "s", new[] { (now, "after the storm 1"), (now + 1, "after the storm 2") });
            stored.AddRange(new[] { "after the storm 1", "after the storm 2" });
            while (sink.Count < stored.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            pipeline.Stop();
            Assert.Equal(stored, sink.ToList());
            Assert.Contains(pipeline.Streams.Warning, w => w.Message.Contains("Waiting"));
        }
        finally
        {
            _emulator.Server.Faults = null;
        }
    }

    [Fact]
    public async Task MemoryStaysFlatWhileAMillionEventsStreamThrough()
    {
        var group = "/memory/" + Guid.NewGuid().ToString("N")[..8];
        _emulator.Server.Logs.AppendGenerated(group, "big", 1_000_000, DateTimeOffset.UtcNow.AddHours(-6).ToUnixTimeMilliseconds(), 10);
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwLog {group} -LogStreamName big -Limit 10 | Out-Null"); // warm up: JIT, connection
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                // Retained memory: what is still reachable after a full collection, sampled while events stream.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(300);
            }
        });
        ps.Run($"Watch-CwLog {group} -LogStreamName big | Out-Null");
        sampling.Cancel();
        await sampler;
        var growth = (peak - baseline) / (1024.0 * 1024.0);
        Assert.True(growth < 50, $"retained memory grew by {growth:F1} MB while streaming 1,000,000 events");
        Assert.True(_emulator.Server.Stats.Count("GetLogEvents") >= 100);
    }
}
