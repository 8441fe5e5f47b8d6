using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.IO;
using CloudWatcher.Time;

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
        // Rows are formatted into a char buffer (no string a value), and several series are merged by time in one pass
        // over each series' points in time order: 201,600 points make 201,600 cells, not dictionaries and strings.
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        Span<char> cell = stackalloc char[CellChars];
        if (series.Count == 1)
        {
            writer.WriteLine("time,value");
            var s = series[0];
            for (var i = 0; i < s.Count; i++)
            {
                writer.Write(FormatTime(s.Timestamps[i], cell));
                writer.Write(',');
                writer.Write(FormatNumber(s.Values[i], cell));
                writer.Write('\n');
            }
            return;
        }
        writer.Write("time");
        foreach (var s in series)
        {
            writer.Write(',');
            Csv.WriteField(writer, s.Label);
        }
        writer.Write('\n');
        var columns = series.Select(InTimeOrder).ToArray();
        var heads = new int[series.Count];
        while (true)
        {
            // The row's time: the earliest point not yet written; each series gives its value at that time, if any.
            DateTime? time = null;
            for (var k = 0; k < columns.Length; k++)
            {
                if (heads[k] < columns[k].Times.Length && (time is null || columns[k].Times[heads[k]] < time))
                {
                    time = columns[k].Times[heads[k]];
                }
            }
            if (time is not DateTime rowTime)
            {
                return;
            }
            writer.Write(FormatTime(rowTime, cell));
            for (var k = 0; k < columns.Length; k++)
            {
                writer.Write(',');
                if (heads[k] < columns[k].Times.Length && columns[k].Times[heads[k]] == rowTime)
                {
                    writer.Write(FormatNumber(columns[k].Values[heads[k]], cell));
                    heads[k]++;
                }
            }
            writer.Write('\n');
        }
    }

    /// <summary>A series' points as UTC times and values in time order (stable: points at the same time keep their order).</summary>
    private static (DateTime[] Times, double[] Values) InTimeOrder(TimedMetric series)
    {
        var times = series.Timestamps.Select(TimeRange.ToUtc).ToArray();
        var values = series.Values.ToArray();
        var sorted = true;
        for (var i = 1; i < times.Length && sorted; i++)
        {
            sorted = times[i - 1] <= times[i];
        }
        if (!sorted)
        {
            var order = Enumerable.Range(0, times.Length).OrderBy(i => times[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            times = order.Select(i => times[i]).ToArray();
        }
        return (times, values);
    }

    private static void WriteJson(Stream stream, IReadOnlyList<TimedMetric> series)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        Span<char> cell = stackalloc char[CellChars];
        if (series.Count > 1) json.WriteStartArray();
        foreach (var s in series)
        {
            json.WriteStartObject();
            json.WriteString("Label", s.Label);
            json.WriteStartArray("Timestamps");
            foreach (var t in s.Timestamps) json.WriteStringValue(FormatTime(t, cell));
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

    /// <summary>Enough for a time ("2026-12-01T06:15:00Z") or a round-trip double ("-1.7976931348623157E+308").</summary>
    private const int CellChars = 32;

    /// <summary>The time as <see cref="Time"/> writes it, formatted into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<char> FormatTime(DateTime t, Span<char> buffer)
    {
        TimeRange.ToUtc(t).TryFormat(buffer, out var written, MetricDataJson.TimeFormat, CultureInfo.InvariantCulture);
        return buffer[..written];
    }

    /// <summary>The value as "R" writes it (the shortest text that reads back the same double), into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<char> FormatNumber(double v, Span<char> buffer)
    {
        v.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        return buffer[..written];
    }

}
