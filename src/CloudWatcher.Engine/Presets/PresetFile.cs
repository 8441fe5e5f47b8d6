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

    public static Preset Read(string path, PresetSource source)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
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
        return ex.Path is { Length: > 1 } jsonPath ? $"{message.TrimEnd('.')} (at {jsonPath})" : message.TrimEnd('.');
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
