using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.Metrics.Emf;

/// <summary>One Embedded Metric Format log event: its time, its JSON (one line), and the data it carries.</summary>
public sealed record EmfEvent(DateTime Timestamp, string Json, IReadOnlyList<PendingDatum> Data)
{
    /// <summary>Values the event carries (each array element is one).</summary>
    public long Values => Data.Sum(d => d.Values);
}

/// <summary>A datum that cannot be written as EMF, and why.</summary>
public sealed record EmfRejection(PendingDatum Datum, string Reason);

/// <summary>What formatting made: the events, in order, and the datums EMF cannot carry.</summary>
public sealed record EmfBatch(IReadOnlyList<EmfEvent> Events, IReadOnlyList<EmfRejection> Rejected);

/// <summary>
/// Writes datums as CloudWatch Embedded Metric Format events (the specification's document: an <c>_aws</c> member with
/// Timestamp in epoch milliseconds and one MetricDirective {Namespace, Dimensions: [[keys]], Metrics: [{Name, Unit,
/// StorageResolution}]}, and root members for each dimension's value and each metric's value or array of values).
/// An event is one namespace, one set of dimensions with their values and one timestamp, so it needs one directive;
/// the specification's limits are kept by splitting, never by dropping: at most 100 metric definitions a directive,
/// 100 values a metric (a longer series goes on in the next event), one root member per name (the same metric name
/// with another unit or resolution goes in another event), 30 dimension keys (a series has at most 30), and
/// <see cref="LogWriteLimits.MaxMessageBytes"/> of UTF-8 an event (so each fits in a PutLogEvents call). EMF has no
/// counts and no statistic sets: a value seen n times is written n times, and a statistic set is refused, as is a
/// metric named like one of its dimensions or "_aws" (one root member cannot hold both).
/// </summary>
public static class EmfFormatter
{
    public const int MaxMetricsPerDirective = 100;
    public const int MaxValuesPerMetric = 100;
    public const int MaxDimensionKeys = 30;
    private const string Metadata = "_aws";

    public static EmfBatch Format(IReadOnlyList<PendingDatum> data, int maxEventBytes = LogWriteLimits.MaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var events = new List<EmfEvent>();
        var rejected = new List<EmfRejection>();
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var order = new List<Group>();
        foreach (var datum in data)
        {
            if (Problem(datum) is { } reason)
            {
                rejected.Add(new EmfRejection(datum, reason));
                continue;
            }
            var time = datum.Datum.Timestamp ?? throw new ArgumentException("Every datum needs a timestamp.", nameof(data));
            var key = GroupKey(datum.Series, time);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group(datum.Series, DateTime.SpecifyKind(time, DateTimeKind.Utc));
                groups.Add(key, group);
                order.Add(group);
            }
            group.Add(datum);
        }
        foreach (var group in order)
        {
            events.AddRange(group.ToEvents(maxEventBytes));
        }
        return new EmfBatch(events, rejected);
    }

    private static string? Problem(PendingDatum datum)
    {
        if (datum.Datum.StatisticValues is not null)
        {
            return "EMF carries values, not statistic sets (SampleCount, Sum, Minimum, Maximum)";
        }
        if (datum.Series.Dimensions.Count > MaxDimensionKeys)
        {
            return $"EMF takes at most {MaxDimensionKeys} dimensions a metric";
        }
        if (datum.Series.MetricName == Metadata || datum.Series.Dimensions.Any(d => d.Name == Metadata))
        {
            return "'_aws' is EMF's own member and cannot name a metric or dimension";
        }
        if (datum.Series.Dimensions.Any(d => d.Name == datum.Series.MetricName))
        {
            return $"the metric is named like one of its dimensions, and an EMF event holds one member per name";
        }
        return null;
    }

    private static string GroupKey(MetricSeriesKey series, DateTime time) =>
        string.Join("\u0001", new[] { series.Namespace, time.Ticks.ToString(CultureInfo.InvariantCulture) }
            .Concat(series.Dimensions.Select(d => d.Name + "\u0002" + d.Value)));

    /// <summary>The values a datum stands for, each as often as it was seen.</summary>
    private static IEnumerable<double> Expand(Ports.MetricDatum datum)
    {
        if (datum.Value is { } single)
        {
            yield return single;
            yield break;
        }
        var values = datum.Values ?? Array.Empty<double>();
        for (var i = 0; i < values.Count; i++)
        {
            var times = datum.Counts is { } counts ? (long)Math.Round(counts[i]) : 1;
            for (var n = 0; n < times; n++)
            {
                yield return values[i];
            }
        }
    }

    /// <summary>The data of one namespace, set of dimensions and time: one metric (series) after another.</summary>
    private sealed class Group
    {
        private readonly MetricSeriesKey _first;
        private readonly DateTime _time;
        private readonly Dictionary<MetricSeriesKey, Metric> _metrics = new();
        private readonly List<Metric> _order = new();

        public Group(MetricSeriesKey first, DateTime time)
        {
            _first = first;
            _time = time;
        }

        public void Add(PendingDatum datum)
        {
            if (!_metrics.TryGetValue(datum.Series, out var metric))
            {
                metric = new Metric(datum.Series);
                _metrics.Add(datum.Series, metric);
                _order.Add(metric);
            }
            metric.Values.AddRange(Expand(datum.Datum));
        }

        /// <summary>
        /// Events of up to 100 metrics, one chunk of at most 100 values of each, within the size: each event takes the
        /// next chunk of every metric whose name it does not hold yet, while it has room.
        /// </summary>
        public IEnumerable<EmfEvent> ToEvents(int maxEventBytes)
        {
            var skeleton = SkeletonBytes();
            var queues = _order.Select(m => new Queue<double[]>(m.Values.Chunk(MaxValuesPerMetric))).ToList();
            while (queues.Any(q => q.Count > 0))
            {
                var taken = new List<(Metric Metric, double[] Values)>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                var size = skeleton;
                for (var i = 0; i < _order.Count && taken.Count < MaxMetricsPerDirective; i++)
                {
                    var metric = _order[i];
                    if (queues[i].Count == 0 || names.Contains(metric.Series.MetricName))
                    {
                        continue;
                    }
                    var chunk = queues[i].Peek();
                    var piece = metric.DefinitionBytes + 1 + metric.MemberBytes(chunk) + (taken.Count > 0 ? 1 : 0);
                    if (size + piece > maxEventBytes)
                    {
                        if (taken.Count == 0)
                        {
                            throw new InvalidOperationException($"One metric of {_first} does not fit in an EMF event of {maxEventBytes} bytes.");
                        }
                        continue;
                    }
                    queues[i].Dequeue();
                    names.Add(metric.Series.MetricName);
                    taken.Add((metric, chunk));
                    size += piece;
                }
                yield return Write(taken, size);
            }
        }

        private EmfEvent Write(List<(Metric Metric, double[] Values)> taken, int expectedBytes)
        {
            var buffer = new ArrayBufferWriter<byte>(expectedBytes);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartObject(Metadata);
                w.WriteNumber("Timestamp", Time.Epoch.ToMilliseconds(_time));
                w.WriteStartArray("CloudWatchMetrics");
                w.WriteStartObject();
                w.WriteString("Namespace", _first.Namespace);
                w.WriteStartArray("Dimensions");
                w.WriteStartArray();
                foreach (var d in _first.Dimensions)
                {
                    w.WriteStringValue(d.Name);
                }
                w.WriteEndArray();
                w.WriteEndArray();
                w.WriteStartArray("Metrics");
                foreach (var (metric, _) in taken)
                {
                    w.WriteStartObject();
                    w.WriteString("Name", metric.Series.MetricName);
                    if (metric.Series.Unit is { } unit)
                    {
                        w.WriteString("Unit", unit);
                    }
                    if (metric.Series.HighResolution)
                    {
                        w.WriteNumber("StorageResolution", 1);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                foreach (var d in _first.Dimensions)
                {
                    w.WriteString(d.Name, d.Value);
                }
                foreach (var (metric, values) in taken)
                {
                    if (values.Length == 1)
                    {
                        w.WriteNumber(metric.Series.MetricName, values[0]);
                        continue;
                    }
                    w.WriteStartArray(metric.Series.MetricName);
                    foreach (var v in values)
                    {
                        w.WriteNumberValue(v);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            var data = taken.Select(t => new PendingDatum(t.Metric.Series,
                MetricAggregator.Datum(t.Metric.Series, _time) with { Values = t.Values }, t.Values.Length)).ToList();
            return new EmfEvent(_time, json, data);
        }

        /// <summary>{"_aws":{"Timestamp":T,"CloudWatchMetrics":[{"Namespace":N,"Dimensions":[[K…]],"Metrics":[]}]},"K":"V"…}</summary>
        private int SkeletonBytes()
        {
            var size = "{\"_aws\":{\"Timestamp\":".Length + Number(Time.Epoch.ToMilliseconds(_time))
                + ",\"CloudWatchMetrics\":[{\"Namespace\":".Length + Text(_first.Namespace)
                + ",\"Dimensions\":[[".Length + _first.Dimensions.Sum(d => Text(d.Name)) + Math.Max(0, _first.Dimensions.Count - 1)
                + "]],\"Metrics\":[]}]}".Length + 1;
            foreach (var d in _first.Dimensions)
            {
                size += 1 + Text(d.Name) + 1 + Text(d.Value ?? "");
            }
            return size;
        }
    }

    /// <summary>One series of a group, its values, and the bytes of its definition.</summary>
    private sealed class Metric
    {
        public Metric(MetricSeriesKey series)
        {
            Series = series;
            DefinitionBytes = "{\"Name\":".Length + Text(series.MetricName)
                + (series.Unit is { } unit ? ",\"Unit\":".Length + Text(unit) : 0)
                + (series.HighResolution ? ",\"StorageResolution\":1".Length : 0) + 1;
        }

        public MetricSeriesKey Series { get; }

        public List<double> Values { get; } = new();

        /// <summary>{"Name":…,"Unit":…,"StorageResolution":1}</summary>
        public int DefinitionBytes { get; }

        /// <summary>"name":v or "name":[v,…] (the comma before it is counted by the caller).</summary>
        public int MemberBytes(double[] values) =>
            Text(Series.MetricName) + 1 + (values.Length == 1 ? Number(values[0]) : 2 + values.Sum(Number) + values.Length - 1);
    }

    /// <summary>A quoted string as Utf8JsonWriter writes it (its default escaping).</summary>
    private static int Text(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length + 2;

    private static int Number(double value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Utf8Formatter.TryFormat(value, buffer, out var written) ? written : throw new ArgumentException($"{value} cannot be written as JSON.", nameof(value));
    }

    private static int Number(long value)
    {
        Span<byte> buffer = stackalloc byte[32];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return written;
    }
}
