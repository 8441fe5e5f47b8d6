using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudWatcher.Emulator.Protocol;

/// <summary>A JSON response body builder (Utf8JsonWriter over a growable buffer).</summary>
internal sealed class JsonResponse : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public JsonResponse()
    {
        Writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Writer.WriteStartObject();
    }

    public Utf8JsonWriter Writer { get; }

    public static JsonResponse Empty() => new();

    public ReadOnlyMemory<byte> Finish()
    {
        Writer.WriteEndObject();
        Writer.Flush();
        return _buffer.WrittenMemory;
    }

    public static byte[] Error(ServiceError error)
    {
        var buf = new ArrayBufferWriter<byte>(256);
        using var w = new Utf8JsonWriter(buf, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("__type", error.Code);
        w.WriteString("message", error.Message);
        w.WriteEndObject();
        w.Flush();
        return buf.WrittenSpan.ToArray();
    }

    public void Dispose() => Writer.Dispose();
}
