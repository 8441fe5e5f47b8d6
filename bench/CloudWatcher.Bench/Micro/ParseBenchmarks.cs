using BenchmarkDotNet.Attributes;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Bench.Wire;
using CloudWatcher.Logs;

namespace CloudWatcher.Bench.Micro;

/// <summary>
/// One ~1 MB GetLogEvents page (the shape the emulator and AWS send), read through the engine's unmarshallers as the
/// SDK calls them: the hand-tuned streaming LogEventsParser (what LogsApi uses), the generated LogsJson reader over
/// the buffered body plus the mapping to LogEvent (what replacing it would take), Utf8JsonReader counting (the
/// floor); and LogLineFormatter.Format. The GetMetricData readers are compared in the wire-parse scenario (its
/// answers come from the emulator).
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _page = Array.Empty<byte>();
    private LogEvent[] _events = Array.Empty<LogEvent>();

    public int EventsInPage { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        (_page, EventsInPage) = LogEventsPage.Build();
        _events = EngineParsers.LogEventsHand(_page, LogEventsPage.Group, LogEventsPage.Stream).Events.ToArray();
        if (_events.Length != EventsInPage || GeneratedParse() != EventsInPage)
        {
            throw new InvalidOperationException("A parse path read a different number of events.");
        }
    }

    [Benchmark(Baseline = true, Description = "engine: LogEventsParser streaming (hand-tuned), LogEvent objects")]
    public int EngineParse() => EngineParsers.LogEventsHand(_page, LogEventsPage.Group, LogEventsPage.Stream).Events.Count;

    [Benchmark(Description = "generated: LogsJson reader over the buffered body + LogEvent mapping")]
    public int GeneratedParse() => EngineParsers.LogEventsGenerated(_page, LogEventsPage.Group, LogEventsPage.Stream).Events.Count;

    [Benchmark(Description = "raw: Utf8JsonReader count + token")]
    public int RawCount() => RawLogsReader.CountEvents(_page, "nextForwardToken"u8).Count;

    [Benchmark(Description = "LogLineFormatter.Format, whole page")]
    public int FormatPage()
    {
        var total = 0;
        foreach (var e in _events) total += LogLineFormatter.Format(e).Length;
        return total;
    }
}
