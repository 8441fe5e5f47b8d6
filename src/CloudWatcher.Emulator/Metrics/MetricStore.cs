namespace CloudWatcher.Emulator.Metrics;

/// <summary>All metric series of the emulated account/region. Thread-safe.</summary>
public sealed class MetricStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public MetricStore(Func<DateTimeOffset>? clock = null) => Clock = clock ?? (() => DateTimeOffset.UtcNow);

    public Func<DateTimeOffset> Clock { get; }

    /// <summary>Gets or creates the series for an identity; dimensions may come in any order.</summary>
    public MetricSeries GetOrAdd(string ns, string name, IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        var sorted = dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).ToArray();
        string key = MetricSeries.Key(ns, name, sorted);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var s))
            {
                s = new MetricSeries(ns, name, sorted);
                _series.Add(key, s);
            }
            return s;
        }
    }

    /// <summary>Exact identity lookup (null when never published).</summary>
    public MetricSeries? Find(string ns, string name, IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        var sorted = dimensions.OrderBy(d => d.Key, StringComparer.Ordinal);
        lock (_gate) return _series.GetValueOrDefault(MetricSeries.Key(ns, name, sorted));
    }

    /// <summary>Stores one datapoint and marks the series as published now.</summary>
    public void Put(string ns, string name, IEnumerable<KeyValuePair<string, string>> dimensions, Datapoint point)
    {
        var s = GetOrAdd(ns, name, dimensions);
        s.Add(point);
        s.LastPublished = Clock();
    }

    /// <summary>Snapshot of all series, ordered by namespace, name, dimensions.</summary>
    public List<MetricSeries> All()
    {
        lock (_gate)
            return _series.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
    }
}
