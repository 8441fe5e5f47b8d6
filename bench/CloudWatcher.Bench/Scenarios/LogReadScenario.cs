using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Aws;
using CloudWatcher.Sessions;
using CloudWatcher.Emulator;
using CloudWatcher.Logs;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Log read throughput: Get-CwLog / Watch-CwLog in a hosted engine (| Out-Null) against the raw reader over the same
/// pages, plus the engine alone (LogReader in C#, no PowerShell) to split engine from pipeline cost, and the AWS CLI v2.
/// </summary>
internal sealed class LogReadScenario
{
    private readonly EmulatorServer _emulator;
    private readonly BenchData _data;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public LogReadScenario(EmulatorServer emulator, BenchData data, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _data = data;
        _settings = settings;
        _table = table;
    }

    private sealed record Case(string Name, string Script, long Expected, Func<RawLogsReader, Task<(long Events, int Pages)>> Raw, LogQuery Query, string Operation);

    public async Task RunAsync()
    {
        using var engine = new HostedEngine(_emulator.Endpoint);
        using var raw = new RawLogsReader(_emulator.Endpoint, new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region));
        using var session = new AwsSessionFactory().Connect(new ConnectionSettings
        {
            Region = BenchEnvironment.Region,
            AccessKey = BenchEnvironment.AccessKey,
            SecretKey = BenchEnvironment.SecretKey,
            EndpointUrl = _emulator.Endpoint,
        });

        var one = $"-LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}'";
        var perStream = _settings.GroupEvents / _settings.GroupStreams;
        var cases = new[]
        {
            new Case($"Log read, 1 stream, {N(_settings.OneStreamEvents)} events (Get-CwLog)", $"Get-CwLog {one}", _settings.OneStreamEvents,
                r => r.ReadStreamAsync(BenchData.OneStreamGroup, BenchData.OneStreamName),
                new LogQuery(BenchData.OneStreamGroup) { LogStreamNames = new[] { BenchData.OneStreamName } }, "GetLogEvents"),
            new Case($"Log read, 1 stream, {N(_settings.OneStreamEvents)} events (Watch-CwLog)", $"Watch-CwLog {one}", _settings.OneStreamEvents,
                r => r.ReadStreamAsync(BenchData.OneStreamGroup, BenchData.OneStreamName),
                new LogQuery(BenchData.OneStreamGroup) { LogStreamNames = new[] { BenchData.OneStreamName } }, "GetLogEvents"),
            new Case($"Log read, {_settings.GroupStreams} streams, {N(perStream * _settings.GroupStreams)} events (Get-CwLog, FilterLogEvents)",
                $"Get-CwLog -LogGroupName '{BenchData.ManyStreamsGroup}'", (long)perStream * _settings.GroupStreams,
                r => r.ReadGroupAsync(BenchData.ManyStreamsGroup),
                new LogQuery(BenchData.ManyStreamsGroup), "FilterLogEvents"),
        };

        var rates = new Dictionary<string, double>();
        foreach (var c in cases)
        {
            Console.WriteLine($"  {c.Name}");
            // Warm-up (tiered JIT takes a few runs to settle on two busy cores), which also checks that every reader sees every event.
            var firstMs = Measure.Milliseconds(() => engine.Run(c.Script + " | Out-Null"));
            for (var w = 1; w < _settings.WarmupRuns; w++) engine.Run(c.Script + " | Out-Null");
            var counted = Convert.ToInt64(engine.Run($"@({c.Script}).Count")[0].BaseObject, CultureInfo.InvariantCulture);
            var (rawEvents, rawPages) = await c.Raw(raw);
            var engineEvents = await ReadWithEngine(session, c.Query);
            Check(c.Name, "CloudWatcher", counted, c.Expected);
            Check(c.Name, "raw reader", rawEvents, c.Expected);
            Check(c.Name, "LogReader", engineEvents, c.Expected);

            var cw = new List<double>();
            var rw = new List<double>();
            var en = new List<double>();
            long cwAlloc = 0, rawAlloc = 0, engineAlloc = 0;
            int cwGen0 = 0, cwGen2 = 0;
            var pagesBefore = _emulator.Stats.Count(c.Operation);
            for (var run = 0; run < _settings.Runs; run++)
            {
                // Interleaved, so drift in the machine's load hits all three alike.
                Measure.Settle();
                var a0 = GC.GetTotalAllocatedBytes(true);
                var g0 = GC.CollectionCount(0);
                var g2 = GC.CollectionCount(2);
                cw.Add(Measure.Milliseconds(() => engine.Run(c.Script + " | Out-Null")));
                cwAlloc += GC.GetTotalAllocatedBytes(true) - a0;
                cwGen0 += GC.CollectionCount(0) - g0;
                cwGen2 += GC.CollectionCount(2) - g2;

                Measure.Settle();
                a0 = GC.GetTotalAllocatedBytes(true);
                rw.Add(await Measure.MillisecondsAsync(() => c.Raw(raw)));
                rawAlloc += GC.GetTotalAllocatedBytes(true) - a0;

                Measure.Settle();
                a0 = GC.GetTotalAllocatedBytes(true);
                en.Add(await Measure.MillisecondsAsync(() => ReadWithEngine(session, c.Query)));
                engineAlloc += GC.GetTotalAllocatedBytes(true) - a0;
            }
            var pagesPerRun = (_emulator.Stats.Count(c.Operation) - pagesBefore) / (3.0 * _settings.Runs);
            var floorMs = PowerShellFloor(engine, c.Expected);

            var cwRate = c.Expected / (Measure.Median(cw) / 1000);
            var rawRate = c.Expected / (Measure.Median(rw) / 1000);
            var engineRate = c.Expected / (Measure.Median(en) / 1000);
            rates[c.Name] = cwRate;
            var ratio = cwRate / rawRate;
            _table.Add(new ResultRow(c.Name, Rate(cwRate), "raw " + Rate(rawRate), X(ratio), "≥ 0.90× raw", ratio >= 0.9));
            // Issue 14's yardsticks: the engine alone against the raw reader, and the cmdlet against raw + PowerShell's per-object floor.
            _table.Add(new ResultRow(c.Name + ": engine alone (LogReader, no PowerShell)", $"{Measure.Median(en):N0} ms = {Rate(engineRate)}", "raw " + Rate(rawRate),
                X(engineRate / rawRate), "≥ 0.80× raw", _settings.Quick ? null : engineRate / rawRate >= 0.8));
            var rawPlusFloor = Measure.Median(rw) + floorMs;
            _table.Add(new ResultRow(c.Name + ": cmdlet vs raw + per-object floor", $"{Measure.Median(cw):N0} ms", $"raw {Measure.Median(rw):N0} + floor {floorMs:N0} = {rawPlusFloor:N0} ms",
                X(rawPlusFloor / Measure.Median(cw)), "≥ 0.90×", _settings.Quick ? null : rawPlusFloor / Measure.Median(cw) >= 0.9));
            var perEvent = (double)(c.Expected * _settings.Runs);
            // The emulator runs in this process and allocates the same for every reader: the difference is the client's.
            _table.Note(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name}: first run in the process {firstMs:N0} ms; median of {_settings.Runs} runs after {_settings.WarmupRuns + 1} warm-ups: CloudWatcher {Measure.Median(cw):N0} ms ({Runs(cw)}), raw {Measure.Median(rw):N0} ms ({Runs(rw)}), " +
                $"engine alone (LogReader, no PowerShell) {Measure.Median(en):N0} ms = {Rate(engineRate)} ({X(engineRate / rawRate)} raw); " +
                $"{pagesPerRun:0.#} {c.Operation} pages a read ({rawPages} for the raw reader). " +
                $"Allocated beyond the raw reader per event: cmdlet {(cwAlloc - rawAlloc) / perEvent:N0} B, engine alone {(engineAlloc - rawAlloc) / perEvent:N0} B; " +
                $"gen0/gen2 collections during the cmdlet runs: {cwGen0}/{cwGen2}. " +
                $"PowerShell floor: a cmdlet writing {N(c.Expected)} ready-made LogEvent objects into Out-Null takes {floorMs:N0} ms by itself, so raw + floor " +
                $"would be {X(Measure.Median(rw) / (Measure.Median(rw) + floorMs))} raw at best."));
        }

        if (_settings.Peer)
        {
            await RunPeerAsync(rates, cases[0].Name, cases[2].Name);
        }
    }

    private async Task RunPeerAsync(Dictionary<string, double> rates, string streamCase, string groupCase)
    {
        var peer = await AwsCliPeer.FindAsync(_emulator.Endpoint, 2);
        if (peer is null)
        {
            _table.Add(new ResultRow("Log read vs AWS CLI v2", "—", "n/a (no AWS CLI v2: neither /usr/bin/aws nor an aws on PATH)", "—", "—", null));
            return;
        }
        Console.WriteLine("  AWS CLI v2 peer (one run each)");
        try
        {
            var (events, calls, ms) = await peer.ReadStreamAsync(BenchData.OneStreamGroup, BenchData.OneStreamName);
            Check("AWS CLI get-log-events", "aws", events, _settings.OneStreamEvents);
            var rate = events / (ms / 1000);
            _table.Add(new ResultRow("Log read, 1 stream vs AWS CLI v2 (get-log-events --next-token loop)", Rate(rates[streamCase]),
                "aws " + Rate(rate), X(rates[streamCase] / rate), "—", null));
            _table.Note($"AWS CLI v2 get-log-events: {calls} processes (one per page, as a shell loop runs it), {ms:N0} ms in all.");

            (events, calls, ms) = await peer.ReadGroupAsync(BenchData.ManyStreamsGroup);
            Check("AWS CLI filter-log-events", "aws", events, (long)(_settings.GroupEvents / _settings.GroupStreams) * _settings.GroupStreams);
            rate = events / (ms / 1000);
            _table.Add(new ResultRow($"Log read, {_settings.GroupStreams} streams vs AWS CLI v2 (filter-log-events, pages itself)", Rate(rates[groupCase]),
                "aws " + Rate(rate), X(rates[groupCase] / rate), "—", null));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            _table.Add(new ResultRow("Log read vs AWS CLI v2", "—", "error: " + e.Message.Split('\n')[0], "—", "—", null));
        }
    }

    /// <summary>What any cmdlet pays to hand N objects to Out-Null: the same LogEvents piped from a variable, no I/O.</summary>
    private static double PowerShellFloor(HostedEngine engine, long count)
    {
        var events = Enumerable.Range(0, (int)count)
            .Select(i => new LogEvent(DateTime.UnixEpoch.AddMilliseconds(i), null, BenchData.Message(i), "/bench", "app", null))
            .ToArray();
        engine.SetVariable("benchEvents", events);
        engine.Run("Write-BenchObject $benchEvents | Out-Null"); // warm-up
        var runs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            Measure.Settle();
            runs.Add(Measure.Milliseconds(() => engine.Run("Write-BenchObject $benchEvents | Out-Null")));
        }
        engine.SetVariable("benchEvents", null);
        return Measure.Median(runs);
    }

    private static string Runs(IEnumerable<double> ms) => string.Join("/", ms.Select(m => m.ToString("0", CultureInfo.InvariantCulture)));

    private static async Task<long> ReadWithEngine(ICloudWatcherSession session, LogQuery query)
    {
        long n = 0;
        var reader = new LogReader(session.LogRead);
        await foreach (var e in reader.ReadAsync(new[] { query }, new LogReaderOptions()))
        {
            n++;
        }
        return n;
    }

    private static void Check(string scenario, string who, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{scenario}: {who} read {actual} events, expected {expected}.");
        }
    }
}
