using System.Text.Json;

namespace CloudWatcher.Aws.Runtime;

/// <summary>Reads one value of a JSON document (the reader on its first token).</summary>
internal delegate T JsonRead<out T>(ref Utf8JsonReader r);

/// <summary>
/// The JSON protocol's value forms for the generated serializers: absent or null values stay null, unknown members are
/// skipped, timestamps are epoch seconds (fractions allowed; ISO-8601 text is read too).
/// </summary>
internal static class WireJson
{
    /// <summary>Reads to the start of an object; false (and nothing read) when the value is null.</summary>
    public static bool BeginObject(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.None)
        {
            r.Read();
        }
        if (r.TokenType == JsonTokenType.Null)
        {
            return false;
        }
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A JSON object was expected, not {r.TokenType}.");
        }
        return true;
    }

    /// <summary>Moves to the next member's value; false at the end of the object.</summary>
    public static bool NextMember(ref Utf8JsonReader r, out string name)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }
        name = r.GetString()!;
        r.Read();
        return true;
    }

    public static string? ReadString(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetString();

    public static bool? ReadBoolean(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetBoolean();

    public static int? ReadInt32(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetInt32();

    public static long? ReadInt64(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetInt64();

    public static double? ReadDouble(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => null,
        // Non-finite values travel as strings in the JSON protocols.
        JsonTokenType.String => r.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, System.Globalization.CultureInfo.InvariantCulture),
        },
        _ => r.GetDouble(),
    };

    public static DateTime? ReadTimestamp(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => DateTimeOffset.Parse(r.GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime,
        _ => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(r.GetDouble() * 1000)).UtcDateTime,
    };

    public static byte[]? ReadBlob(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetBytesFromBase64();

    public static string ReadStringItem(ref Utf8JsonReader r) => r.GetString() ?? "";

    public static bool ReadBooleanItem(ref Utf8JsonReader r) => r.GetBoolean();

    public static int ReadInt32Item(ref Utf8JsonReader r) => r.GetInt32();

    public static long ReadInt64Item(ref Utf8JsonReader r) => r.GetInt64();

    public static double ReadDoubleItem(ref Utf8JsonReader r) => ReadDouble(ref r) ?? double.NaN;

    public static DateTime ReadTimestampItem(ref Utf8JsonReader r) => ReadTimestamp(ref r) ?? default;

    public static List<T>? ReadList<T>(ref Utf8JsonReader r, JsonRead<T> item)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (r.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A JSON array was expected, not {r.TokenType}.");
        }
        var list = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            list.Add(item(ref r));
        }
        return list;
    }

    public static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader r, JsonRead<T> value)
    {
        if (!BeginObject(ref r))
        {
            return null;
        }
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (NextMember(ref r, out var key))
        {
            map[key] = value(ref r);
        }
        return map;
    }

    /// <summary>
    /// A number; NaN and the infinities as the strings "NaN", "Infinity" and "-Infinity", as the JSON protocols write
    /// them (JSON has no such numbers), so the service, not the serializer, refuses them.
    /// </summary>
    public static void WriteDouble(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Epoch seconds, with milliseconds as a fraction when there are any.</summary>
    public static void WriteTimestamp(Utf8JsonWriter w, DateTime time)
    {
        var ms = Time.Epoch.ToMilliseconds(time);
        if (ms % 1000 == 0)
        {
            w.WriteNumberValue(ms / 1000);
        }
        else
        {
            w.WriteNumberValue(ms / 1000.0);
        }
    }
}
