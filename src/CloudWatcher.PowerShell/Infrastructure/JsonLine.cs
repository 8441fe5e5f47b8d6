using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Any PowerShell value as one line of JSON, without ConvertTo-Json's pipeline: properties of PSObjects (note
/// properties of [pscustomobject], the properties of .NET objects), hashtables and dictionaries as objects, lists as
/// arrays, dates as ISO 8601 in UTC (a DateTime without a kind is local time, as in PowerShell), enums by name,
/// TimeSpans, GUIDs, URIs and versions as text, NaN and infinities as text. Objects nested deeper than the depth are
/// written as their text, as ConvertTo-Json does (<see cref="DepthExceeded"/> then says so).
/// </summary>
internal sealed class JsonLine
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly int _depth;

    public JsonLine(int depth) => _depth = depth;

    /// <summary>True once a value was cut at the depth.</summary>
    public bool DepthExceeded { get; private set; }

    public string Write(object? value) => Build(writer => WriteValue(writer, value));

    /// <summary>One line of JSON built by <paramref name="fill"/> with this class's writer settings (e.g. an object whose fields hold values).</summary>
    public static string Build(Action<Utf8JsonWriter> fill)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            fill(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a value where the writer stands (a field of a larger object), nested to the depth from there.</summary>
    public void WriteValue(Utf8JsonWriter writer, object? value) => WriteValue(writer, value, 0);

    /// <summary>A UTC ISO 8601 time: 2026-11-30T10:00:00.123Z (fractions only as far as they go).</summary>
    public static string Iso(DateTime time) =>
        ToUtc(time).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime(),
    };

    /// <summary>True for values written as JSON scalars (or as text), not as objects or arrays.</summary>
    public static bool IsScalar(object? value) => value is null or DBNull or string or char or bool or Enum or DateTime or DateTimeOffset
        or TimeSpan or Guid or Uri or Version or BigInteger or ScriptBlock
        || (value is not null && (value.GetType().IsPrimitive || IsTextLike(value))) || value is decimal;

    /// <summary>Types whose text is the value (PowerShell's SemanticVersion is not in the reference assemblies).</summary>
    private static bool IsTextLike(object value) => value.GetType().FullName == "System.Management.Automation.SemanticVersion";

    private void WriteValue(Utf8JsonWriter writer, object? value, int level)
    {
        if (value is PSObject pso)
        {
            if (pso.BaseObject is PSCustomObject)
            {
                WriteProperties(writer, pso, level);
                return;
            }
            value = pso.BaseObject;
        }
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case char c:
                writer.WriteStringValue(c.ToString());
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case DateTime t:
                writer.WriteStringValue(Iso(t));
                return;
            case DateTimeOffset o:
                writer.WriteStringValue(Iso(o.UtcDateTime));
                return;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                return;
            case double d when !double.IsFinite(d):
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                return;
            case float f when !float.IsFinite(f):
                writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                writer.WriteNumberValue(d);
                return;
            case float f:
                writer.WriteNumberValue(f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger:
                writer.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), skipInputValidation: true);
                return;
            case Guid or Uri or Version or ScriptBlock or IntPtr or UIntPtr:
                writer.WriteStringValue(value.ToString());
                return;
        }
        if (IsTextLike(value))
        {
            writer.WriteStringValue(value.ToString());
            return;
        }
        if (level >= _depth + 1)
        {
            DepthExceeded = true;
            writer.WriteStringValue(value.ToString());
            return;
        }
        switch (value)
        {
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteValue(writer, entry.Value, level + 1);
                }
                writer.WriteEndObject();
                return;
            case IEnumerable list and not IDictionary:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item, level + 1);
                }
                writer.WriteEndArray();
                return;
            default:
                WriteProperties(writer, PSObject.AsPSObject(value), level);
                return;
        }
    }

    private void WriteProperties(Utf8JsonWriter writer, PSObject pso, int level)
    {
        if (level >= _depth + 1)
        {
            DepthExceeded = true;
            writer.WriteStringValue(pso.ToString());
            return;
        }
        writer.WriteStartObject();
        foreach (var property in pso.Properties)
        {
            if (!property.IsGettable)
            {
                continue;
            }
            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (Exception ex) when (ex is GetValueException or ExtendedTypeSystemException or InvalidOperationException or NotSupportedException)
            {
                continue; // a property that throws when read is left out, as ConvertTo-Json does
            }
            writer.WritePropertyName(property.Name);
            WriteValue(writer, propertyValue, level + 1);
        }
        writer.WriteEndObject();
    }
}
