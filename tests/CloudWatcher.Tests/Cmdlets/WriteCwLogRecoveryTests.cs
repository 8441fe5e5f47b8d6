using System.Diagnostics;
using System.Globalization;
using System.Text;
using CloudWatcher.Emulator;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Nothing taken is lost when Write-CwLog is killed (SIGKILL) or stopped (Ctrl+C) in the middle of sending: against
/// an emulator that answers slowly, so a call is out at that moment; then the spool is sent and every event that was
/// taken is in the stream exactly once (a call that was out is found there and not sent again).
/// </summary>
public sealed class WriteCwLogRecoveryTests : IDisposable
{
    private const string AccessKey = "AKIDRECOVERYTEST0001";
    private const string SecretKey = "recovery-test-secret";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<EmulatorServer> SlowEmulator(TimeSpan delay) =>
        await EmulatorServer.StartAsync(new EmulatorOptions { ResponseDelay = delay });

    private static string NewGroup(EmulatorServer server)
    {
        var group = "/recovery/" + Guid.NewGuid().ToString("N")[..10];
        server.Logs.TryCreateGroup(group)!.TryCreateStream("s", server.Logs.NowMs);
        return group;
    }

    private static List<string> Stored(EmulatorServer server, string group)
    {
        var s = server.Logs.FindGroup(group)!.FindStream("s")!;
        return s.ReadForward(0, s.Count, int.MaxValue, int.MaxValue, out _).Select(e => e.Message).ToList();
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Every event in the spool files (acknowledged or not): what the writer took; and which calls were out.</summary>
    private static (List<string> Taken, List<string> Pending, long InDoubt) ReadSpool(string folder)
    {
        var taken = new List<string>();
        var pending = new List<string>();
        long inDoubt = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + SpoolSegment.Extension, SearchOption.AllDirectories))
        {
            using var segment = SpoolSegment.TryClaim(file, out var complete) ?? throw new InvalidOperationException($"{file} is still held");
            var index = SpoolSegmentReader.ReadIndex(segment.Handle, complete, file);
            var waiting = index.Pending.Select(p => p.Sequence).ToHashSet();
            foreach (var e in SpoolSegmentReader.ReadEvents(segment.Handle, complete, file, _ => true))
            {
                taken.Add(e.Message);
                if (waiting.Contains(e.Sequence))
                {
                    pending.Add(e.Message);
                }
            }
            inDoubt += index.InDoubt().Sum(d => d.Events.Count);
        }
        return (taken, pending, inDoubt);
    }

    private HostedPowerShell Hosted(EmulatorServer server)
    {
        var ps = new HostedPowerShell(null);
        ps.Run($@"$PSDefaultParameterValues['*-Cw*:Region'] = 'us-east-1'
$PSDefaultParameterValues['*-Cw*:AccessKey'] = '{AccessKey}'
$PSDefaultParameterValues['*-Cw*:SecretKey'] = '{SecretKey}'
$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{server.Endpoint}'
$PSDefaultParameterValues['*-CwLog*:SpoolPath'] = '{_temp.Path}'");
        return ps;
    }

    /// <summary>Asserts that after the resend every taken number is stored once (duplicates only as reported) and nothing else is.</summary>
    private static void AssertEveryTakenEventOnce(List<string> taken, List<string> stored, LogWriteSummary resend)
    {
        Assert.NotEmpty(taken);
        Assert.Equal(taken.Count, taken.Distinct().Count());
        var counts = stored.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(taken, m => Assert.True(counts.ContainsKey(m), $"'{m}' was taken but is not stored"));
        Assert.All(counts.Keys, m => Assert.Contains(m, taken));
        var duplicates = counts.Where(c => c.Value > 1).Sum(c => c.Value - 1);
        Assert.InRange(duplicates, 0, LogWriteLimits.MaxEventsPerCall); // at most one call in doubt
        Assert.Equal(duplicates, resend.PossibleDuplicates);
        // Taken in input order: the numbers are a prefix of the input, with nothing missing in between.
        var numbers = taken.Select(m => int.Parse(m.AsSpan(2), CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
    }

    [Fact]
    public async Task KilledMidSendNothingTakenIsLostAndTheResendStoresEachEventOnce()
    {
        await using var server = await SlowEmulator(TimeSpan.FromMilliseconds(700));
        var group = NewGroup(server);
        var input = _temp.File("numbers.txt");
        await File.WriteAllLinesAsync(input, Enumerable.Range(1, 100_000).Select(i => $"n {i:D6}"));
        var spool = Path.Combine(_temp.Path, "spool");
        var script = _temp.File("write.ps1");
        await File.WriteAllTextAsync(script, $@"$ErrorActionPreference = 'Stop'
Import-Module '{TestPaths.ModuleManifest}'
Get-Content '{input}' | Write-CwLog -LogGroupName '{group}' -LogStreamName s -SpoolPath '{spool}'
'finished'");
        var output = new StringBuilder();
        using var child = PwshChild.Start(script, new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, output);
        try
        {
            // Two calls answered, the third out (the emulator stored it and is slow to answer): kill -9 now.
            await WaitFor(() => server.Stats.Count("PutLogEvents") >= 3 || child.HasExited, TimeSpan.FromSeconds(90), "the third PutLogEvents");
            Assert.False(child.HasExited, "pwsh ended before it could be killed: " + output);
            child.Kill(entireProcessTree: true); // SIGKILL on Linux and macOS: no flush, no finally
            await child.WaitForExitAsync();
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
        Assert.DoesNotContain("finished", output.ToString(), StringComparison.Ordinal);
        var storedBefore = Stored(server, group);

        var (taken, pending, inDoubt) = ReadSpool(spool);
        Assert.True(inDoubt > 0, "no call was out when the process was killed");
        Assert.Equal(taken.Count, storedBefore.Count + pending.Count - (int)inDoubt);
        using (var ps = Hosted(server))
        {
            var result = ps.Run($"Send-CwLogSpool -SpoolPath '{spool}' -PassThru");
            Assert.Empty(result.Errors);
            var resend = Assert.Single(result.Objects<LogWriteSummary>());
            Assert.Equal(pending.Count, resend.Resent + resend.AlreadyDelivered);
            Assert.Equal(inDoubt, resend.AlreadyDelivered); // the call that was out had arrived: found, not sent again
            AssertEveryTakenEventOnce(taken, Stored(server, group), resend);
            Assert.Equal(taken.Count, Stored(server, group).Count);
            Assert.Empty(ps.Run($"Get-CwLogSpool -SpoolPath '{spool}'").Objects<LogSpoolEntry>());
        }
    }

    [Fact]
    // Each call takes 1.5 s, longer than the 1 s flush bound, so a call is still out when the bound ends: it must be spooled.
    public async Task CtrlCMidSendReturnsPromptlyFlushesWhatItCanAndSpoolsTheRest()
    {
        await using var server = await SlowEmulator(TimeSpan.FromMilliseconds(1500));
        var group = NewGroup(server);
        using var ps = Hosted(server);
        using var pipeline = ps.Create($"1..200000 | ForEach-Object {{ 'n {{0:D6}}' -f $_ }} | Write-CwLog -LogGroupName '{group}' -LogStreamName s -FlushTimeoutSec 1");
        var running = pipeline.BeginInvoke();
        await WaitFor(() => server.Stats.Count("PutLogEvents") >= 2, TimeSpan.FromSeconds(60), "the second PutLogEvents");

        var clock = Stopwatch.StartNew();
        pipeline.Stop();
        var stopped = clock.Elapsed;
        Assert.True(stopped < TimeSpan.FromSeconds(4), $"Ctrl+C took {stopped} (the flush bound is 1 s)");
        Assert.True(running.IsCompleted);
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, pipeline.InvocationStateInfo.State);
        Assert.Contains("Write-CwLog stopped:", ps.Host.Text, StringComparison.Ordinal);
        Assert.Contains("kept in the spool", ps.Host.Text, StringComparison.Ordinal);

        var storedAtStop = Stored(server, group);
        Assert.True(storedAtStop.Count >= 10_000, "the calls that were answered are stored");
        var (taken, pending, _) = ReadSpool(_temp.Path);
        Assert.NotEmpty(pending);
        Assert.True(storedAtStop.Count + pending.Count >= taken.Count, "stored or spooled: nothing taken is lost");

        var result = ps.Run("Send-CwLogSpool -PassThru");
        Assert.Empty(result.Errors);
        var resend = Assert.Single(result.Objects<LogWriteSummary>());
        Assert.Equal(pending.Count, resend.Resent + resend.AlreadyDelivered);
        AssertEveryTakenEventOnce(taken, Stored(server, group), resend);
    }
}
