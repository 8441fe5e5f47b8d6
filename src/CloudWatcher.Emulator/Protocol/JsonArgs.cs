using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudWatcher.Emulator.Protocol;

/// <summary>Typed, validating access to a JSON 1.1 request body.</summary>
internal sealed class JsonArgs
{
    private readonly JsonElement _root;

    private JsonArgs(JsonElement root) => _root = root;

    public static JsonArgs Parse(byte[] body)
    {
        if (body.Length == 0) return new JsonArgs(JsonDocument.Parse("{}").RootElement);
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ServiceError("SerializationException", "Start of structure or map found where not expected.");
            return new JsonArgs(doc.RootElement);
        }
        catch (JsonException)
        {
            throw new ServiceError("SerializationException", "Unable to parse the request body as JSON.");
        }
    }

    public JsonElement Root => _root;

    private JsonElement? Get(string name, JsonValueKind kind)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != kind && !(kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False))
            throw new ServiceError("SerializationException", $"Unexpected value type for '{name}'.");
        return v;
    }

    public string? String(string name) => Get(name, JsonValueKind.String)?.GetString();

    public long? Long(string name)
    {
        var v = Get(name, JsonValueKind.Number);
        if (v is null) return null;
        if (!v.Value.TryGetInt64(out long l)) throw new ServiceError("SerializationException", $"Value for '{name}' is not an integer.");
        return l;
    }

    public bool? Bool(string name) => Get(name, JsonValueKind.True)?.GetBoolean();

    public JsonElement? Array(string name) => Get(name, JsonValueKind.Array);

    public List<string>? StringList(string name)
    {
        var a = Array(name);
        if (a is null) return null;
        var list = new List<string>();
        foreach (var e in a.Value.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw new ServiceError("SerializationException", $"Unexpected value type in '{name}'.");
            list.Add(e.GetString()!);
        }
        return list;
    }

    /// <summary>A map of strings (e.g. tags), in the order given; null when absent.</summary>
    public Dictionary<string, string>? StringMap(string name)
    {
        var v = Get(name, JsonValueKind.Object);
        if (v is null) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new ServiceError("SerializationException", $"Unexpected value type in '{name}'.");
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    // ---- AWS-style constraint validation ------------------------------------------------------

    public static ServiceError Invalid(string message) => new("InvalidParameterException", message);

    private static ServiceError Constraint(string value, string field, string constraint) =>
        Invalid($"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");

    public static void Length(string value, string field, int min, int max)
    {
        if (value.Length < min) throw Constraint(value, field, $"Member must have length greater than or equal to {min}");
        if (value.Length > max) throw Constraint(value, field, $"Member must have length less than or equal to {max}");
    }

    public static void Pattern(string value, string field, Regex regex, string patternText)
    {
        if (!regex.IsMatch(value)) throw Constraint(value, field, $"Member must satisfy regular expression pattern: {patternText}");
    }

    public static void Range(long value, string field, long min, long max)
    {
        if (value < min) throw Constraint(value.ToString(), field, $"Member must have value greater than or equal to {min}");
        if (value > max) throw Constraint(value.ToString(), field, $"Member must have value less than or equal to {max}");
    }

    public string Required(string name) =>
        String(name) ?? throw Invalid($"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");
}
