using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudWatcher.Logs.Export;

/// <summary>
/// JSON lines: one object per event and line, {"timestamp", "ingestionTime", "logGroupName", "logStreamName", "eventId",
/// "message"}, times as ISO 8601 UTC strings with milliseconds, absent values as null. Text other than ASCII is written
/// as UTF-8, not escaped (only what JSON requires is: quotes, backslashes, control characters).
/// </summary>
public sealed class JsonLinesLogEventWriter : LogEventFileWriter
{
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText IngestionTime = JsonEncodedText.Encode("ingestionTime");
    private static readonly JsonEncodedText LogGroupName = JsonEncodedText.Encode("logGroupName");
    private static readonly JsonEncodedText LogStreamName = JsonEncodedText.Encode("logStreamName");
    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    // A range search, vectorized; MemoryExtensions.IndexOfAnyInRange allocated on every call (measured: 96 bytes).
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray());

    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(BufferSize + 4096);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _time = new byte[IsoTimeLength];

    public JsonLinesLogEventWriter(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        // Our own buffer rather than the stream: Utf8JsonWriter flushes a stream it writes to on every Flush.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public override void Write(LogEvent logEvent)
    {
        _json.WriteStartObject();
        _json.WriteString(Timestamp, _time.AsSpan(0, FormatIsoTime(logEvent.Timestamp, _time)));
        if (logEvent.IngestionTime is DateTime ingested)
        {
            _json.WriteString(IngestionTime, _time.AsSpan(0, FormatIsoTime(ingested, _time)));
        }
        else
        {
            _json.WriteNull(IngestionTime);
        }
        _json.WriteString(LogGroupName, logEvent.LogGroupName);
        WriteStringOrNull(LogStreamName, logEvent.LogStreamName);
        WriteStringOrNull(EventId, logEvent.EventId);
        _json.WriteString(Message, WellFormed(logEvent.Message));
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        // Each line is a JSON text of its own: a fresh writer state, so no comma goes between them.
        _json.Reset();
        if (_buffer.WrittenCount >= BufferSize)
        {
            WriteOut();
        }
    }

    public override void Flush()
    {
        WriteOut();
        _stream.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
        }
        base.Dispose(disposing);
    }

    private void WriteOut()
    {
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    private void WriteStringOrNull(JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, WellFormed(value));
        }
    }

    /// <summary>
    /// The text, with lone surrogates (which JSON cannot carry as UTF-8, and Utf8JsonWriter refuses) replaced by U+FFFD,
    /// as the text formats' UTF-8 encoder does. Only text that has a surrogate at all is looked at twice.
    /// </summary>
    internal static string WellFormed(string text)
    {
        var first = text.AsSpan().IndexOfAny(Surrogates);
        if (first < 0)
        {
            return text;
        }
        var span = text.AsSpan(first);
        var builder = (StringBuilder?)null;
        var i = 0;
        while (i < span.Length)
        {
            var status = Rune.DecodeFromUtf16(span[i..], out _, out var used);
            if (status != OperationStatus.Done)
            {
                builder ??= new StringBuilder(text.Length).Append(text.AsSpan(0, first)).Append(span[..i]);
                builder.Append('\uFFFD');
            }
            else
            {
                builder?.Append(span.Slice(i, used));
            }
            i += used;
        }
        return builder?.ToString() ?? text;
    }
}
