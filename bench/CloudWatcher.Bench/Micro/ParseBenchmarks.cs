using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Aws.Logs;
using CloudWatcher.Logs;

namespace CloudWatcher.Bench.Micro;

/// <summary>
/// One ~1 MB GetLogEvents page (the shape the emulator and AWS send): the engine's parse path (the streaming
/// LogEventsParser building LogEvent objects from a non-seekable stream, as HTTP hands it over) against
/// Utf8JsonReader counting; and LogLineFormatter.Format.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{

    private static (List<LogEvent> Events, Dictionary<string, string?> Tokens) Parse(Stream body, string group, string? stream, params string[] tokens) =>
        LogEventsParser.Parse(body, group, stream, tokens);
    private byte[] _page = Array.Empty<byte>();
    private LogEvent[] _events = Array.Empty<LogEvent>();

    public int EventsInPage { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            var bytes = 0L;
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            for (var i = 0; i < 10_000; i++)
            {
                var message = BenchData.Message(i);
                bytes += System.Text.Encoding.UTF8.GetByteCount(message) + 26;
                if (bytes > 1_048_576) break;
                w.WriteStartObject();
                w.WriteNumber("timestamp", start + i * 10);
                w.WriteString("message", message);
                w.WriteNumber("ingestionTime", start + i * 10 + 5);
                w.WriteEndObject();
                EventsInPage++;
            }
            w.WriteEndArray();
            w.WriteString("nextForwardToken", "f/00000000000000000000000000000000000000000000000000008300/s");
            w.WriteString("nextBackwardToken", "b/00000000000000000000000000000000000000000000000000000000/s");
            w.WriteEndObject();
        }
        _page = buffer.WrittenSpan.ToArray();
        _events = EngineParse().ToArray();
        if (_events.Length != EventsInPage) throw new InvalidOperationException("The engine parse path read a different number of events.");
    }

    [Benchmark(Baseline = true, Description = "engine: LogEventsParser from the response stream (LogEvent objects)")]
    public List<LogEvent> EngineParse()
    {
        using var network = new NonSeekableStream(_page);
        return Parse(network, "/bench/logs/one", "app", "nextForwardToken", "nextBackwardToken").Events;
    }

    [Benchmark(Description = "raw: Utf8JsonReader count + token")]
    public int RawCount() => RawLogsReader.CountEvents(_page, "nextForwardToken"u8).Count;

    [Benchmark(Description = "LogLineFormatter.Format, whole page")]
    public int FormatPage()
    {
        var total = 0;
        foreach (var e in _events) total += LogLineFormatter.Format(e).Length;
        return total;
    }

    /// <summary>A response body as the HTTP stack hands it over: no length, no seeking, reads of up to 16 KB.</summary>
    private sealed class NonSeekableStream : MemoryStream
    {
        public NonSeekableStream(byte[] data) : base(data, writable: false) { }
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 16 * 1024));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 16 * 1024)]);
    }
}
