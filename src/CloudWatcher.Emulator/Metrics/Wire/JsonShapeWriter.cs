using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudWatcher.Emulator.Metrics.Wire;

/// <summary>
/// awsJson1_0 answers: one JSON object, lists as arrays, timestamps as epoch seconds (a fraction only when there are
/// milliseconds), non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal sealed class JsonShapeWriter : ShapeWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonShapeWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _writer.WriteStartObject();
    }

    public override void StartStructure(string? name)
    {
        Name(name);
        _writer.WriteStartObject();
    }

    public override void EndStructure() => _writer.WriteEndObject();

    public override void StartList(string name)
    {
        _writer.WritePropertyName(name);
        _writer.WriteStartArray();
    }

    public override void EndList() => _writer.WriteEndArray();

    public override void String(string? name, string value)
    {
        Name(name);
        _writer.WriteStringValue(value);
    }

    public override void Number(string? name, double value)
    {
        Name(name);
        if (double.IsFinite(value)) _writer.WriteNumberValue(value);
        else _writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    public override void Timestamp(string? name, long milliseconds)
    {
        Name(name);
        if (milliseconds % 1000 == 0) _writer.WriteNumberValue(milliseconds / 1000);
        else _writer.WriteNumberValue(milliseconds / 1000m);
    }

    public override byte[] Finish(string requestId)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public override void Dispose() => _writer.Dispose();

    private void Name(string? name)
    {
        if (name is not null) _writer.WritePropertyName(name);
    }
}
