using System.Buffers;
using System.Text.Json;
using CloudWatcher.Bench.Infrastructure;

namespace CloudWatcher.Bench.Wire;

/// <summary>
/// One full GetLogEvents page in the shape the emulator and AWS send: 1 MB of events as the service counts them
/// (message bytes + 26 each), ~1.4 MB of JSON. The micro benchmarks and wire-parse read it.
/// </summary>
internal static class LogEventsPage
{
    public const string Group = "/bench/logs/one";
    public const string Stream = "app";

    public static (byte[] Page, int Events) Build()
    {
        var events = 0;
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
                events++;
            }
            w.WriteEndArray();
            w.WriteString("nextForwardToken", "f/00000000000000000000000000000000000000000000000000008300/s");
            w.WriteString("nextBackwardToken", "b/00000000000000000000000000000000000000000000000000000000/s");
            w.WriteEndObject();
        }
        return (buffer.WrittenSpan.ToArray(), events);
    }
}
