using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// The floor for writing logs: lines read from a file, cut in order into PutLogEvents calls on the service's limits
/// (10,000 events, 1,048,576 bytes counted as UTF-8 message bytes + 26 per event), each body written with
/// Utf8JsonWriter, signed with Core's AWS4Signer and posted one after another. No event objects, no spool.
/// </summary>
internal sealed class RawLogsWriter : IDisposable
{
    public const int MaxEvents = 10_000;
    public const int MaxBytes = 1_048_576;
    public const int EventOverhead = 26;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Uri _endpoint;
    private readonly SigV4 _signer;
    private readonly RawHttp _http = new();
    private readonly ArrayBufferWriter<byte> _body = new(2 * 1024 * 1024);

    public RawLogsWriter(Uri endpoint, SigV4 signer)
    {
        _endpoint = endpoint;
        _signer = signer;
    }

    /// <summary>Sends every line as an event at the time it is read; returns the events and calls.</summary>
    public async Task<(long Events, int Calls)> WriteAsync(string group, string stream, IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        long events = 0;
        var calls = 0;
        foreach (var batch in Batches(lines))
        {
            _body.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_body, JsonOptions))
            {
                w.WriteStartObject();
                w.WriteString("logGroupName", group);
                w.WriteString("logStreamName", stream);
                w.WriteStartArray("logEvents");
                foreach (var (timestamp, message) in batch)
                {
                    w.WriteStartObject();
                    w.WriteNumber("timestamp", timestamp);
                    w.WriteString("message", message);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            var request = _signer.CreatePost(_endpoint, "logs", "application/x-amz-json-1.1", "Logs_20140328.PutLogEvents", _body.WrittenSpan.ToArray());
            await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            events += batch.Count;
            calls++;
        }
        return (events, calls);
    }

    /// <summary>Lines as events stamped when read, cut in order on the count and byte limits (the fewest calls for lines in order).</summary>
    public static IEnumerable<List<(long Timestamp, string Message)>> Batches(IEnumerable<string> lines)
    {
        var batch = new List<(long, string)>(MaxEvents);
        var bytes = 0;
        foreach (var line in lines)
        {
            var size = Encoding.UTF8.GetByteCount(line) + EventOverhead;
            if (batch.Count == MaxEvents || bytes + size > MaxBytes)
            {
                yield return batch;
                batch = new List<(long, string)>(MaxEvents);
                bytes = 0;
            }
            batch.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), line));
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>The fewest calls the limits allow: the larger of events / 10,000 and bytes / 1,048,576, rounded up.</summary>
    public static long MinimumCalls(long events, long bytesWithOverhead) =>
        Math.Max((events + MaxEvents - 1) / MaxEvents, (bytesWithOverhead + MaxBytes - 1) / MaxBytes);

    public void Dispose() => _http.Dispose();
}
