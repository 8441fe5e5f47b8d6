using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>
/// The first line of a spool segment ("#CWSPOOL {json}"): where its events go, and the retention to give the log
/// group if the resend has to create it. Never credentials.
/// </summary>
internal sealed class SpoolHeader
{
    public const string Prefix = "#CWSPOOL ";
    public const string FormatName = "cloudwatcher-spool";
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = CurrentVersion;

    public string Region { get; set; } = "";

    public string? Endpoint { get; set; }

    public string LogGroupName { get; set; } = "";

    public string LogStreamName { get; set; } = "";

    public int? RetentionInDays { get; set; }

    /// <summary>The events' format (x-amzn-logs-format), absent for plain events.</summary>
    public string? LogFormat { get; set; }

    public DateTime Created { get; set; }

    public int ProcessId { get; set; }

    [JsonIgnore]
    public LogDestination Destination => new(Region, Endpoint, LogGroupName, LogStreamName) { LogFormat = LogFormat };

    public static SpoolHeader For(LogDestination destination, int? retentionInDays) => new()
    {
        Region = destination.Region,
        Endpoint = destination.Endpoint,
        LogGroupName = destination.LogGroupName,
        LogStreamName = destination.LogStreamName,
        RetentionInDays = retentionInDays,
        LogFormat = destination.LogFormat,
        Created = DateTime.UtcNow,
        ProcessId = Environment.ProcessId,
    };

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, Options) + "\n";

    /// <summary>The header in a line, or null when the line is not one of this format and version.</summary>
    public static SpoolHeader? TryParse(ReadOnlySpan<byte> line)
    {
        var prefix = System.Text.Encoding.ASCII.GetBytes(Prefix);
        if (!line.StartsWith(prefix))
        {
            return null;
        }
        try
        {
            var header = JsonSerializer.Deserialize<SpoolHeader>(line[prefix.Length..], Options);
            return header is { Format: FormatName, Version: CurrentVersion } && header.Region.Length > 0
                && header.LogGroupName.Length > 0 && header.LogStreamName.Length > 0 ? header : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
