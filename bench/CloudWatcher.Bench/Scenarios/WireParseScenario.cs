using System.Diagnostics;
using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Bench.Wire;
using CloudWatcher.Emulator;
using CloudWatcher.Sessions;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Client-side parse cost only, no network: (a) one full GetMetricData answer (the emulator's real bytes, fetched once
/// in each protocol) read by the generated JSON 1.0 reader against the generated awsQuery XML reader; (b) one ~1 MB
/// GetLogEvents page read by the hand-tuned streaming LogEventsParser against the generated LogsJson reader plus the
/// mapping to LogEvent, i.e. whether the hand parser still earns its place. Both through the engine's unmarshallers;
/// median of N after warm-up, interleaved; allocations counted on the parsing thread.
/// </summary>
internal sealed class WireParseScenario
{
    private const int Series = 20;
    private readonly EmulatorServer _emulator;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public WireParseScenario(EmulatorServer emulator, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _settings = settings;
        _table = table;
    }

    public async Task RunAsync()
    {
        await MetricDataAsync();
        LogEvents();
    }

    private async Task MetricDataAsync()
    {
        var query = BenchData.LoadWireSeries(_emulator, Series, _settings.WirePointsPerSeries);
        long expected = (long)Series * _settings.WirePointsPerSeries;
        using var raw = new RawMetricReader(_emulator.Endpoint, new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region));
        var (json, jsonPoints, jsonMore) = await raw.FetchFirstPageAsync(CloudWatchProtocol.Json, query);
        var (xml, xmlPoints, xmlMore) = await raw.FetchFirstPageAsync(CloudWatchProtocol.Query, query);
        if (jsonPoints != expected || xmlPoints != expected || jsonMore || xmlMore)
        {
            throw new InvalidOperationException($"Wire parse: the GetMetricData answers hold {jsonPoints} (JSON) and {xmlPoints} (XML) points" +
                $"{(jsonMore || xmlMore ? " and ask for another page" : "")}; expected all {expected} in one.");
        }
        Console.WriteLine($"  GetMetricData answer, {N(expected)} points: JSON {json.Length / 1024.0:N0} KB, XML {xml.Length / 1024.0:N0} KB");

        // Both readers must produce the same output from the same data before their speed means anything.
        var fromJson = EngineParsers.MetricDataJson(json);
        var fromXml = EngineParsers.MetricDataXml(xml);
        var a = fromJson.MetricDataResults!.SelectMany(r => r.Timestamps!.Zip(r.Values!)).ToList();
        var b = fromXml.MetricDataResults!.SelectMany(r => r.Timestamps!.Zip(r.Values!)).ToList();
        if (a.Count != expected || !a.SequenceEqual(b))
        {
            throw new InvalidOperationException("Wire parse: the JSON and XML readers disagree about the GetMetricData answer.");
        }

        var (jsonRuns, xmlRuns, jsonAlloc, xmlAlloc) = Compare(
            () => Points(EngineParsers.MetricDataJson(json)),
            () => Points(EngineParsers.MetricDataXml(xml)), expected);
        var jsonRate = expected / (Measure.Median(jsonRuns) / 1000);
        var xmlRate = expected / (Measure.Median(xmlRuns) / 1000);
        _table.Add(new ResultRow($"Wire parse: GetMetricData answer, {N(expected)} points ({Series} series × {N(_settings.WirePointsPerSeries)}), generated readers",
            $"JSON 1.0 {Ms(Measure.Median(jsonRuns))} = {N(jsonRate)} points/s", $"awsQuery XML {Ms(Measure.Median(xmlRuns))} = {N(xmlRate)} points/s",
            "JSON " + X(jsonRate / xmlRate) + " the points/s", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Wire parse, GetMetricData: the emulator's answers to the same request, JSON {json.Length:N0} B and XML {xml.Length:N0} B, parsed " +
            $"as CloudWatchApi does (JsonRpcUnmarshaller: body buffered, Utf8JsonReader, CloudWatchJson.ReadGetMetricDataOutput; QueryUnmarshaller: " +
            $"XmlReader over the stream into <GetMetricDataResult>, CloudWatchQuery.ReadGetMetricDataOutput), from a non-seekable stream in 16 KB reads " +
            $"through AWSSDK.Core's unmarshaller contexts; the two outputs checked equal. Median of {jsonRuns.Count} after {WarmupText}, " +
            $"interleaved: JSON {Runs(jsonRuns)} ms, XML {Runs(xmlRuns)} ms. Allocated per point: JSON {jsonAlloc:N0} B, XML {xmlAlloc:N0} B."));
    }

    private void LogEvents()
    {
        var (page, events) = LogEventsPage.Build();
        Console.WriteLine($"  GetLogEvents page, {page.Length / 1024.0:N0} KB, {N(events)} events: LogEventsParser vs generated reader");
        var hand = EngineParsers.LogEventsHand(page, LogEventsPage.Group, LogEventsPage.Stream);
        var generated = EngineParsers.LogEventsGenerated(page, LogEventsPage.Group, LogEventsPage.Stream);
        var same = hand.Events.Count == events && generated.Events.Count == events
            && hand.NextForwardToken == generated.NextForwardToken && hand.NextBackwardToken == generated.NextBackwardToken
            && hand.Events.Zip(generated.Events).All(p => p.First.Timestamp == p.Second.Timestamp && p.First.IngestionTime == p.Second.IngestionTime
                && p.First.Message == p.Second.Message && p.First.LogStreamName == p.Second.LogStreamName);
        if (!same)
        {
            throw new InvalidOperationException("Wire parse: LogEventsParser and the generated reader disagree about the GetLogEvents page.");
        }

        var (handRuns, genRuns, handAlloc, genAlloc) = Compare(
            () => EngineParsers.LogEventsHand(page, LogEventsPage.Group, LogEventsPage.Stream).Events.Count,
            () => EngineParsers.LogEventsGenerated(page, LogEventsPage.Group, LogEventsPage.Stream).Events.Count, events);
        var handRate = events / (Measure.Median(handRuns) / 1000);
        var genRate = events / (Measure.Median(genRuns) / 1000);
        _table.Add(new ResultRow($"Wire parse: GetLogEvents page, {page.Length / 1024.0 / 1024.0:0.0} MB, {N(events)} events → LogEvent",
            $"LogEventsParser (hand, streaming) {Rate(handRate)}, {handAlloc:N0} B/event", $"generated reader + mapping {Rate(genRate)}, {genAlloc:N0} B/event",
            "hand " + X(handRate / genRate) + " the events/s", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Wire parse, GetLogEvents: the micro benchmarks' page, full by the service's count (1 MB of message bytes + 26 per event; {page.Length:N0} B of JSON); the hand path is LogsApi's (JsonRpcStreamUnmarshaller, " +
            $"LogEventsParser reading the non-seekable stream in 64 KB chunks); the generated path is what replacing it would take (JsonRpcUnmarshaller, " +
            $"body buffered, LogsJson.ReadGetLogEventsResponse, each OutputLogEvent mapped to a LogEvent); same events checked. Median of {handRuns.Count} " +
            $"after {WarmupText}, interleaved: hand {Runs(handRuns)} ms, generated {Runs(genRuns)} ms. " +
            $"Allocated per event (GC.GetAllocatedBytesForCurrentThread, the LogEvent and its message string included): hand {handAlloc:N0} B, generated {genAlloc:N0} B."));
    }

    /// <summary>Warm-ups, then N measured runs of each, alternating which goes first; median-able times and allocated bytes per item.</summary>
    private (List<double> ARuns, List<double> BRuns, double AAlloc, double BAlloc) Compare(Func<long> a, Func<long> b, long items)
    {
        // A number of runs and a stretch of time: tiered JIT promotes hot methods in the background after a delay.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < _settings.WireWarmups || warm.ElapsedMilliseconds < _settings.WireWarmupMilliseconds; i++)
        {
            Check(a(), items);
            Check(b(), items);
        }
        var aRuns = new List<double>();
        var bRuns = new List<double>();
        var aAlloc = Allocated(a);
        var bAlloc = Allocated(b);
        for (var run = 0; run < _settings.WireRuns; run++)
        {
            foreach (var first in run % 2 == 0 ? new[] { true, false } : new[] { false, true })
            {
                Measure.Settle();
                var sw = Stopwatch.StartNew();
                var n = first ? a() : b();
                (first ? aRuns : bRuns).Add(sw.Elapsed.TotalMilliseconds);
                Check(n, items);
            }
        }
        return (aRuns, bRuns, aAlloc / items, bAlloc / items);
    }

    private static double Allocated(Func<long> parse)
    {
        Measure.Settle();
        var before = GC.GetAllocatedBytesForCurrentThread();
        parse();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long Points(Aws.Metrics.Model.GetMetricDataOutput output) => output.MetricDataResults?.Sum(r => (long)(r.Values?.Count ?? 0)) ?? 0;

    private static void Check(long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Wire parse: a parse read {actual} items, expected {expected}.");
        }
    }

    private string WarmupText => string.Create(CultureInfo.InvariantCulture,
        $"at least {_settings.WireWarmups} warm-ups{(_settings.WireWarmupMilliseconds > 0 ? $" and {_settings.WireWarmupMilliseconds / 1000.0:0.#} s" : "")}");

    /// <summary>The spread of the runs (all of them would be a long line of numbers).</summary>
    private static string Runs(IReadOnlyList<double> ms) => string.Create(CultureInfo.InvariantCulture, $"{Measure.Median(ms):0.0} (range {ms.Min():0.0}–{ms.Max():0.0})");
}
