using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudWatcher.Presets;

/// <summary>Reads one preset file (cloudwatcher's JSON format); faults name the file and the position.</summary>
internal static class PresetFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>A preset is a few hundred bytes; a file far larger is not one, and is not read into memory.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    public static Preset Read(string path, PresetSource source)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw new PresetFormatException(path, null, null,
                $"the file is {length / 1048576.0:0.#} MB; a preset is a small JSON object (a few hundred bytes), so this is not one");
        }
        PresetDocument document;
        try
        {
            document = JsonSerializer.Deserialize<PresetDocument>(File.ReadAllBytes(path), Options)
                ?? throw new PresetFormatException(path, null, null, "the file holds 'null' instead of a preset object");
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is long l ? l + 1 : (long?)null;
            var column = ex.BytePositionInLine is long c ? c + 1 : (long?)null;
            throw new PresetFormatException(path, line, column, Describe(ex), ex);
        }

        if (string.IsNullOrWhiteSpace(document.Namespace))
        {
            throw new PresetFormatException(path, null, null, "'namespace' is empty");
        }
        if (string.IsNullOrWhiteSpace(document.MetricName))
        {
            throw new PresetFormatException(path, null, null, "'metric_name' is empty");
        }
        var dimensions = new List<Dimension>();
        foreach (var (d, index) in (document.Dimensions ?? new List<PresetDimension>()).Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(d.Name))
            {
                throw new PresetFormatException(path, null, null, $"dimensions_list[{index}] has no 'Name'");
            }
            dimensions.Add(new Dimension(d.Name, d.Value ?? ""));
        }
        var unit = string.IsNullOrWhiteSpace(document.Unit) || document.Unit == "None" ? null : document.Unit;
        return new Preset(name, document.Namespace, document.MetricName, document.MetricId ?? document.MetricName, unit,
            document.Description, dimensions, System.IO.Path.GetFullPath(path), source);
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …"; we report the position ourselves.
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }
        // It also names .NET types (our internal document class, System.String): say it in the file's terms.
        message = System.Text.RegularExpressions.Regex.Replace(message,
            @"JSON deserialization for type '[^']+' was missing required properties(, including the following| including)?:", "required fields are missing:");
        message = System.Text.RegularExpressions.Regex.Replace(message, @"The JSON value could not be converted to [\w.+`\[\],\s]+?\.( |$)", "a value has the wrong type.$1");
        message = System.Text.RegularExpressions.Regex.Replace(message, @"(System|CloudWatcher)\.[\w.+`]+", "a value");
        return ex.Path is { Length: > 1 } jsonPath ? $"{message.TrimEnd('.', ' ')} (at {jsonPath})" : message.TrimEnd('.', ' ');
    }

    private sealed class PresetDocument
    {
        [JsonPropertyName("namespace")]
        [JsonRequired]
        public string Namespace { get; set; } = "";

        [JsonPropertyName("metric_name")]
        [JsonRequired]
        public string MetricName { get; set; } = "";

        [JsonPropertyName("dimensions_list")]
        public List<PresetDimension>? Dimensions { get; set; }

        [JsonPropertyName("metric_id")]
        public string? MetricId { get; set; }

        [JsonPropertyName("metric_unit")]
        public string? Unit { get; set; }

        [JsonPropertyName("metric_description")]
        public string? Description { get; set; }
    }

    private sealed class PresetDimension
    {
        public string? Name { get; set; }

        public string? Value { get; set; }
    }
}
