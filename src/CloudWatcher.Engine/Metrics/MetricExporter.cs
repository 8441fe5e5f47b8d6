using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.IO;

namespace CloudWatcher.Metrics;

/// <summary>
/// Writes series as cloudwatcher does: CSV "time,value", JSON {Label, Timestamps, Values} (plus our fields), or the
/// raw GetMetricData response. Several series in one file: CSV gets one column per series, JSON an array.
/// A path with {Label}, {Id}, {MetricName} or {Statistic} writes one file per series instead.
/// </summary>
public static class MetricExporter
{
    private static readonly string[] Placeholders = { "{Label}", "{Id}", "{MetricName}", "{Statistic}" };
    private static readonly char[] UnsafeFileNameChars = { '/', '\\', ':', '*', '?', '"', '<', '>', '|', '[', ']', ' ' };

    public static bool HasPlaceholder(string path) => Placeholders.Any(p => path.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format a file name asks for (.csv, .json), or null when its extension says no format we write.</summary>
    public static ExportFormat? FormatFromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => ExportFormat.Json,
        ".csv" => ExportFormat.Csv,
        _ => null,
    };

    /// <summary>The file each series goes to: one shared file, or one per series when the path has placeholders.</summary>
    public static IReadOnlyList<(string Path, IReadOnlyList<TimedMetric> Series)> Plan(string path, IReadOnlyList<TimedMetric> series)
    {
        if (!HasPlaceholder(path))
        {
            return new[] { (path, series) };
        }
        var files = series
            .GroupBy(s => Expand(path, s), StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<TimedMetric>)g.ToList()))
            .ToList();
        return files;
    }

    /// <summary>Writes the series to a file atomically (temp file + rename).</summary>
    public static void Write(string path, IReadOnlyList<TimedMetric> series, ExportFormat format, bool overwrite) =>
        AtomicFile.Write(path, overwrite, stream => Write(stream, series, format));

    public static void Write(Stream stream, IReadOnlyList<TimedMetric> series, ExportFormat format)
    {
        if (series.Count == 0)
        {
            throw new CloudWatcherException("NothingToExport", ErrorKind.InvalidInput, "There is no series to export.");
        }
        if (format == ExportFormat.Response && series.Any(s => s.RawResponses is null))
        {
            throw new CloudWatcherException("RawResponseNotKept", ErrorKind.InvalidInput,
                "The raw response was not kept. Read the metrics with Get-CwMetric -IncludeRawResponse to export -Format Response.");
        }
        switch (format)
        {
            case ExportFormat.Csv:
                WriteCsv(stream, series);
                break;
            case ExportFormat.Json:
                WriteJson(stream, series);
                break;
            default:
                WriteResponses(stream, series);
                break;
        }
    }

    private static void WriteCsv(Stream stream, IReadOnlyList<TimedMetric> series)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        if (series.Count == 1)
        {
            writer.WriteLine("time,value");
            var s = series[0];
            for (var i = 0; i < s.Count; i++)
            {
                writer.Write(Time(s.Timestamps[i]));
                writer.Write(',');
                writer.WriteLine(Number(s.Values[i]));
            }
            return;
        }
        writer.WriteLine("time," + string.Join(",", series.Select(s => Quote(s.Label))));
        var columns = series.Select(s => s.Timestamps.Zip(s.Values).ToDictionary(p => p.First, p => p.Second)).ToList();
        foreach (var time in series.SelectMany(s => s.Timestamps).Distinct().OrderBy(t => t))
        {
            writer.Write(Time(time));
            foreach (var column in columns)
            {
                writer.Write(',');
                if (column.TryGetValue(time, out var v))
                {
                    writer.Write(Number(v));
                }
            }
            writer.WriteLine();
        }
    }

    private static void WriteJson(Stream stream, IReadOnlyList<TimedMetric> series)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        if (series.Count > 1) json.WriteStartArray();
        foreach (var s in series)
        {
            json.WriteStartObject();
            json.WriteString("Label", s.Label);
            json.WriteStartArray("Timestamps");
            foreach (var t in s.Timestamps) json.WriteStringValue(Time(t));
            json.WriteEndArray();
            json.WriteStartArray("Values");
            foreach (var v in s.Values) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteString("Id", s.Id);
            json.WriteString("Namespace", s.Namespace);
            json.WriteString("MetricName", s.MetricName);
            json.WriteStartArray("Dimensions");
            foreach (var d in s.Dimensions)
            {
                json.WriteStartObject();
                json.WriteString("Name", d.Name);
                json.WriteString("Value", d.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("Statistic", s.Statistic);
            json.WriteNumber("Period", s.Period);
            if (s.Unit is null) json.WriteNull("Unit"); else json.WriteString("Unit", s.Unit);
            json.WriteString("StatusCode", s.StatusCode);
            WriteMessages(json, s.Messages);
            json.WriteString("StartTime", Time(s.StartTime));
            json.WriteString("EndTime", Time(s.EndTime));
            json.WriteEndObject();
        }
        if (series.Count > 1) json.WriteEndArray();
    }

    /// <summary>The GetMetricData responses as the API returned them (boto3's shape): one page an object, several an array.</summary>
    private static void WriteResponses(Stream stream, IReadOnlyList<TimedMetric> series)
    {
        var pages = series.Select(s => s.RawResponses!).Distinct().SelectMany(p => p).ToList();
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        if (pages.Count != 1) json.WriteStartArray();
        foreach (var page in pages)
        {
            json.WriteRawValue(page);
        }
        if (pages.Count != 1) json.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter json, IReadOnlyList<MetricMessage> messages) => MetricDataJson.WriteMessages(json, messages);

    private static string Expand(string path, TimedMetric s)
    {
        var result = path;
        foreach (var (token, value) in new[] { ("{Label}", s.Label), ("{Id}", s.Id), ("{MetricName}", s.MetricName), ("{Statistic}", s.Statistic) })
        {
            result = result.Replace(token, SafeFileName(value), StringComparison.OrdinalIgnoreCase);
        }
        return result;
    }

    /// <summary>Makes a label usable in a file name on every platform.</summary>
    public static string SafeFileName(string text)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(UnsafeFileNameChars).ToHashSet();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(invalid.Contains(c) ? '_' : c);
        }
        return builder.ToString().Trim('_', '.');
    }

    private static string Time(DateTime t) => MetricDataJson.Time(t);

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => Csv.Quote(text);
}
