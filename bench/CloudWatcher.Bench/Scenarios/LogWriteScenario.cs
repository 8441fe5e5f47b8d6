using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Emulator;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Log writing: lines of ~150 bytes from a file through Write-CwLog in the real pwsh (a child process, as a user runs
/// it: `Get-Content file | Write-CwLog …` and the faster `[IO.File]::ReadLines(file) | Write-CwLog …`), against a raw
/// writer (the same batches signed and posted from C#, no objects, no spool) and the AWS CLI's put-log-events (one
/// process per batch, as a script would run it). PutLogEvents calls are counted by the emulator and compared with the
/// minimum the limits allow; every event is counted in the emulator after each writer; the pwsh child's working-set
/// growth is compared at two sizes (memory flat).
/// </summary>
internal sealed class LogWriteScenario
{
    public const string Group = "/bench/logs/write";
    private readonly EmulatorServer _emulator;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public LogWriteScenario(EmulatorServer emulator, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _settings = settings;
        _table = table;
    }

    /// <summary>A ~150-byte line like a service's access log (the read scenarios' line plus a path, a host and a request id).</summary>
    public static string Line(long i) => string.Create(CultureInfo.InvariantCulture,
        $"{BenchData.Message(i)} path=/api/v1/orders/{i % 5003} host=web-{i % 16:D2}.prod.internal rid={(ulong)i * 2654435761UL % 4294967296UL:x8}{new string('.', (int)(i % 7))}");

    private sealed record ChildRun(double Ms, long Sent, long SummaryCalls, long Calls, double RssStartMb, double PeakGrowthMb, double RssEndMb, double ReadOnlyMs,
        double HeapAfterMb, string Collections);

    public async Task RunAsync()
    {
        Directory.CreateDirectory(BenchPaths.WorkDirectory);
        var big = WriteFile(_settings.LogWriteEvents);
        var small = WriteFile(_settings.LogWriteSmallEvents);
        var (bytes, averageLine) = Measure(big);
        var minimum = RawLogsWriter.MinimumCalls(_settings.LogWriteEvents, bytes);
        var smallMinimum = RawLogsWriter.MinimumCalls(_settings.LogWriteSmallEvents, Measure(small).Bytes);
        Console.WriteLine($"  {N(_settings.LogWriteEvents)} lines of {averageLine:0} B on average; minimum {minimum} PutLogEvents calls");

        using var raw = new RawLogsWriter(_emulator.Endpoint, new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region));
        _emulator.Logs.TryCreateGroup(Group);
        var rawMs = new List<double>();
        var rawCalls = 0;
        async Task RawRun(int k)
        {
            var stream = "raw-" + k;
            _emulator.Logs.FindGroup(Group)!.TryCreateStream(stream, _emulator.Logs.NowMs);
            Infrastructure.Measure.Settle();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var (events, calls) = await raw.WriteAsync(Group, stream, File.ReadLines(big));
            rawMs.Add(sw.Elapsed.TotalMilliseconds);
            rawCalls = calls;
            CheckAndDrop(stream, _settings.LogWriteEvents, "the raw writer");
            _ = events;
        }

        // Warm-up of the raw path on the small file (JIT, connection), then raw runs around the cmdlet runs.
        _emulator.Logs.FindGroup(Group)!.TryCreateStream("raw-warmup", _emulator.Logs.NowMs);
        await raw.WriteAsync(Group, "raw-warmup", File.ReadLines(small));
        CheckAndDrop("raw-warmup", _settings.LogWriteSmallEvents, "the raw writer");
        await RawRun(1);

        Console.WriteLine($"  Get-Content | Write-CwLog, {N(_settings.LogWriteSmallEvents)} events (pwsh child)");
        var gcSmall = await ChildAsync("gc-small", $"Get-Content -LiteralPath '{small}'", _settings.LogWriteSmallEvents, readOnly: false, newStream: true);
        Console.WriteLine($"  Get-Content | Write-CwLog, {N(_settings.LogWriteEvents)} events (pwsh child)");
        var gcBig = await ChildAsync("gc-big", $"Get-Content -LiteralPath '{big}'", _settings.LogWriteEvents, readOnly: true, newStream: false);
        await RawRun(2);
        // The quick (CI smoke) run skips the second form: the same cmdlet path, another pwsh start.
        ChildRun? rlBig = null;
        if (!_settings.Quick)
        {
            Console.WriteLine($"  [IO.File]::ReadLines() | Write-CwLog, {N(_settings.LogWriteEvents)} events (pwsh child)");
            rlBig = await ChildAsync("readlines-big", $"[IO.File]::ReadLines('{big}')", _settings.LogWriteEvents, readOnly: true, newStream: false);
            await RawRun(3);
        }

        var rawMedian = Infrastructure.Measure.Median(rawMs);
        var n = _settings.LogWriteEvents;
        _table.Add(new ResultRow($"Log write: PutLogEvents calls, {N(n)} events of ~{averageLine:0} B (Get-Content | Write-CwLog)",
            N(gcBig.Calls), $"minimum {N(minimum)} (raw writer: {N(rawCalls)})", X((double)gcBig.Calls / minimum), "calls = minimum", gcBig.Calls == minimum));
        _table.Add(new ResultRow($"Log write: time, {N(n)} events (Get-Content | Write-CwLog, pwsh)",
            $"{gcBig.Ms / 1000:0.0} s = {Rate(n / (gcBig.Ms / 1000))}", $"raw {rawMedian / 1000:0.00} s = {Rate(n / (rawMedian / 1000))}", X(gcBig.Ms / rawMedian) + " the time", "—", null));
        if (rlBig is not null)
        {
            _table.Add(new ResultRow($"Log write: time, {N(n)} events ([IO.File]::ReadLines() | Write-CwLog, pwsh)",
                $"{rlBig.Ms / 1000:0.0} s = {Rate(n / (rlBig.Ms / 1000))}", $"raw {rawMedian / 1000:0.00} s = {Rate(n / (rawMedian / 1000))}", X(rlBig.Ms / rawMedian) + " the time", "—", null));
        }
        var retainedGrowth = gcBig.HeapAfterMb - gcSmall.HeapAfterMb;
        _table.Add(new ResultRow($"Log write memory: pwsh peak working-set growth, {N(_settings.LogWriteSmallEvents)} vs {N(n)} events (Get-Content | Write-CwLog)",
            $"{gcSmall.PeakGrowthMb:0.0} MB vs {gcBig.PeakGrowthMb:0.0} MB", "—", X(gcBig.PeakGrowthMb / gcSmall.PeakGrowthMb), "—", null));
        _table.Add(new ResultRow($"Log write memory: managed heap after a full GC at the end, {N(_settings.LogWriteSmallEvents)} vs {N(n)} events (Get-Content | Write-CwLog)",
            $"{gcSmall.HeapAfterMb:0.0} MB vs {gcBig.HeapAfterMb:0.0} MB", "—", $"{retainedGrowth:+0.0;-0.0} MB", "flat: < +10 MB for 10× the events", retainedGrowth < 10));

        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Log write: {N(n)} lines of {averageLine:0.0} B on average ({bytes / 1048576.0:0.0} MiB counted as PutLogEvents counts it: UTF-8 bytes + 26 per event), " +
            $"so the minimum is max(⌈{N(n)} / 10,000⌉, ⌈{N(bytes)} / 1,048,576⌉) = {minimum} calls. Each pwsh child imports the module, writes one warm-up line " +
            $"(group created, engine and AWS SDK loaded), then runs one timed pipeline into its own stream with the spool on (one write system call per event, " +
            $"fsync per call); the group and stream exist beforehand for the raw writer and the {N(n)}-event pipelines (created in the emulator's store, as when a service writes " +
            $"to its stream again). Calls counted by the emulator (PutLogEvents only); Write-CwLog's own summary said {gcBig.SummaryCalls} calls, {N(gcBig.Sent)} sent. " +
            $"The {N(_settings.LogWriteSmallEvents)}-event run writes to a new stream: {gcSmall.Calls} PutLogEvents calls for a minimum of {smallMinimum}, the one more being the first call, " +
            $"which finds the stream missing (Write-CwLog then creates it and sends). " +
            $"Every event counted in the emulator after each writer (exactly {N(n)}, the stream then deleted). " +
            $"Reading alone in the same pwsh (after the write): Get-Content | Measure-Object {Ms(gcBig.ReadOnlyMs)}, [IO.File]::ReadLines() | Measure-Object {(rlBig is null ? "not run (quick)" : Ms(rlBig.ReadOnlyMs))}. " +
            $"Raw writer: File.ReadLines, the same cut, Utf8JsonWriter bodies, AWS4Signer, one call after another; median of {rawMs.Count} runs " +
            $"({string.Join("/", rawMs.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} ms, interleaved with the pwsh runs), " +
            $"in the harness process (which also runs the emulator). The pwsh times are one run each, process start and import excluded."));
        var readLinesMemory = rlBig is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"ReadLines form at {N(n)}: peak growth {rlBig.PeakGrowthMb:0.0} MB, heap after a full GC {rlBig.HeapAfterMb:0.0} MB, GC {rlBig.Collections}. ");
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Log write memory (pwsh child, Get-Content | Write-CwLog): VmRSS after import and the warm-up line {gcSmall.RssStartMb:0.0} / {gcBig.RssStartMb:0.0} MB " +
            $"({N(_settings.LogWriteSmallEvents)} / {N(n)} events), peak (VmHWM, reset via /proc/self/clear_refs after the warm-up) grew {gcSmall.PeakGrowthMb:0.0} / {gcBig.PeakGrowthMb:0.0} MB, " +
            $"VmRSS at the end {gcSmall.RssEndMb:0.0} / {gcBig.RssEndMb:0.0} MB; GC gen0/1/2 {gcSmall.Collections} / {gcBig.Collections}; " +
            $"{readLinesMemory}" +
            $"The peak working set includes the GC's budget, which grows with the run; what stays (the heap after a full collection: the writer's bounded queue, " +
            $"pooled request buffers, PowerShell's caches) is the flat measure."));

        if (_settings.Peer)
        {
            await RunPeersAsync(big, n / (gcBig.Ms / 1000), n / (rlBig!.Ms / 1000), minimum);
        }
    }

    private async Task RunPeersAsync(string file, double cmdletRate, double readLinesRate, long totalBatches)
    {
        // The CLI's --log-events file for the first batches (the same cut as the raw writer's), written before timing.
        var batches = RawLogsWriter.Batches(File.ReadLines(file)).Take(_settings.CliLogBatches).ToList();
        var files = new List<string>();
        for (var b = 0; b < batches.Count; b++)
        {
            var path = Path.Combine(BenchPaths.WorkDirectory, $"log-write-cli-{b}.json");
            using (var stream = File.Create(path))
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                foreach (var (timestamp, message) in batches[b])
                {
                    w.WriteStartObject();
                    w.WriteNumber("timestamp", timestamp);
                    w.WriteString("message", message);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            files.Add(path);
        }
        var sampleEvents = batches.Sum(b => b.Count);
        foreach (var major in new[] { 2, 1 })
        {
            var peer = await AwsCliPeer.FindAsync(_emulator.Endpoint, major);
            if (peer is null)
            {
                _table.Add(new ResultRow($"Log write vs AWS CLI v{major}", "—", $"n/a (no AWS CLI v{major})", "—", "—", null));
                continue;
            }
            var stream = "cli-v" + major;
            _emulator.Logs.FindGroup(Group)!.TryCreateStream(stream, _emulator.Logs.NowMs);
            Console.WriteLine($"  {peer.Version} logs put-log-events, {files.Count} batches of {N(sampleEvents / files.Count)} events (one process each)");
            try
            {
                var times = new List<double>();
                foreach (var f in files)
                {
                    times.Add(await peer.PutLogEventsAsync(Group, stream, f));
                }
                CheckAndDrop(stream, sampleEvents, peer.Version);
                var perBatch = times.Average();
                var extrapolated = perBatch * totalBatches;
                var rate = sampleEvents / (times.Sum() / 1000);
                _table.Add(new ResultRow($"Log write vs AWS CLI v{major} (put-log-events per batch, {files.Count} of {totalBatches} batches timed, extrapolated)",
                    $"Get-Content: {Rate(cmdletRate)}; ReadLines: {Rate(readLinesRate)}", $"{peer.Version} {Rate(rate)} (≈ {extrapolated / 1000:0} s for all {totalBatches})",
                    X(cmdletRate / rate) + " faster (Get-Content)", "—", null));
                _table.Note(string.Create(CultureInfo.InvariantCulture,
                    $"{peer.Version} ({peer.Path}) logs put-log-events --log-events file://batch.json: the first {files.Count} batches of the same cut " +
                    $"({N(sampleEvents)} events; the JSON files written before timing), one process each as a shell loop runs it, " +
                    $"{string.Join("/", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms; {perBatch:N0} ms a batch × {totalBatches} batches ≈ {extrapolated / 1000:0} s " +
                    $"for all {N(_settings.LogWriteEvents)} events (extrapolated, not run in full); every sample event counted in the emulator."));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                _table.Add(new ResultRow($"Log write vs AWS CLI v{major}", "—", "error: " + e.Message.Split('\n')[0], "—", "—", null));
            }
        }
    }

    /// <summary>
    /// One pwsh child: a warm-up line into a stream that exists, then the timed pipeline into <paramref name="stream"/>, which
    /// exists unless <paramref name="newStream"/> (then Write-CwLog's first PutLogEvents finds it missing and it creates it).
    /// </summary>
    private async Task<ChildRun> ChildAsync(string stream, string source, long expected, bool readOnly, bool newStream)
    {
        var group = _emulator.Logs.FindGroup(Group)!;
        group.TryCreateStream("warmup-" + stream, _emulator.Logs.NowMs);
        if (!newStream) group.TryCreateStream(stream, _emulator.Logs.NowMs);
        var spool = Path.Combine(BenchPaths.WorkDirectory, "spool");
        var readOnlyPart = readOnly
            // Measure-Object, not Out-Null: `expression | Out-Null` is optimized to not enumerate the expression at all.
            ? $"$sw = [Diagnostics.Stopwatch]::StartNew(); $null = {source} | Measure-Object\n'BENCH-READMS ' + $sw.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture)"
            : "'BENCH-READMS 0'";
        var script = $@"$ErrorActionPreference = 'Stop'
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
$PSDefaultParameterValues['Write-CwLog:SpoolPath'] = '{spool}'
'warm-up line' | Write-CwLog -LogGroupName '{Group}' -LogStreamName 'warmup-{stream}'
{ProcStatus.StatusLine("BENCH-START")}
$reset = $true
try {{ [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }} catch {{ $reset = $false }}
$sw = [Diagnostics.Stopwatch]::StartNew()
$summary = {source} | Write-CwLog -LogGroupName '{Group}' -LogStreamName '{stream}' -PassThru
$ms = $sw.Elapsed.TotalMilliseconds
'BENCH-END ' + [IO.File]::ReadAllText('/proc/self/status')
'BENCH-MS ' + $ms.ToString([Globalization.CultureInfo]::InvariantCulture) + ' ' + $summary.EventsSent + ' ' + $summary.Calls + ' ' + $(if ($reset) {{ 1 }} else {{ 0 }})
$peakGc = [GC]::GetTotalMemory($false)
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
'BENCH-GC ' + [GC]::GetTotalMemory($true) + ' ' + [GC]::CollectionCount(0) + ' ' + [GC]::CollectionCount(1) + ' ' + [GC]::CollectionCount(2)
{readOnlyPart}
";
        var before = _emulator.Stats.Count("PutLogEvents");
        var result = await ChildProcess.PwshAsync(script, TimeSpan.FromMinutes(20));
        if (result.ExitCode != 0 || !result.Stdout.Contains("BENCH-READMS", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pwsh exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }
        var calls = _emulator.Stats.Count("PutLogEvents") - before - 1; // the warm-up line's call
        var start = ProcStatus.Between(result.Stdout, "BENCH-START", "BENCH-END");
        var end = ProcStatus.Between(result.Stdout, "BENCH-END", "BENCH-MS");
        var nums = ProcStatus.Numbers(result.Stdout, "BENCH-MS");
        if (nums[3] != 1) throw new InvalidOperationException("/proc/self/clear_refs could not be written: the peak working set cannot be reset.");
        var rssStart = ProcStatus.Kb(start, "VmRSS") / 1024.0;
        CheckAndDrop(stream, expected, "Write-CwLog");
        var gc = ProcStatus.Numbers(result.Stdout, "BENCH-GC");
        return new ChildRun(nums[0], (long)nums[1], (long)nums[2], calls, rssStart, ProcStatus.Kb(end, "VmHWM") / 1024.0 - rssStart,
            ProcStatus.Kb(end, "VmRSS") / 1024.0, ProcStatus.Numbers(result.Stdout, "BENCH-READMS")[0], gc[0] / 1048576.0, $"{gc[1]:0}/{gc[2]:0}/{gc[3]:0}");
    }

    /// <summary>Checks the stream holds exactly the events sent, then deletes it (the emulator keeps every event in memory).</summary>
    private void CheckAndDrop(string stream, long expected, string who)
    {
        var group = _emulator.Logs.FindGroup(Group) ?? throw new InvalidOperationException($"{who}: the log group {Group} does not exist.");
        var count = group.FindStream(stream)?.Count ?? 0;
        if (count != expected)
        {
            throw new InvalidOperationException($"{who}: the emulator holds {count} events in {Group}/{stream}, expected {expected}.");
        }
        group.TryDeleteStream(stream);
    }

    private static string WriteFile(int events)
    {
        var path = Path.Combine(BenchPaths.WorkDirectory, $"log-write-{events}.log");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            for (long i = 0; i < events; i++)
            {
                writer.Write(Line(i));
                writer.Write('\n');
            }
        }
        return path;
    }

    /// <summary>The bytes PutLogEvents counts for the file's lines (UTF-8 + 26 each) and the average line.</summary>
    private static (long Bytes, double AverageLine) Measure(string path)
    {
        long bytes = 0, lines = 0;
        foreach (var line in File.ReadLines(path))
        {
            bytes += Encoding.UTF8.GetByteCount(line) + RawLogsWriter.EventOverhead;
            lines++;
        }
        return (bytes, (bytes - lines * RawLogsWriter.EventOverhead) / (double)lines);
    }
}
