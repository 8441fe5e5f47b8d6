using System.Text.Json;
using CloudWatcher.Emulator.Metrics;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// Turns Embedded Metric Format log events into metrics, as CloudWatch Logs does for the events PutLogEvents stores:
/// an event whose message is a JSON object with an <c>_aws</c> member is read as EMF (with or without the
/// x-amzn-logs-format: json/emf header, which current CloudWatch no longer requires); each directive's metrics are
/// published for each of its dimension sets, at <c>_aws.Timestamp</c> cut to the minute (or the second for
/// StorageResolution 1), a number as one value and an array as that many values. An event that breaks the
/// specification (a missing or mistyped member, more than 100 metrics in a directive, 100 values in a metric or 30
/// keys in a dimension set, a dimension value that is not a string, an unknown unit, a timestamp CloudWatch would not
/// take) publishes nothing and counts as an EMF validation error (CloudWatch's EMFValidationErrors); the event itself
/// is stored either way.
/// </summary>
internal sealed class EmfExtractor
{
    private const int MaxMetrics = 100;
    private const int MaxValues = 100;
    private const int MaxDimensionKeys = 30;

    private readonly MetricStore _store;
    private readonly EmulatorStats _stats;

    public EmfExtractor(MetricStore store, EmulatorStats stats)
    {
        _store = store;
        _stats = stats;
    }

    public void Extract(IEnumerable<(long Timestamp, string Message)> events)
    {
        foreach (var (_, message) in events)
        {
            if (message.Length == 0 || message[0] != '{' || !message.Contains("\"_aws\"", StringComparison.Ordinal))
            {
                continue;
            }
            List<Put>? puts;
            try
            {
                using var document = JsonDocument.Parse(message);
                puts = Read(document.RootElement);
            }
            catch (JsonException)
            {
                puts = null;
            }
            if (puts is null)
            {
                _stats.RecordEmf(valid: false);
                continue;
            }
            foreach (var put in puts)
            {
                _store.Put(put.Namespace, put.Name, put.Dimensions, put.Point);
            }
            _stats.RecordEmf(valid: true);
        }
    }

    private sealed record Put(string Namespace, string Name, List<KeyValuePair<string, string>> Dimensions, Datapoint Point);

    /// <summary>The metrics of one event, or null when it is not valid EMF (nothing is published from it then).</summary>
    private List<Put>? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object
            || !aws.TryGetProperty("Timestamp", out var tsElement) || !tsElement.TryGetInt64(out var timestamp)
            || !aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var now = _store.Clock();
        if (timestamp < now.AddDays(-14).ToUnixTimeMilliseconds() || timestamp > now.AddHours(2).ToUnixTimeMilliseconds())
        {
            return null;
        }
        var puts = new List<Put>();
        foreach (var directive in directives.EnumerateArray())
        {
            if (directive.ValueKind != JsonValueKind.Object
                || !directive.TryGetProperty("Namespace", out var nsElement) || nsElement.ValueKind != JsonValueKind.String
                || nsElement.GetString() is not { Length: > 0 and <= 255 } ns
                || !directive.TryGetProperty("Dimensions", out var sets) || sets.ValueKind != JsonValueKind.Array
                || !directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array
                || metrics.GetArrayLength() > MaxMetrics)
            {
                return null;
            }
            var dimensionSets = new List<List<KeyValuePair<string, string>>>();
            foreach (var set in sets.EnumerateArray())
            {
                if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() > MaxDimensionKeys)
                {
                    return null;
                }
                var dims = new List<KeyValuePair<string, string>>();
                foreach (var key in set.EnumerateArray())
                {
                    if (key.ValueKind != JsonValueKind.String || !root.TryGetProperty(key.GetString()!, out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }
                    dims.Add(new(key.GetString()!, value.GetString()!));
                }
                dimensionSets.Add(dims);
            }
            if (dimensionSets.Count == 0)
            {
                dimensionSets.Add(new List<KeyValuePair<string, string>>());
            }
            foreach (var metric in metrics.EnumerateArray())
            {
                if (metric.ValueKind != JsonValueKind.Object || !metric.TryGetProperty("Name", out var nameElement)
                    || nameElement.GetString() is not { Length: > 0 and <= 255 } name
                    || !root.TryGetProperty(name, out var valueElement)
                    || ReadValues(valueElement) is not { } values)
                {
                    return null;
                }
                var unit = metric.TryGetProperty("Unit", out var u) ? u.GetString() : "None";
                if (unit is null || !MetricsHandler.Units.Contains(unit))
                {
                    return null;
                }
                long resolution = 60;
                if (metric.TryGetProperty("StorageResolution", out var r) && (!r.TryGetInt64(out resolution) || resolution is not (1 or 60)))
                {
                    return null;
                }
                var ts = timestamp - (timestamp % (resolution * 1000) + resolution * 1000) % (resolution * 1000);
                var point = values.Length == 1
                    ? new Datapoint(ts, unit, 1, values[0], values[0], values[0])
                    : new Datapoint(ts, unit, values.Length, values.Sum(), values.Min(), values.Max(), values, values.Select(_ => 1.0).ToArray());
                foreach (var dims in dimensionSets)
                {
                    puts.Add(new Put(ns, name, dims, point));
                }
            }
        }
        return puts;
    }

    /// <summary>A number, or an array of 1 to 100 numbers; null otherwise.</summary>
    private static double[]? ReadValues(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.TryGetDouble(out var v) && double.IsFinite(v) ? new[] { v } : null;
        }
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > MaxValues)
        {
            return null;
        }
        var values = new double[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out values[i]) || !double.IsFinite(values[i]))
            {
                return null;
            }
            i++;
        }
        return values;
    }
}
