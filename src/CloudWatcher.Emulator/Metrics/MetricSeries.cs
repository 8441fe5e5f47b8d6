namespace CloudWatcher.Emulator.Metrics;

/// <summary>
/// One stored datapoint (a single PutMetricData datum). Percentile distributions are kept only when
/// the datum carried Values/Counts; a single Value is (count 1, sum = min = max = value).
/// </summary>
public readonly record struct Datapoint(long TimestampMs, string Unit, double SampleCount, double Sum, double Min, double Max,
    double[]? Values = null, double[]? Counts = null);

/// <summary>A metric identity (namespace, name, sorted dimensions) and its time-sorted datapoints.</summary>
public sealed class MetricSeries
{
    private readonly object _gate = new();
    private readonly List<Datapoint> _points = new();

    internal MetricSeries(string ns, string name, KeyValuePair<string, string>[] dimensions)
    {
        Namespace = ns;
        MetricName = name;
        Dimensions = dimensions;
    }

    public string Namespace { get; }
    public string MetricName { get; }

    /// <summary>Dimensions sorted by name (ordinal).</summary>
    public KeyValuePair<string, string>[] Dimensions { get; }

    /// <summary>Wall-clock time (emulator clock) of the last PutMetricData for this series.</summary>
    public DateTimeOffset LastPublished { get; internal set; }

    public int Count { get { lock (_gate) return _points.Count; } }

    internal static string Key(string ns, string name, IEnumerable<KeyValuePair<string, string>> sortedDims) =>
        ns + "\u0001" + name + "\u0001" + string.Join("\u0002", sortedDims.Select(d => d.Key + "\u0003" + d.Value));

    internal void Add(Datapoint p)
    {
        lock (_gate)
        {
            if (_points.Count == 0 || _points[^1].TimestampMs <= p.TimestampMs) { _points.Add(p); return; }
            int lo = 0, hi = _points.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_points[mid].TimestampMs <= p.TimestampMs) lo = mid + 1; else hi = mid;
            }
            _points.Insert(lo, p);
        }
    }

    /// <summary>Adds time-sorted points; appended in one step when they all follow the stored ones.</summary>
    internal void AddRange(IReadOnlyList<Datapoint> sorted)
    {
        if (sorted.Count == 0) return;
        lock (_gate)
        {
            if (_points.Count == 0 || _points[^1].TimestampMs <= sorted[0].TimestampMs)
            {
                _points.AddRange(sorted);
                return;
            }
        }
        foreach (var p in sorted) Add(p);
    }

    /// <summary>Datapoints with fromMs &lt;= t &lt; toMs, in time order.</summary>
    public List<Datapoint> Slice(long fromMs, long toMs)
    {
        lock (_gate)
        {
            int lo = 0, hi = _points.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_points[mid].TimestampMs < fromMs) lo = mid + 1; else hi = mid;
            }
            var result = new List<Datapoint>();
            for (int i = lo; i < _points.Count && _points[i].TimestampMs < toMs; i++) result.Add(_points[i]);
            return result;
        }
    }
}
